package io.sextant.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/**
 * Values of {@code status.health.status} and of each resource's {@code health.status}, with
 * Argo CD's spellings ({@link #code()}); the status classes keep the text as read, and code compares
 * through {@link ArgoCode#is} and {@link #of}.
 */
public enum HealthStatusCode implements ArgoCode {
    HEALTHY("Healthy"),
    /** Not healthy yet, but may become so (a rollout in progress). */
    PROGRESSING("Progressing"),
    DEGRADED("Degraded"),
    /** Paused or waiting on purpose (a suspended CronJob, a paused rollout). */
    SUSPENDED("Suspended"),
    /** In the target state but not in the cluster. */
    MISSING("Missing"),
    UNKNOWN("Unknown");

    private final String code;

    HealthStatusCode(String code) {
        this.code = code;
    }

    @Override
    @JsonValue
    public String code() {
        return code;
    }

    public static Optional<HealthStatusCode> of(String value) {
        return ArgoCode.find(values(), value);
    }

    @Override
    public String toString() {
        return code;
    }
}
