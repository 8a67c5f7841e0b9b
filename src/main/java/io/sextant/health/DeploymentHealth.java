package io.sextant.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code apps/Deployment}, as gitops-engine (after {@code kubectl rollout status}): paused is
 * Suspended; once the controller has observed the current generation, ProgressDeadlineExceeded is
 * Degraded, then fewer updated replicas than wanted, old replicas still running, or updated replicas
 * not yet available are Progressing; a generation not yet observed is Progressing.
 *
 * <p>Beyond Argo CD: while Progressing, a pod of the current ReplicaSet (the one whose
 * {@code deployment.kubernetes.io/revision} equals the Deployment's) stuck pulling its image or
 * crash-looping makes it Degraded at once ({@link StuckPods}).
 */
final class DeploymentHealth implements HealthCheck {

    static final String REVISION = "deployment.kubernetes.io/revision";

    @Override
    public Optional<Health> assess(ObjectNode d, Children children) {
        return Optional.of(StuckPods.escalate(rollout(d), () -> currentPods(d, children)));
    }

    static Health rollout(JsonNode d) {
        if (Fields.bool(d, "spec", "paused")) {
            return Health.suspended("Deployment is paused");
        }
        if (Fields.number(d, "metadata", "generation") > Fields.number(d, "status", "observedGeneration")) {
            return Health.progressing(
                    "Waiting for rollout to finish: observed deployment generation less than desired generation");
        }
        JsonNode progressing = Fields.condition(d, "Progressing");
        if ("ProgressDeadlineExceeded".equals(Fields.text(progressing, "reason"))) {
            return Health.degraded("Deployment " + Fields.quote(Fields.name(d)) + " exceeded its progress deadline");
        }
        OptionalLong wanted = Fields.optionalNumber(d, "spec", "replicas");
        long replicas = Fields.number(d, "status", "replicas");
        long updated = Fields.number(d, "status", "updatedReplicas");
        long available = Fields.number(d, "status", "availableReplicas");
        if (wanted.isPresent() && updated < wanted.getAsLong()) {
            return Health.progressing("Waiting for rollout to finish: " + updated + " out of " + wanted.getAsLong()
                    + " new replicas have been updated...");
        }
        if (replicas > updated) {
            return Health.progressing("Waiting for rollout to finish: " + (replicas - updated)
                    + " old replicas are pending termination...");
        }
        if (available < updated) {
            return Health.progressing("Waiting for rollout to finish: " + available + " of " + updated
                    + " updated replicas are available...");
        }
        return Health.healthy("");
    }

    /** Pods of the ReplicaSet(s) at the Deployment's revision; none when the revision is not known. */
    static List<ObjectNode> currentPods(ObjectNode d, Children children) {
        String revision = Fields.annotation(d, REVISION);
        if (revision.isEmpty()) {
            return List.of();
        }
        List<ObjectNode> pods = new ArrayList<>();
        for (ObjectNode rs : StuckPods.ofKind(children.of(d), "ReplicaSet")) {
            if (revision.equals(Fields.annotation(rs, REVISION))) {
                pods.addAll(StuckPods.pods(children.of(rs)));
            }
        }
        return pods;
    }
}
