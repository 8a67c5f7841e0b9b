package io.sextant.health;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * Core {@code Service}, as gitops-engine: a LoadBalancer without any {@code status.loadBalancer.ingress}
 * entry yet is Progressing (no address assigned); every other Service is Healthy.
 */
final class ServiceHealth implements HealthCheck {

    @Override
    public Optional<Health> assess(ObjectNode svc, Children children) {
        if ("LoadBalancer".equals(Fields.text(svc, "spec", "type"))
                && Fields.at(svc, "status", "loadBalancer", "ingress").isEmpty()) {
            return Optional.of(Health.progressing(""));
        }
        return Optional.of(Health.healthy(""));
    }
}
