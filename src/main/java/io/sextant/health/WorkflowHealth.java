package io.sextant.health;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * {@code argoproj.io/Workflow}, as gitops-engine: no phase, Pending or Running is Progressing,
 * Succeeded Healthy, Failed or Error Degraded, anything else Unknown; the message is the workflow's.
 */
final class WorkflowHealth implements HealthCheck {

    @Override
    public Optional<Health> assess(ObjectNode wf, Children children) {
        String message = Fields.text(wf, "status", "message");
        return Optional.of(
                switch (Fields.text(wf, "status", "phase")) {
                    case "", "Pending", "Running" -> Health.progressing(message);
                    case "Succeeded" -> Health.healthy(message);
                    case "Failed", "Error" -> Health.degraded(message);
                    default -> Health.unknown(message);
                });
    }
}
