package io.sextant.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.Set;

/**
 * {@code autoscaling/HorizontalPodAutoscaler}, as gitops-engine. The conditions come from
 * {@code status.conditions} (v2, v2beta1, v2beta2) or, for v1, from the JSON in the annotation
 * {@code autoscaling.alpha.kubernetes.io/conditions}. In order, the first condition that is
 * AbleToScale with reason FailedGetScale/FailedUpdateScale or ScalingActive with reason
 * FailedGetResourceMetric/InvalidSelector is Degraded; the first true AbleToScale or ScalingLimited
 * is Healthy; without either it is Progressing ("Waiting to Autoscale"). An unreadable v1 annotation
 * is Unknown.
 */
final class HorizontalPodAutoscalerHealth implements HealthCheck {

    static final String V1_CONDITIONS = "autoscaling.alpha.kubernetes.io/conditions";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> DEGRADED = Set.of(
            "AbleToScale/FailedGetScale",
            "AbleToScale/FailedUpdateScale",
            "ScalingActive/FailedGetResourceMetric",
            "ScalingActive/InvalidSelector");
    private static final Set<String> HEALTHY_TYPES = Set.of("AbleToScale", "ScalingLimited");

    @Override
    public Optional<Health> assess(ObjectNode hpa, Children children) {
        JsonNode conditions;
        if ("autoscaling/v1".equals(Fields.text(hpa, "apiVersion"))) {
            String annotation = Fields.annotation(hpa, V1_CONDITIONS);
            if (annotation.isEmpty()) {
                return Optional.of(waiting());
            }
            try {
                conditions = JSON.readTree(annotation);
            } catch (Exception e) {
                return Optional.of(Health.unknown("failed to convert conditions annotation to typed: "
                        + e.getClass().getSimpleName()));
            }
            if (!conditions.isArray()) {
                return Optional.of(Health.unknown("failed to convert conditions annotation to typed: not a list"));
            }
        } else {
            conditions = Fields.at(hpa, "status", "conditions");
        }
        for (JsonNode c : conditions) {
            String type = Fields.text(c, "type");
            if (DEGRADED.contains(type + "/" + Fields.text(c, "reason"))) {
                return Optional.of(Health.degraded(Fields.text(c, "message")));
            }
            if (HEALTHY_TYPES.contains(type) && "True".equals(Fields.text(c, "status"))) {
                return Optional.of(Health.healthy(Fields.text(c, "message")));
            }
        }
        return Optional.of(waiting());
    }

    private static Health waiting() {
        return Health.progressing("Waiting to Autoscale");
    }
}
