package io.sextant.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.config.ClusterSettings;
import io.sextant.diff.IgnoreRules;
import io.sextant.model.AppKey;
import io.sextant.model.Application;
import io.sextant.model.HealthStatusCode;
import io.sextant.model.OperationPhase;
import io.sextant.operation.Fence;
import io.sextant.repo.RepoException;
import io.sextant.repo.git.Redactor;
import io.sextant.sync.ProjectBounds;
import io.sextant.sync.SyncOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.jboss.logging.Logger;

/**
 * One refresh of one Application: render from Git, compare with the live state, write the status.
 * Idempotent: running it twice in a row writes nothing the second time (see {@link StatusWriter}).
 * When Git or the API server fails, the status says Unknown with a ComparisonError condition naming
 * the cause (credentials never in it) and the cluster is left untouched; the next refresh recovers.
 */
public final class Reconciler {

    private static final Logger LOG = Logger.getLogger(Reconciler.class);
    /** How soon a running operation is looked at again (waves waiting for health, hooks running). */
    static final Duration OPERATION_POLL = Duration.ofSeconds(1);
    /**
     * How soon a Progressing app is looked at again. Health can change with time alone (a pod waiting
     * on an image turns a rollout Degraded once its grace has passed) and no watch event says so.
     */
    static final Duration PROGRESSING_RECHECK = Duration.ofSeconds(5);

    private final String namespace;
    private final Function<String, Application> applications;
    private final Function<String, Application> readFresh;
    private final Function<String, ProjectBounds> projects;
    private final GitManifestSource manifests;
    private final AppComparator comparator;
    private final StatusBuilder statusBuilder;
    private final StatusPlanner planner;
    private final StatusWriter statusWriter;
    private final ComparisonStore store;
    private final Supplier<ClusterSettings> settings;
    private final OperationRunner operations;
    private final AutoSync autoSync;
    private final CascadeDeleter deleter;
    private final ToLongFunction<String> refreshAskedAt;
    private final PushAsks pushes;

    /**
     * @param applications the cached Application of a name (the watch's copy), null when unknown
     * @param readFresh the Application of a name as stored now (a read from the API server)
     * @param projects the bounds of the AppProject of a name
     * @param refreshAskedAt when the refresh annotation an app carries was set ({@link System#nanoTime()})
     * @param pushes refreshes a push asked for in this process, without the annotation
     */
    public Reconciler(
            String namespace,
            Function<String, Application> applications,
            Function<String, Application> readFresh,
            Function<String, ProjectBounds> projects,
            GitManifestSource manifests,
            AppComparator comparator,
            StatusBuilder statusBuilder,
            StatusWriter statusWriter,
            ComparisonStore store,
            Supplier<ClusterSettings> settings,
            OperationRunner operations,
            AutoSync autoSync,
            CascadeDeleter deleter,
            ToLongFunction<String> refreshAskedAt,
            PushAsks pushes) {
        this.pushes = pushes;
        this.deleter = deleter;
        this.refreshAskedAt = refreshAskedAt;
        this.operations = operations;
        this.autoSync = autoSync;
        this.namespace = namespace;
        this.applications = applications;
        this.readFresh = readFresh;
        this.projects = projects;
        this.manifests = manifests;
        this.comparator = comparator;
        this.statusBuilder = statusBuilder;
        this.planner = new StatusPlanner(statusBuilder, autoSync);
        this.statusWriter = statusWriter;
        this.store = store;
        this.settings = settings;
    }

    /**
     * Refreshes {@code name} (and advances its operation); the result says when it wants to be looked at
     * again, which the caller schedules. Nothing here waits or schedules on its own.
     */
    public ReconcileResult reconcile(String name) {
        Next next = new Next();
        StatusUpdate update = reconcile(name, next);
        return new ReconcileResult(Optional.ofNullable(update), next.soonest());
    }

    /**
     * The applier of this reconciler's results: writes each {@link StatusUpdate} and starts its operation,
     * with the comparison status added to the write that ends it.
     */
    StatusApplier applier() {
        return new StatusApplier(
                namespace,
                statusWriter,
                planner,
                readFresh,
                operations,
                (started, update) -> statusAfter(started, update.rendered()));
    }

    /** @return the write decided on, or null when there is none (it was written with a sync, or no app) */
    private StatusUpdate reconcile(String name, Next later) {
        Application app = applications.apply(name);
        if (app == null) {
            store.remove(name);
            return null;
        }
        if (CascadeDeleter.applies(app)) {
            try {
                if (deleter.process(app)) {
                    later.in(OPERATION_POLL);
                }
            } catch (RuntimeException e) {
                LOG.warnf("Application %s: deleting its resources failed: %s", name, e.getMessage());
                later.in(Duration.ofSeconds(5));
            }
            return null;
        }
        if (app.getOperation() != null || operationRunning(app)) {
            advance(name, () -> operations.process(name), later);
        }
        Map<String, String> annotations = app.getMetadata().getAnnotations();
        String refresh = annotations == null ? null : annotations.get(StatusWriter.REFRESH_ANNOTATION);
        // A refresh asked for, or an app never reconciled (created after this round's fetch, maybe after a
        // push: it must not be synced first to the older commit the round resolved), fetches what was
        // pushed before the ask.
        long pushed = pushes.askedAt(name, GitManifestSource.NO_REFRESH);
        long asked = refresh == null && !ApplicationWatcher.neverReconciled(app)
                ? pushed
                : Math.max(refreshAskedAt.applyAsLong(name), pushed);
        boolean hard = "hard".equals(refresh);
        // One render per reconcile: the comparisons before and after a sync, and the sync, share it.
        Rendered[] once = new Rendered[1];
        Supplier<Rendered> again =
                () -> once[0] != null ? once[0] : manifests.render(app, GitManifestSource.NO_REFRESH, false);
        Comparison comparison = compare(app, () -> once[0] = manifests.render(app, asked, hard), autoSync.maySync(app));
        if (!comparison.provisional()) {
            store.put(comparison); // a provisional one is never shown, nor kept as the last good comparison
        }
        if (pushed != GitManifestSource.NO_REFRESH) {
            pushes.served(name, pushed); // fetched after it; an ask made meanwhile waits for the next reconcile
        }
        Decided decided = decide(app, comparison, refresh != null, again, () -> compare(app, again, false), later);
        if (HealthStatusCode.PROGRESSING.is(decided.comparison().healthStatus())) {
            later.in(PROGRESSING_RECHECK);
        }
        return decided.update();
    }

    /** The latest comparison, and the write it calls for (null when a sync run at once wrote already). */
    private record Decided(Comparison comparison, StatusUpdate update) {}

    /**
     * Renders and compares, within the project's bounds; failures become a comparison that says why.
     *
     * @param render the app's manifests (throws as {@link GitManifestSource#render} does)
     * @param provisional whether an OutOfSync verdict may skip the dry run (see {@link AppComparator})
     */
    private Comparison compare(Application app, Supplier<Rendered> render, boolean provisional) {
        String name = AppKey.of(app, namespace);
        ProjectBounds bounds = projects.apply(ProjectBounds.projectOf(app));
        Optional<String> outOfBounds = bounds.checkSourceNamespace(
                        app.getMetadata().getNamespace(), namespace)
                .or(() -> bounds.checkApplication(app));
        try {
            if (outOfBounds.isPresent()) {
                return Comparison.invalidSpec(name, outOfBounds.get(), Instant.now());
            }
            Rendered rendered = render.get();
            IgnoreRules rules = IgnoreRules.of(
                    app.getSpec().getIgnoreDifferences() == null
                            ? List.of()
                            : app.getSpec().getIgnoreDifferences(),
                    settings.get().all());
            // Bounds first: an object the project may not touch is never read or dry-run (security review H2).
            Comparison comparison = comparator.compare(
                    app,
                    rendered,
                    rules,
                    provisional,
                    key -> bounds.checkResource(
                            app, key, key.namespace() == null || key.namespace().isEmpty()));
            List<String> specErrors = new ArrayList<>(resourcesOutOfBounds(bounds, app, comparison));
            syncOptionsError(app).ifPresent(specErrors::add);
            return comparison.withSpecErrors(specErrors);
        } catch (RepoException e) {
            return Comparison.renderFailed(
                    store.get(name).orElse(null), name, Redactor.redact(e.getMessage()), Instant.now());
        } catch (IllegalArgumentException e) {
            return Comparison.failed(name, Redactor.redact(e.getMessage()), Instant.now());
        } catch (DestinationClusters.Unavailable e) {
            // Its cluster is unknown, unusable or unreachable: this app says so; the others go on.
            return Comparison.failed(name, e.getMessage(), Instant.now());
        } catch (RuntimeException e) {
            String message = Redactor.redact(String.valueOf(e.getMessage()));
            LOG.warnf("Comparing application %s failed: %s", name, message);
            return Comparison.failed(name, "comparison failed: " + message, Instant.now());
        }
    }

    /**
     * After a sync that ends within the reconcile that started it: compared again (the live-state cache
     * has what the sync applied), written with the operation's end.
     */
    private AfterSync statusAfter(Application started, Supplier<Rendered> rendered) {
        return new AfterSync(started, rendered);
    }

    /** The comparison status written with a sync's end, and whether it was. */
    private final class AfterSync implements StatusAfterOperation {
        private final Application started;
        private final Supplier<Rendered> rendered;
        private volatile boolean written;

        AfterSync(Application started, Supplier<Rendered> rendered) {
            this.started = started;
            this.rendered = rendered;
        }

        @Override
        public ObjectNode status() {
            Comparison after = compare(started, rendered, false);
            if (after.hasErrors()) {
                return null; // written, with its conditions, by the next reconcile
            }
            store.put(after);
            return statusBuilder.build(started, after);
        }

        @Override
        public void written(ObjectNode status) {
            written = true;
            statusWriter.remember(started, status);
        }

        boolean wasWritten() {
            return written;
        }
    }

    /**
     * Decides what to write: the comparison's status, or the automated sync that is due. A sync that ends
     * in one call (one step, no hooks) runs here at once and is recorded with the status after it in one
     * write ({@link OperationRunner#syncAtOnce}): a one-ConfigMap app then costs the apply and that write.
     * Any other sync is returned to be started in the same write as the status ({@link StatusApplier}),
     * guarded by the resourceVersion the decision was taken on, and run as far as it goes at once.
     *
     * <p>A provisional comparison (OutOfSync verdicts taken without a dry run) only ever leads to a
     * sync of a new revision run at once; anything else (no sync, self-heal, a sync with steps) is
     * decided on a comparison confirmed with dry runs, from {@code confirm}.
     */
    private Decided decide(
            Application cached,
            Comparison first,
            boolean refreshed,
            Supplier<Rendered> rendered,
            Supplier<Comparison> confirm,
            Next later) {
        String name = AppKey.of(cached, namespace);
        Comparison comparison = first;
        AutoSync.Decision decision = autoSync.decide(cached, comparison);
        if (comparison.provisional() && (!decision.sync() || decision.selfHeal())) {
            comparison = confirmed(confirm);
            decision = autoSync.decide(cached, comparison);
        }
        if (decision.sync()) {
            LOG.infof("Application %s: auto-sync to %s", name, comparison.revision());
            OperationRunner.AtOnce ran;
            AfterSync after = statusAfter(cached, rendered);
            try {
                ran = operations.syncAtOnce(
                        cached,
                        decision.operation(),
                        comparison,
                        rendered.get(),
                        () -> applications.apply(name),
                        refreshed,
                        after);
            } catch (RuntimeException e) {
                LOG.warnf(
                        "Application %s: the automated sync could not be recorded: %s",
                        name, Redactor.redact(String.valueOf(e.getMessage())));
                later.in(OPERATION_POLL);
                return new Decided(comparison, null);
            }
            if (ran == OperationRunner.AtOnce.GOING_ON || (ran == OperationRunner.AtOnce.DONE && !after.wasWritten())) {
                // Going on, or recorded without the status after it (that comparison failed, or the write
                // was refused): nothing else asks for this app again soon, so ask now.
                later.in(OPERATION_POLL);
            }
            if (ran != OperationRunner.AtOnce.NEEDS_STEPS) {
                // The comparison after the sync (a rollout it started is Progressing, and must be looked at again).
                return new Decided(store.get(name).orElse(comparison), null);
            }
            if (comparison.provisional()) {
                comparison = confirmed(confirm);
            }
        }
        return new Decided(comparison, planner.plan(cached, comparison, refreshed, rendered));
    }

    /** A comparison with dry runs where the provisional one skipped them, kept for the pages and the API. */
    private Comparison confirmed(Supplier<Comparison> confirm) {
        Comparison c = confirm.get();
        store.put(c);
        return c;
    }

    /** What the project does not allow among the resources Git asks for (cluster-scoped ones have no namespace). */
    /** Why the app's own sync options are refused (unknown, or not implemented), if they are. */
    private static Optional<String> syncOptionsError(Application app) {
        var policy = app.getSpec().getSyncPolicy();
        try {
            SyncOptions.parse(policy == null ? null : policy.getSyncOptions());
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static List<String> resourcesOutOfBounds(ProjectBounds bounds, Application app, Comparison comparison) {
        return comparison.resources().stream()
                .filter(r -> r.target() != null)
                .map(r -> bounds.checkResource(
                        app,
                        r.key(),
                        r.key().namespace() == null || r.key().namespace().isEmpty()))
                .flatMap(Optional::stream)
                .toList();
    }

    /** One step of an operation; asks to be called again while it runs, or when the step failed. */
    private void advance(String name, BooleanSupplier step, Next later) {
        try {
            if (step.getAsBoolean()) {
                later.in(OPERATION_POLL);
            }
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted() || e instanceof Fence.Lost) {
                throw e; // stopping, or fenced: nothing more of this reconcile is written
            }
            LOG.warnf(
                    "Application %s: the operation could not advance: %s",
                    name, Redactor.redact(String.valueOf(e.getMessage())));
            later.in(OPERATION_POLL);
        }
    }

    /** The soonest look-again any part of one reconcile asked for. */
    private static final class Next {
        private Duration soonest;

        void in(Duration delay) {
            if (soonest == null || delay.compareTo(soonest) < 0) {
                soonest = delay;
            }
        }

        Optional<Duration> soonest() {
            return Optional.ofNullable(soonest);
        }
    }

    private static boolean operationRunning(Application app) {
        String phase = app.getStatus() == null || app.getStatus().getOperationState() == null
                ? null
                : app.getStatus().getOperationState().getPhase();
        return OperationPhase.inProgress(phase);
    }
}
