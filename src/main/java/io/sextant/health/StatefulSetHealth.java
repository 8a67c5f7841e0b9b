package io.sextant.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code apps/StatefulSet}, as gitops-engine: generation not yet observed (or never observed) is
 * Progressing; fewer ready pods than wanted is Progressing; with a RollingUpdate partition, fewer
 * updated pods than those above the partition is Progressing; OnDelete is Healthy once ready; else an
 * update revision different from the current one is Progressing.
 *
 * <p>Beyond Argo CD: while Progressing, a pod of the update revision (label
 * {@code controller-revision-hash}) stuck pulling its image or crash-looping makes it Degraded.
 */
final class StatefulSetHealth implements HealthCheck {

    @Override
    public Optional<Health> assess(ObjectNode sts, Children children) {
        return Optional.of(StuckPods.escalate(rollout(sts), () -> currentPods(sts, children)));
    }

    static Health rollout(JsonNode sts) {
        long observed = Fields.number(sts, "status", "observedGeneration");
        if (observed == 0 || Fields.number(sts, "metadata", "generation") > observed) {
            return Health.progressing("Waiting for statefulset spec update to be observed...");
        }
        OptionalLong wanted = Fields.optionalNumber(sts, "spec", "replicas");
        long ready = Fields.number(sts, "status", "readyReplicas");
        long updated = Fields.number(sts, "status", "updatedReplicas");
        if (wanted.isPresent() && ready < wanted.getAsLong()) {
            return Health.progressing("Waiting for " + (wanted.getAsLong() - ready) + " pods to be ready...");
        }
        String strategy = Fields.text(sts, "spec", "updateStrategy", "type");
        JsonNode rollingUpdate = Fields.at(sts, "spec", "updateStrategy", "rollingUpdate");
        if ("RollingUpdate".equals(strategy) && rollingUpdate.isObject()) {
            OptionalLong partition = Fields.optionalNumber(rollingUpdate, "partition");
            if (wanted.isPresent() && partition.isPresent()) {
                long toUpdate = wanted.getAsLong() - partition.getAsLong();
                if (updated < toUpdate) {
                    return Health.progressing("Waiting for partitioned roll out to finish: " + updated + " out of "
                            + toUpdate + " new pods have been updated...");
                }
            }
            return Health.healthy("partitioned roll out complete: " + updated + " new pods have been updated...");
        }
        if ("OnDelete".equals(strategy)) {
            return Health.healthy("statefulset has " + ready + " ready pods");
        }
        String updateRevision = Fields.text(sts, "status", "updateRevision");
        String currentRevision = Fields.text(sts, "status", "currentRevision");
        if (!updateRevision.equals(currentRevision)) {
            return Health.progressing("waiting for statefulset rolling update to complete " + updated
                    + " pods at revision " + updateRevision + "...");
        }
        return Health.healthy("statefulset rolling update complete " + Fields.number(sts, "status", "currentReplicas")
                + " pods at revision " + currentRevision + "...");
    }

    private static List<ObjectNode> currentPods(ObjectNode sts, Children children) {
        String revision = Fields.text(sts, "status", "updateRevision");
        return StuckPods.pods(
                children.of(sts),
                p -> revision.isEmpty() || revision.equals(Fields.label(p, "controller-revision-hash")));
    }
}
