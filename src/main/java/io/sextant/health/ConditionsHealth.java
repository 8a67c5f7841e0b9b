package io.sextant.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Health of a custom resource that has no rule of its own, read from the status conventions most
 * controllers follow (Kubernetes' condition and observedGeneration conventions, kstatus; the shapes of
 * cert-manager, Crossplane, Flux and KEDA are the tested ones):
 * <ol>
 * <li>{@code status.observedGeneration} behind {@code metadata.generation}: Progressing, the controller
 *     has not seen the latest spec;</li>
 * <li>a true {@code Stalled} or {@code Failed} condition, or a false {@code Synced} (Crossplane): Degraded;</li>
 * <li>a {@code Ready} (else {@code Available}) condition: True is Healthy; Unknown is Progressing; False
 *     is Progressing while the controller says it is still working (a true {@code Reconciling} or
 *     {@code Issuing} condition, or a reason such as Progressing, Creating, Pending), else Degraded;</li>
 * <li>only a true {@code Reconciling} condition: Progressing;</li>
 * <li>anything else: no health, as before (an object without conditions says nothing).</li>
 * </ol>
 * The message is the deciding condition's message, else its reason. A Lua check for the kind (sextant-cm)
 * still decides first. Stateless.
 */
final class ConditionsHealth implements HealthCheck {

    /** Reasons of a not-ready condition that mean "still working on it". */
    private static final Set<String> WORKING = Set.of(
            "Progressing",
            "Reconciling",
            "Creating",
            "Pending",
            "InProgress",
            "Provisioning",
            "Updating",
            "Issuing",
            "DependencyNotReady");

    @Override
    public Optional<Health> assess(ObjectNode obj, Children children) {
        JsonNode conditions = Fields.at(obj, "status", "conditions");
        OptionalLong generation = Fields.optionalNumber(obj, "metadata", "generation");
        OptionalLong observed = Fields.optionalNumber(obj, "status", "observedGeneration");
        if (generation.isPresent() && observed.isPresent() && observed.getAsLong() < generation.getAsLong()) {
            return Optional.of(Health.progressing("Waiting for the controller to observe generation "
                    + generation.getAsLong() + " (it has seen " + observed.getAsLong() + ")"));
        }
        for (String type : new String[] {"Stalled", "Failed"}) {
            Optional<JsonNode> c = condition(conditions, type).filter(x -> "True".equals(Fields.text(x, "status")));
            if (c.isPresent()) {
                return Optional.of(Health.degraded(message(c.get())));
            }
        }
        Optional<JsonNode> synced =
                condition(conditions, "Synced").filter(x -> "False".equals(Fields.text(x, "status")));
        if (synced.isPresent()) {
            return Optional.of(Health.degraded(message(synced.get())));
        }
        boolean working = isTrue(conditions, "Reconciling") || isTrue(conditions, "Issuing");
        Optional<JsonNode> ready = condition(conditions, "Ready").or(() -> condition(conditions, "Available"));
        if (ready.isPresent()) {
            JsonNode c = ready.get();
            return switch (Fields.text(c, "status")) {
                case "True" -> Optional.of(Health.healthy(message(c)));
                case "False" ->
                    Optional.of(
                            working || WORKING.contains(Fields.text(c, "reason"))
                                    ? Health.progressing(message(c))
                                    : Health.degraded(message(c)));
                default -> Optional.of(Health.progressing(message(c)));
            };
        }
        if (working) {
            return Optional.of(Health.progressing("Reconciling"));
        }
        return Optional.empty();
    }

    /** A group of a custom resource: not core and not one of Kubernetes' own ({@code *.k8s.io}, apps, batch...). */
    static boolean isCustomGroup(String group) {
        return group != null && group.contains(".") && !group.endsWith(".k8s.io") && !group.equals("k8s.io");
    }

    private static boolean isTrue(JsonNode conditions, String type) {
        return condition(conditions, type)
                .map(c -> "True".equals(Fields.text(c, "status")))
                .orElse(false);
    }

    private static Optional<JsonNode> condition(JsonNode conditions, String type) {
        for (JsonNode c : conditions) {
            if (type.equals(Fields.text(c, "type"))) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    private static String message(JsonNode c) {
        String message = Fields.text(c, "message");
        return message.isEmpty() ? Fields.text(c, "reason") : message;
    }
}
