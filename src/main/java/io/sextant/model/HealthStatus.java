package io.sextant.model;

/**
 * Health of an Application or a resource.
 */
public class HealthStatus extends ExtensibleObject {

    /** A {@link HealthStatusCode}. */
    private String status;

    private String message;
    private String lastTransitionTime;

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
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
