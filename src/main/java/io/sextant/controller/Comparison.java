package io.sextant.controller;

import io.sextant.model.HealthStatusCode;
import io.sextant.model.SyncStatusCode;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of comparing one Application: per-resource results, the app's sync and health, and
 * the conditions to report. Immutable; the latest one per Application is kept for the pages and
 * the API ({@link ComparisonStore}).
 *
 * <p>A <em>provisional</em> comparison took some OutOfSync verdicts without asking the API server for
 * a dry run (the manifest differs from the live object already as written): enough to decide that an
 * automated sync is due, which applies anyway, but not to be written or shown; see
 * {@link AppComparator#compare(io.sextant.model.Application, Rendered, io.sextant.diff.IgnoreRules, boolean)}.
 */
public record Comparison(
        String app,
        String revision,
        String sourceType,
        String syncStatus,
        String healthStatus,
        String healthMessage,
        List<ComparedResource> resources,
        List<String> images,
        List<String> errors,
        Instant comparedAt,
        List<String> specErrors,
        boolean provisional) {

    public Comparison(
            String app,
            String revision,
            String sourceType,
            String syncStatus,
            String healthStatus,
            String healthMessage,
            List<ComparedResource> resources,
            List<String> images,
            List<String> errors,
            Instant comparedAt,
            List<String> specErrors) {
        this(
                app,
                revision,
                sourceType,
                syncStatus,
                healthStatus,
                healthMessage,
                resources,
                images,
                errors,
                comparedAt,
                specErrors,
                false);
    }

    public Comparison(
            String app,
            String revision,
            String sourceType,
            String syncStatus,
            String healthStatus,
            String healthMessage,
            List<ComparedResource> resources,
            List<String> images,
            List<String> errors,
            Instant comparedAt) {
        this(
                app,
                revision,
                sourceType,
                syncStatus,
                healthStatus,
                healthMessage,
                resources,
                images,
                errors,
                comparedAt,
                List.of());
    }

    /**
     * The app breaks its project's bounds (source, destination, or a resource it would deploy): reported
     * as InvalidSpecError conditions, and it is never synced while they stand.
     */
    public static Comparison invalidSpec(String app, String error, Instant at) {
        return new Comparison(
                app,
                null,
                null,
                SyncStatusCode.UNKNOWN.code(),
                HealthStatusCode.UNKNOWN.code(),
                null,
                List.of(),
                List.of(),
                List.of(),
                at,
                List.of(error));
    }

    /** This comparison with the project violations found among its resources. */
    public Comparison withSpecErrors(List<String> violations) {
        return violations.isEmpty()
                ? this
                : new Comparison(
                        app,
                        revision,
                        sourceType,
                        syncStatus,
                        healthStatus,
                        healthMessage,
                        resources,
                        images,
                        errors,
                        comparedAt,
                        List.copyOf(violations),
                        provisional);
    }

    /** Whether anything stands in the way of a sync (errors of the comparison or of the spec). */
    public boolean hasErrors() {
        return !errors.isEmpty() || !specErrors.isEmpty();
    }

    /** A comparison that could not run (Git or the API server failed): status Unknown, the cause named. */
    public static Comparison failed(String app, String error, Instant at) {
        return new Comparison(
                app,
                null,
                null,
                SyncStatusCode.UNKNOWN.code(),
                HealthStatusCode.UNKNOWN.code(),
                null,
                List.of(),
                List.of(),
                List.of(error),
                at);
    }

    /**
     * Rendering failed (a template error, a missing values file, a failing tool): sync Unknown with the
     * cause named, while the last good comparison's resources, health, revision and source type stay
     * on show, as Argo CD keeps showing the live resources next to a ComparisonError.
     */
    public static Comparison renderFailed(Comparison lastGood, String app, String error, Instant at) {
        if (lastGood == null || lastGood.revision() == null) {
            return failed(app, error, at);
        }
        return new Comparison(
                app,
                lastGood.revision(),
                lastGood.sourceType(),
                SyncStatusCode.UNKNOWN.code(),
                lastGood.healthStatus(),
                lastGood.healthMessage(),
                lastGood.resources(),
                lastGood.images(),
                List.of(error),
                at);
    }
}
