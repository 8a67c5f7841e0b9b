package io.sextant.health;

import io.sextant.model.HealthStatusCode;
import java.util.List;
import java.util.Objects;

/**
 * The health of one resource or of an application: a status code of {@link HealthStatusCode} and a
 * message for people (empty when there is nothing to say, never null).
 *
 * <p>"Worse" follows Argo CD's order, from best to worst: Healthy, Suspended, Progressing, Missing,
 * Degraded, Unknown. A status outside that list ranks like Healthy, as in Argo CD.
 */
public record Health(String status, String message) {

    /** Argo CD's order, most healthy first (gitops-engine {@code healthOrder}). */
    private static final List<String> ORDER = List.of(
            HealthStatusCode.HEALTHY.code(),
            HealthStatusCode.SUSPENDED.code(),
            HealthStatusCode.PROGRESSING.code(),
            HealthStatusCode.MISSING.code(),
            HealthStatusCode.DEGRADED.code(),
            HealthStatusCode.UNKNOWN.code());

    public Health {
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
    }

    public static Health healthy(String message) {
        return new Health(HealthStatusCode.HEALTHY.code(), message);
    }

    public static Health progressing(String message) {
        return new Health(HealthStatusCode.PROGRESSING.code(), message);
    }

    public static Health degraded(String message) {
        return new Health(HealthStatusCode.DEGRADED.code(), message);
    }

    public static Health suspended(String message) {
        return new Health(HealthStatusCode.SUSPENDED.code(), message);
    }

    public static Health missing(String message) {
        return new Health(HealthStatusCode.MISSING.code(), message);
    }

    public static Health unknown(String message) {
        return new Health(HealthStatusCode.UNKNOWN.code(), message);
    }

    /** Position in Argo CD's order; codes outside it rank 0, like Healthy. */
    public static int rank(String status) {
        int i = ORDER.indexOf(status);
        return Math.max(i, 0);
    }

    /** Argo CD's {@code IsWorse(current, candidate)}: true when {@code candidate} ranks strictly worse. */
    public static boolean isWorse(String current, String candidate) {
        return rank(candidate) > rank(current);
    }

    /** Whether {@code status} is one of the six codes Argo CD knows. */
    public static boolean isKnownStatus(String status) {
        return ORDER.contains(status);
    }

    public boolean is(String code) {
        return status.equals(code);
    }
}
