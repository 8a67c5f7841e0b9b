package io.sextant.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code apps/ReplicaSet}, as gitops-engine: once the generation is observed, a true
 * {@code ReplicaFailure} condition is Degraded (its message), fewer available replicas than wanted
 * Progressing; an unobserved generation is Progressing.
 *
 * <p>Beyond Argo CD: while Progressing, one of its pods stuck pulling its image or crash-looping makes
 * it Degraded.
 */
final class ReplicaSetHealth implements HealthCheck {

    @Override
    public Optional<Health> assess(ObjectNode rs, Children children) {
        return Optional.of(StuckPods.escalate(rollout(rs), () -> StuckPods.pods(children.of(rs))));
    }

    static Health rollout(JsonNode rs) {
        if (Fields.number(rs, "metadata", "generation") > Fields.number(rs, "status", "observedGeneration")) {
            return Health.progressing(
                    "Waiting for rollout to finish: observed replica set generation less than desired generation");
        }
        JsonNode failure = Fields.condition(rs, "ReplicaFailure");
        if ("True".equals(Fields.text(failure, "status"))) {
            return Health.degraded(Fields.text(failure, "message"));
        }
        OptionalLong wanted = Fields.optionalNumber(rs, "spec", "replicas");
        long available = Fields.number(rs, "status", "availableReplicas");
        if (wanted.isPresent() && available < wanted.getAsLong()) {
            return Health.progressing("Waiting for rollout to finish: " + available + " out of " + wanted.getAsLong()
                    + " new replicas are available...");
        }
        return Health.healthy("");
    }
}
