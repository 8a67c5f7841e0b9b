package io.sextant.model;

/** Values of {@code status.health.status} and of each resource's {@code health.status}. */
public final class HealthStatusCode {

    public static final String HEALTHY = "Healthy";
    /** Not healthy yet, but may become so (a rollout in progress). */
    public static final String PROGRESSING = "Progressing";
    public static final String DEGRADED = "Degraded";
    /** Paused or waiting on purpose (a suspended CronJob, a paused rollout). */
    public static final String SUSPENDED = "Suspended";
    /** In the target state but not in the cluster. */
    public static final String MISSING = "Missing";
    public static final String UNKNOWN = "Unknown";

    private HealthStatusCode() {
    }
}
