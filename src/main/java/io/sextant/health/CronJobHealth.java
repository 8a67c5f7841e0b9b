package io.sextant.health;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * {@code batch/CronJob}, as Argo CD's bundled check: suspended is Suspended; a running job is
 * Progressing; never scheduled is Healthy; a last success later than the last schedule is Healthy;
 * else (the last run failed or has not succeeded yet) Degraded.
 */
final class CronJobHealth implements HealthCheck {

    @Override
    public Optional<Health> assess(ObjectNode cj, Children children) {
        if (Fields.bool(cj, "spec", "suspend")) {
            return Optional.of(Health.suspended("CronJob is Suspended"));
        }
        if (!Fields.at(cj, "status", "active").isEmpty()) {
            return Optional.of(Health.progressing("CronJob has active jobs"));
        }
        String lastSchedule = Fields.text(cj, "status", "lastScheduleTime");
        String lastSuccess = Fields.text(cj, "status", "lastSuccessfulTime");
        if (lastSchedule.isEmpty()) {
            return Optional.of(Health.healthy("CronJob has never run"));
        }
        if (!lastSuccess.isEmpty() && before(lastSchedule, lastSuccess)) {
            return Optional.of(Health.healthy("CronJob has run successfully"));
        }
        return Optional.of(Health.degraded("CronJob has not run successfully"));
    }

    private static boolean before(String a, String b) {
        try {
            return Instant.parse(a).isBefore(Instant.parse(b));
        } catch (DateTimeParseException e) {
            // Both are RFC 3339 in UTC from the API server; text order is time order then.
            return a.compareTo(b) < 0;
        }
    }
}
