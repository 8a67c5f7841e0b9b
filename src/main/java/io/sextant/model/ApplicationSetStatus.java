package io.sextant.model;

import java.util.List;

/**
 * An ApplicationSet's status as Argo CD writes it: {@code conditions} (ErrorOccurred, ParametersGenerated,
 * ResourcesUpToDate) and {@code resources}, one entry per generated Application with its sync status and
 * health, sorted by name.
 */
public class ApplicationSetStatus extends ExtensibleObject {

    private List<Condition> conditions;
    private List<ResourceStatus> resources;

    /** One condition: {@code status} is "True" or "False"; {@code reason} one of Argo CD's reason words. */
    public static class Condition extends ExtensibleObject {
        private String type;
        private String status;
        private String reason;
        private String message;
        private String lastTransitionTime;

        public Condition() {}

        public Condition(String type, String status, String reason, String message, String lastTransitionTime) {
            this.type = type;
            this.status = status;
            this.reason = reason;
            this.message = message;
            this.lastTransitionTime = lastTransitionTime;
        }

        public String getType() {
            return type;
        }

        public void setType(String type) {
            this.type = type;
        }

        public String getStatus() {
            return status;
        }

        public void setStatus(String status) {
            this.status = status;
        }

        public String getReason() {
            return reason;
        }

        public void setReason(String reason) {
            this.reason = reason;
        }

        public String getMessage() {
            return message;
        }

        public void setMessage(String message) {
            this.message = message;
        }

        public String getLastTransitionTime() {
            return lastTransitionTime;
        }

        public void setLastTransitionTime(String lastTransitionTime) {
            this.lastTransitionTime = lastTransitionTime;
        }
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public List<ResourceStatus> getResources() {
        return resources;
    }

    public void setResources(List<ResourceStatus> resources) {
        this.resources = resources;
    }
}
