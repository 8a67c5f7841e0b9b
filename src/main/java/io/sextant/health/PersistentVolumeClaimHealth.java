package io.sextant.health;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * Core {@code PersistentVolumeClaim}, as gitops-engine: Bound is Healthy, Pending Progressing (also
 * while a WaitForFirstConsumer class waits for a pod), Lost Degraded, anything else Unknown.
 */
final class PersistentVolumeClaimHealth implements HealthCheck {

    @Override
    public Optional<Health> assess(ObjectNode pvc, Children children) {
        return Optional.of(
                switch (Fields.text(pvc, "status", "phase")) {
                    case "Bound" -> Health.healthy("");
                    case "Pending" -> Health.progressing("");
                    case "Lost" -> Health.degraded("");
                    default -> Health.unknown("");
                });
    }
}
