package io.sextant.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * {@code apiregistration.k8s.io/APIService}, as gitops-engine: the Available condition true is
 * Healthy, present but not true Progressing, both with "reason: message"; without it Progressing
 * ("Waiting to be processed").
 */
final class APIServiceHealth implements HealthCheck {

    @Override
    public Optional<Health> assess(ObjectNode svc, Children children) {
        JsonNode available = Fields.condition(svc, "Available");
        if (available.isMissingNode()) {
            return Optional.of(Health.progressing("Waiting to be processed"));
        }
        String message = Fields.text(available, "reason") + ": " + Fields.text(available, "message");
        return Optional.of(
                "True".equals(Fields.text(available, "status"))
                        ? Health.healthy(message)
                        : Health.progressing(message));
    }
}
