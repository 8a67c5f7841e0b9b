package io.sextant.health;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * {@code batch/CronJob}, as Argo CD reports it since v3.2 (operator-manual/upgrading/3.1-3.2.md, "CronJob
 * Health"): the only unhealthy state is Degraded, when nothing runs and the last success is older than the
 * last schedule. A suspended CronJob stays Healthy (an operator who wants Suspended writes a Lua check for
 * {@code batch_CronJob}); a CronJob whose job runs is Healthy, because its status cannot tell whether the
 * previous run failed; one that was scheduled but never succeeded is Healthy, because it may simply not
 * have finished its first run. Nothing is ever Progressing, so a CronJob that always runs does not hold
 * its application in Progressing.
 */
final class CronJobHealth implements HealthCheck {

    @Override
    public Optional<Health> assess(ObjectNode cj, Children children) {
        if (Fields.bool(cj, "spec", "suspend")) {
            return Optional.of(Health.healthy("CronJob is suspended"));
        }
        String lastSchedule = Fields.text(cj, "status", "lastScheduleTime");
        if (lastSchedule.isEmpty()) {
            return Optional.of(Health.healthy("CronJob has not been scheduled yet"));
        }
        String lastSuccess = Fields.text(cj, "status", "lastSuccessfulTime");
        if (lastSuccess.isEmpty()) {
            return Optional.of(Health.healthy("CronJob has not completed a run successfully yet"));
        }
        if (!Fields.at(cj, "status", "active").isEmpty()) {
            return Optional.of(Health.healthy("CronJob is running a job; the previous run may have failed"));
        }
        if (before(lastSuccess, lastSchedule)) {
            return Optional.of(Health.degraded("CronJob's last run did not complete successfully"));
        }
        return Optional.of(Health.healthy("CronJob's last run completed successfully"));
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
