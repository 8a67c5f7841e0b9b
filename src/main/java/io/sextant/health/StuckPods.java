package io.sextant.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.model.HealthStatusCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Beyond Argo CD: finds pods of a workload's current revision whose containers wait in a state that
 * will not fix itself (an image that cannot be pulled, a container that keeps crashing), so that a
 * rollout reads Degraded within seconds instead of Progressing until {@code progressDeadlineSeconds}
 * (ten minutes by default) runs out. Only a Progressing verdict is escalated: a paused rollout stays
 * Suspended, a finished one Healthy. Stateless.
 *
 * <p>A pod younger than {@link #GRACE} is not stuck yet: a first pull error is often retried with
 * success (a registry hiccup), and people watching a rollout should see it Progressing before it turns
 * Degraded. The verdict therefore changes with time alone; the controller looks at a Progressing app
 * again after {@link #GRACE} so the change shows without another event.
 */
final class StuckPods {

    /** Waiting reasons that only a change of spec (or of the registry) ends. */
    static final Set<String> STUCK_REASONS =
            Set.of("ErrImagePull", "ImagePullBackOff", "CrashLoopBackOff", "InvalidImageName");
    /** How long a pod may wait in one of {@link #STUCK_REASONS} before it counts as stuck. */
    static final Duration GRACE = Duration.ofSeconds(10);

    /** Settable by tests of this package only. */
    static Clock clock = Clock.systemUTC();

    private StuckPods() {}

    /**
     * {@code verdict} unchanged, or Degraded naming the first stuck pod when it is Progressing. The
     * pods are looked up only then, so a settled workload costs no child lookup.
     */
    static Health escalate(Health verdict, Supplier<List<ObjectNode>> currentPods) {
        if (!verdict.is(HealthStatusCode.PROGRESSING.code())) {
            return verdict;
        }
        return describe(currentPods.get()).map(Health::degraded).orElse(verdict);
    }

    /** The pods among {@code children}. */
    static List<ObjectNode> pods(List<ObjectNode> children) {
        return ofKind(children, "Pod");
    }

    static List<ObjectNode> ofKind(List<ObjectNode> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(Fields.kind(o))).toList();
    }

    /** Pods among {@code children} that {@code current} accepts, e.g. those of the update revision. */
    static List<ObjectNode> pods(List<ObjectNode> children, Predicate<ObjectNode> current) {
        return pods(children).stream().filter(current).toList();
    }

    /**
     * "Pod worker-7d9c-abc: container worker waiting in ImagePullBackOff for image dockercoins/worker:v0.3",
     * with a count of further stuck pods; empty when none is stuck. Terminating pods are left out.
     */
    static Optional<String> describe(List<ObjectNode> pods) {
        List<String> found = new ArrayList<>();
        pods.stream()
                .filter(p -> Fields.text(p, "metadata", "deletionTimestamp").isEmpty())
                .filter(StuckPods::pastGrace)
                .sorted(Comparator.comparing(Fields::name))
                .forEach(p -> firstStuck(p).ifPresent(found::add));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        String first = found.get(0);
        int more = found.size() - 1;
        return Optional.of(more == 0 ? first : first + " (and " + more + " more " + (more == 1 ? "pod" : "pods") + ")");
    }

    /** Whether the pod exists for at least {@link #GRACE}; a pod without a readable creation time does. */
    private static boolean pastGrace(ObjectNode pod) {
        String created = Fields.text(pod, "metadata", "creationTimestamp");
        if (created.isEmpty()) {
            return true;
        }
        try {
            return !Instant.parse(created).plus(GRACE).isAfter(clock.instant());
        } catch (DateTimeParseException e) {
            return true;
        }
    }

    private static Optional<String> firstStuck(ObjectNode pod) {
        Optional<String> init = firstStuck(pod, "initContainerStatuses", "initContainers", "init container");
        return init.isPresent() ? init : firstStuck(pod, "containerStatuses", "containers", "container");
    }

    private static Optional<String> firstStuck(ObjectNode pod, String statusField, String specField, String noun) {
        for (JsonNode cs : Fields.at(pod, "status", statusField)) {
            String reason = Fields.text(cs, "state", "waiting", "reason");
            if (STUCK_REASONS.contains(reason)) {
                String container = Fields.text(cs, "name");
                return Optional.of("Pod " + Fields.name(pod) + ": " + noun + " " + container + " waiting in " + reason
                        + " for image " + image(pod, specField, container, cs));
            }
        }
        return Optional.empty();
    }

    /** The image the spec asks for (what a person wrote), else the one the kubelet reports. */
    private static String image(ObjectNode pod, String specField, String container, JsonNode status) {
        for (JsonNode c : Fields.at(pod, "spec", specField)) {
            if (container.equals(Fields.text(c, "name"))
                    && !Fields.text(c, "image").isEmpty()) {
                return Fields.text(c, "image");
            }
        }
        return Fields.text(status, "image");
    }
}
