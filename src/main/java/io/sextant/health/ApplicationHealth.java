package io.sextant.health;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * {@code argoproj.io/Application} (app of apps): the child application's own {@code status.health},
 * Progressing while it has none yet, as the check Argo CD's documentation gives for app-of-apps.
 * A status code Argo CD does not know is Unknown. The aggregator leaves a child app's Missing and
 * Unknown out of the parent's health, as Argo CD does.
 */
final class ApplicationHealth implements HealthCheck {

    @Override
    public Optional<Health> assess(ObjectNode app, Children children) {
        String status = Fields.text(app, "status", "health", "status");
        String message = Fields.text(app, "status", "health", "message");
        if (status.isEmpty()) {
            return Optional.of(Health.progressing(message));
        }
        if (!Health.isKnownStatus(status)) {
            return Optional.of(Health.unknown("unknown health status " + Fields.quote(status)));
        }
        return Optional.of(new Health(status, message));
    }
}
