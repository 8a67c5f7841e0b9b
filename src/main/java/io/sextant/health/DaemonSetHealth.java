package io.sextant.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * {@code apps/DaemonSet}, as gitops-engine: generation not yet observed is Progressing; OnDelete is
 * Healthy; fewer updated or available pods than desired is Progressing.
 *
 * <p>Beyond Argo CD: while Progressing, a pod of the current template (label
 * {@code pod-template-generation} equal to the DaemonSet's generation; every pod when none carries the
 * label) stuck pulling its image or crash-looping makes it Degraded.
 */
final class DaemonSetHealth implements HealthCheck {

    @Override
    public Optional<Health> assess(ObjectNode ds, Children children) {
        return Optional.of(StuckPods.escalate(rollout(ds), () -> currentPods(ds, children)));
    }

    static Health rollout(JsonNode ds) {
        if (Fields.number(ds, "metadata", "generation") > Fields.number(ds, "status", "observedGeneration")) {
            return Health.progressing(
                    "Waiting for rollout to finish: observed daemon set generation less than desired generation");
        }
        long desired = Fields.number(ds, "status", "desiredNumberScheduled");
        long updated = Fields.number(ds, "status", "updatedNumberScheduled");
        if ("OnDelete".equals(Fields.text(ds, "spec", "updateStrategy", "type"))) {
            return Health.healthy("daemon set " + updated + " out of " + desired + " new pods have been updated");
        }
        String name = Fields.quote(Fields.name(ds));
        if (updated < desired) {
            return Health.progressing("Waiting for daemon set " + name + " rollout to finish: " + updated + " out of "
                    + desired + " new pods have been updated...");
        }
        long available = Fields.number(ds, "status", "numberAvailable");
        if (available < desired) {
            return Health.progressing("Waiting for daemon set " + name + " rollout to finish: " + available + " of "
                    + desired + " updated pods are available...");
        }
        return Health.healthy("");
    }

    private static List<ObjectNode> currentPods(ObjectNode ds, Children children) {
        List<ObjectNode> pods = StuckPods.pods(children.of(ds));
        String generation = Fields.text(ds, "metadata", "generation");
        boolean labelled = pods.stream()
                .anyMatch(p -> !Fields.label(p, "pod-template-generation").isEmpty());
        if (!labelled) {
            return pods;
        }
        return pods.stream()
                .filter(p -> generation.equals(Fields.label(p, "pod-template-generation")))
                .toList();
    }
}
