package io.sextant.controller;

import io.sextant.config.ClusterSettings;
import io.sextant.diff.IgnoreRules;
import io.sextant.model.Application;
import io.sextant.repo.RepoException;
import io.sextant.repo.git.Redactor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * One refresh of one Application: render from Git, compare with the live state, write the status.
 * Idempotent: running it twice in a row writes the same status (but for reconciledAt). When Git or
 * the API server fails, the status says Unknown with a ComparisonError condition naming the cause
 * (credentials never in it) and the cluster is left untouched; the next refresh recovers.
 */
public final class Reconciler {

    private static final Logger LOG = Logger.getLogger(Reconciler.class);
    /** How soon a running operation is looked at again (waves waiting for health, hooks running). */
    static final Duration OPERATION_POLL = Duration.ofSeconds(1);

    private final String namespace;
    private final java.util.function.Function<String, Application> applications;
    private final GitManifestSource manifests;
    private final AppComparator comparator;
    private final StatusBuilder statusBuilder;
    private final StatusWriter statusWriter;
    private final ComparisonStore store;
    private final Supplier<ClusterSettings> settings;
    private final OperationRunner operations;
    private final AutoSync autoSync;
    private final BiConsumer<String, Duration> later;
    private final CascadeDeleter deleter;

    public Reconciler(String namespace, java.util.function.Function<String, Application> applications, GitManifestSource manifests,
            AppComparator comparator, StatusBuilder statusBuilder, StatusWriter statusWriter, ComparisonStore store,
            Supplier<ClusterSettings> settings, OperationRunner operations, AutoSync autoSync,
            BiConsumer<String, Duration> later, CascadeDeleter deleter) {
        this.deleter = deleter;
        this.operations = operations;
        this.autoSync = autoSync;
        this.later = later;
        this.namespace = namespace;
        this.applications = applications;
        this.manifests = manifests;
        this.comparator = comparator;
        this.statusBuilder = statusBuilder;
        this.statusWriter = statusWriter;
        this.store = store;
        this.settings = settings;
    }

    public void reconcile(String name) {
        Application app = applications.apply(name);
        if (app == null) {
            store.remove(name);
            return;
        }
        if (CascadeDeleter.applies(app)) {
            try {
                if (deleter.process(app)) {
                    later.accept(name, OPERATION_POLL);
                }
            } catch (RuntimeException e) {
                LOG.warnf("Application %s: deleting its resources failed: %s", name, e.getMessage());
                later.accept(name, Duration.ofSeconds(5));
            }
            return;
        }
        if (app.getOperation() != null || operationRunning(app)) {
            try {
                if (operations.process(name)) {
                    later.accept(name, OPERATION_POLL);
                }
            } catch (RuntimeException e) {
                LOG.warnf("Application %s: the operation could not advance: %s", name, Redactor.redact(
                        String.valueOf(e.getMessage())));
                later.accept(name, OPERATION_POLL);
            }
        }
        Map<String, String> annotations = app.getMetadata().getAnnotations();
        String refresh = annotations == null ? null : annotations.get(StatusWriter.REFRESH_ANNOTATION);
        Comparison comparison;
        try {
            Rendered rendered = manifests.render(app, refresh != null, "hard".equals(refresh));
            IgnoreRules rules = IgnoreRules.of(app.getSpec().getIgnoreDifferences() == null ? List.of()
                    : app.getSpec().getIgnoreDifferences(), settings.get().all());
            comparison = comparator.compare(app, rendered, rules);
        } catch (RepoException e) {
            comparison = Comparison.renderFailed(store.get(name).orElse(null), name, Redactor.redact(e.getMessage()),
                    Instant.now());
        } catch (IllegalArgumentException e) {
            comparison = Comparison.failed(name, Redactor.redact(e.getMessage()), Instant.now());
        } catch (RuntimeException e) {
            String message = Redactor.redact(String.valueOf(e.getMessage()));
            LOG.warnf("Comparing application %s failed: %s", name, message);
            comparison = Comparison.failed(name, "comparison failed: " + message, Instant.now());
        }
        store.put(comparison);
        statusWriter.write(namespace, name, statusBuilder.build(app, comparison), refresh != null);
        autoSync.maybeSync(app, comparison).ifPresent(wait -> later.accept(name, wait));
    }

    private static boolean operationRunning(Application app) {
        String phase = app.getStatus() == null || app.getStatus().getOperationState() == null ? null
                : app.getStatus().getOperationState().getPhase();
        return "Running".equals(phase) || "Terminating".equals(phase);
    }
}
