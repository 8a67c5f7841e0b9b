package io.sextant.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * {@code batch/Job}, as Argo CD: without a Failed, Complete or Suspended condition it is
 * Progressing; Failed is Degraded with the condition's message; a true Suspended condition is
 * Suspended; else Healthy with the Complete condition's message. As in Argo CD, a Suspended condition
 * that is false (a resumed Job) also counts as final, so a resumed Job reads Healthy while it runs.
 */
final class JobHealth implements HealthCheck {

    @Override
    public Optional<Health> assess(ObjectNode job, Children children) {
        boolean failed = false;
        boolean complete = false;
        boolean suspended = false;
        String failMessage = "";
        String message = "";
        for (JsonNode c : Fields.at(job, "status", "conditions")) {
            switch (Fields.text(c, "type")) {
                case "Failed" -> {
                    failed = true;
                    complete = true;
                    failMessage = Fields.text(c, "message");
                }
                case "Complete" -> {
                    complete = true;
                    message = Fields.text(c, "message");
                }
                case "Suspended" -> {
                    complete = true;
                    message = Fields.text(c, "message");
                    suspended |= "True".equals(Fields.text(c, "status"));
                }
                default -> {}
            }
        }
        if (!complete) {
            return Optional.of(Health.progressing(message));
        }
        if (failed) {
            return Optional.of(Health.degraded(failMessage));
        }
        if (suspended) {
            return Optional.of(Health.suspended(message)); // the Suspended condition's, as gitops-engine
        }
        return Optional.of(Health.healthy(message));
    }
}
