package io.sextant.controller;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.sextant.cache.LiveStateCache;
import io.sextant.cache.TrackingId;
import io.sextant.kube.ApiDiscovery;
import io.sextant.kube.ResourceWriter;
import io.sextant.model.AppKey;
import io.sextant.model.Application;
import io.sextant.model.ApplicationDestination;
import io.sextant.model.ApplicationSource;
import io.sextant.model.Operation;
import io.sextant.model.OperationPhase;
import io.sextant.model.OperationState;
import io.sextant.model.ResourceKey;
import io.sextant.model.RevisionHistory;
import io.sextant.model.SyncOperation;
import io.sextant.model.SyncOperationResult;
import io.sextant.model.SyncOperationResult.ResourceResult;
import io.sextant.model.SyncPolicy;
import io.sextant.model.SyncStatusCode;
import io.sextant.model.SyncStrategy;
import io.sextant.operation.SyncRun;
import io.sextant.repo.RepoException;
import io.sextant.repo.git.Redactor;
import io.sextant.sync.ProjectBounds;
import io.sextant.sync.ResourceFilter;
import io.sextant.sync.SyncCandidate;
import io.sextant.sync.SyncOptions;
import io.sextant.sync.SyncPlan;
import io.sextant.sync.SyncPlanException;
import io.sextant.sync.SyncPlanner;
import io.sextant.sync.SyncRequest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs the operation an Application asks for in its {@code operation} field (a sync, a rollback):
 * one step of it per call, recorded in {@code status.operationState} so a restarted controller
 * resumes where it stopped. When the operation ends it writes the final phase, appends a history
 * entry for a successful full sync, and clears {@code operation}; setting the phase to Terminating
 * stops it.
 *
 * <p>An automated sync that ends in one step is the exception ({@link #syncAtOnce}): it is run at once,
 * never stored in {@code operation}, and recorded with its end in one write.
 *
 * <p>One call per Application at a time (the reconcile queue guarantees it). A stored operation is
 * moved on from the Application as read from the API server (or as the write that started it
 * answered), not from the informer cache, so results written a moment ago are never missed.
 */
public final class OperationRunner {

    private static final Logger LOG = Logger.getLogger(OperationRunner.class);
    static final int DEFAULT_HISTORY_LIMIT = 10;

    private final KubernetesClient client;
    private final String namespace;
    private final GitManifestSource manifests;
    private final Function<Application, DestinationCluster> clusters;
    private final ComparisonStore comparisons;
    private final SyncPlanner planner = new SyncPlanner();
    private final KubernetesSerialization json;
    private final Function<String, ProjectBounds> projects;
    private final ApplicationPatcher patcher;
    private volatile OperationObserver observer = OperationObserver.NONE;

    /** @param clusters the destination cluster of an app (throws {@link DestinationClusters.Unavailable}) */
    OperationRunner(
            KubernetesClient client,
            String namespace,
            GitManifestSource manifests,
            Function<Application, DestinationCluster> clusters,
            ComparisonStore comparisons,
            Function<String, ProjectBounds> projects,
            ApplicationPatcher patcher) {
        this.projects = projects;
        this.client = client;
        this.namespace = namespace;
        this.manifests = manifests;
        this.clusters = clusters;
        this.comparisons = comparisons;
        this.json = client.getKubernetesSerialization();
        this.patcher = patcher;
    }

    /** Who hears of operations starting and ending (metrics, Events); set once, before the first call. */
    public void observeWith(OperationObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /**
     * Moves the Application's operation on, if it has one.
     *
     * @return true while the operation is still running (call again soon)
     */
    public boolean process(String name) {
        Application app = client.resources(Application.class)
                .inNamespace(AppKey.namespace(name, namespace))
                .withName(AppKey.name(name))
                .get();
        return app != null && process(app);
    }

    /**
     * Moves the operation of {@code app} on; {@code app} must be as stored right now (read from the API
     * server, or the answer of the write that started the operation).
     *
     * @return true while the operation is still running (call again soon)
     */
    public boolean process(Application app) {
        return process(app, null);
    }

    /**
     * As {@link #process(Application)}; when the operation ends in this step, {@code after} (may be
     * null) adds the comparison status to the same write.
     */
    boolean process(Application app, StatusAfterOperation after) {
        Operation op = app.getOperation();
        OperationState state = app.getStatus() == null ? null : app.getStatus().getOperationState();
        String phase = state == null ? null : state.getPhase();
        boolean running = OperationPhase.inProgress(phase);
        if (op == null && !running) {
            return false;
        }
        if (op == null || op.getSync() == null) {
            finish(
                    app,
                    state,
                    OperationPhase.FAILED,
                    op == null ? "Operation was removed before it finished" : "only sync operations are supported",
                    false,
                    null,
                    Stored.YES);
            return false;
        }
        if (!running) {
            state = start(op);
            observer.started(app, op);
        }
        if (OperationPhase.TERMINATING.is(state.getPhase())) {
            finish(app, state, OperationPhase.FAILED, "Operation terminated", false, null, Stored.YES);
            return false;
        }
        if (retryPending(state, op)) {
            return true;
        }
        Prepared prepared = prepare(app, op, null, null);
        List<ResourceResult> previous = state.getSyncResult() == null
                ? List.of()
                : Optional.ofNullable(state.getSyncResult().getResources()).orElse(List.of());
        return conclude(app, op, state, prepared, advance(prepared, previous, app, op), after, Stored.YES);
    }

    /** Whether an automated sync started with {@link #syncAtOnce} ended there, or needs steps of its own. */
    enum AtOnce {
        /** Started, run, ended and recorded. */
        DONE,
        /** Started and run, but it goes on (the API server failed, or a retry waits): stored as any operation. */
        GOING_ON,
        /** Nothing was done: the sync waits between steps or runs hooks, so store the operation first. */
        NEEDS_STEPS
    }

    /**
     * Runs an automated sync at once, without storing the operation first, when it ends in one call of
     * the sync run (one step, no hooks; see {@link SyncPlan#endsInOneCall()}): the start, the end and
     * the status after it go in one write of the Application, guarded by the resourceVersion of
     * {@code app}. Such a sync applies nothing that must not be applied twice, so a controller that
     * stops before the apply loses nothing (the next comparison finds the app OutOfSync and syncs
     * again); one that stops between the apply and the write leaves the app Synced with no history entry
     * for that sync, the price of not writing the Application twice. A one-ConfigMap app then costs the
     * apply and a single write of the Application. Such a sync is never seen in phase Running.
     *
     * @param app the Application the decision was taken on, as last known (it has no operation)
     * @param decidedOn the comparison the decision was taken on (its verdicts serve ApplyOutOfSyncOnly)
     * @param current the newest copy of the Application known now: when it is no longer {@code app}, nothing
     *        is run here (the stored path's guarded write then takes the decision again)
     * @param rendered what the comparison that decided it rendered (reused when it is of the revision to sync)
     * @param clearRefresh whether the write also removes the refresh annotation
     * @param after the comparison status to write with the end (may be null)
     */
    AtOnce syncAtOnce(
            Application app,
            ObjectNode operation,
            Comparison decidedOn,
            Rendered rendered,
            Supplier<Application> current,
            boolean clearRefresh,
            StatusAfterOperation after) {
        Operation op = json.convertValue(operation, Operation.class);
        Prepared prepared = prepare(app, op, rendered, decidedOn);
        if (prepared.plan() != null
                ? !prepared.plan().endsInOneCall()
                : !prepared.failure().done()) {
            return AtOnce.NEEDS_STEPS;
        }
        Application now = current.get();
        if (now == null
                || !Objects.equals(
                        now.getMetadata().getResourceVersion(),
                        app.getMetadata().getResourceVersion())) {
            // Changed since the decision (auto-sync turned off, a new target): the guarded write of the
            // stored path refuses the stale decision before anything is applied.
            return AtOnce.NEEDS_STEPS;
        }
        OperationState state = start(op);
        observer.started(app, op);
        return conclude(
                        app,
                        op,
                        state,
                        prepared,
                        advance(prepared, List.of(), app, op),
                        after,
                        clearRefresh ? Stored.NOT_YET_REFRESHED : Stored.NOT_YET)
                ? AtOnce.GOING_ON
                : AtOnce.DONE;
    }

    /** Whether the operation is stored in the Application's {@code operation} field. */
    private enum Stored {
        /** It is: its end clears it. */
        YES,
        /** Not (an automated sync run at once): its end leaves {@code operation} alone. */
        NOT_YET,
        /** As NOT_YET, and the write also removes the refresh annotation the reconcile was asked with. */
        NOT_YET_REFRESHED;

        boolean stored() {
            return this == YES;
        }
    }

    /** An operation's plan at its revision, or why there is none ({@code failure}). */
    private record Prepared(SyncPlan plan, String revision, ApplicationSource source, SyncRun.Outcome failure) {}

    /**
     * Renders the operation's revision and plans it against the live state.
     *
     * @param known a render of the app's own source already made (may be null): used when it is of the
     *        revision the operation syncs
     * @param verdicts the comparison whose per-resource verdicts ApplyOutOfSyncOnly follows; null for the
     *        latest one kept
     */
    private Prepared prepare(Application app, Operation op, Rendered known, Comparison verdicts) {
        SyncOperation sync = op.getSync();
        ApplicationSource source =
                sync.getSource() != null ? sync.getSource() : app.getSpec().getSource();
        String revision = null;
        try {
            if (source == null) {
                throw new IllegalArgumentException("spec.source is missing: set repoURL, path and targetRevision");
            }
            String wanted = sync.getRevision() != null && !sync.getRevision().isBlank()
                    ? sync.getRevision()
                    : source.getTargetRevision();
            ProjectBounds bounds = projects.apply(ProjectBounds.projectOf(app));
            ApplicationDestination dest = app.getSpec().getDestination();
            Optional<String> outOfBounds = bounds.checkSourceNamespace(
                            app.getMetadata().getNamespace(), namespace)
                    .or(() -> bounds.checkApplication(
                            List.of(String.valueOf(source.getRepoURL())),
                            dest == null ? null : dest.getServer(),
                            dest == null ? null : dest.getName(),
                            dest == null ? null : dest.getNamespace()));
            if (outOfBounds.isPresent()) {
                throw new IllegalArgumentException(outOfBounds.get());
            }
            Rendered rendered = known != null
                            && sync.getSource() == null
                            && known.revision().equals(wanted)
                    ? known
                    : manifests.render(app, source, wanted, false, false);
            revision = rendered.revision();
            return new Prepared(
                    planner.plan(candidates(app, rendered, bounds, verdicts), request(app, op)),
                    revision,
                    source,
                    null);
        } catch (RepoException | SyncPlanException | IllegalArgumentException | DestinationClusters.Unavailable e) {
            return new Prepared(
                    null,
                    revision,
                    source,
                    new SyncRun.Outcome(OperationPhase.FAILED, Redactor.redact(e.getMessage()), List.of()));
        } catch (KubernetesClientException e) {
            return new Prepared(
                    null,
                    revision,
                    source,
                    new SyncRun.Outcome(
                            OperationPhase.RUNNING,
                            "waiting for the API server: " + ResourceWriter.reason(e),
                            List.of()));
        }
    }

    /** Runs what the plan can run now, after the results recorded so far. */
    private SyncRun.Outcome advance(Prepared prepared, List<ResourceResult> previous, Application app, Operation op) {
        if (prepared.failure() != null) {
            return prepared.failure();
        }
        try {
            return clusters.apply(app).syncRun().advance(prepared.plan(), previous, context(app, op));
        } catch (DestinationClusters.Unavailable e) {
            return new SyncRun.Outcome(
                    OperationPhase.RUNNING, "waiting for the destination cluster: " + e.getMessage(), List.of());
        } catch (KubernetesClientException e) {
            return new SyncRun.Outcome(
                    OperationPhase.RUNNING, "waiting for the API server: " + ResourceWriter.reason(e), List.of());
        }
    }

    /**
     * Records where the operation stands after {@code outcome}: still running, failed with a retry to
     * come, or ended. @return true while it is still running
     */
    private boolean conclude(
            Application app,
            Operation op,
            OperationState state,
            Prepared prepared,
            SyncRun.Outcome outcome,
            StatusAfterOperation after,
            Stored stored) {
        SyncOperationResult result = new SyncOperationResult();
        result.setResources(outcome.results());
        result.setRevision(prepared.revision());
        result.setSource(prepared.source());
        state.setSyncResult(result);
        state.setMessage(StatusBuilder.bounded(outcome.message()));
        if (!outcome.done()) {
            state.setPhase(OperationPhase.RUNNING.code());
            write(
                    app,
                    state,
                    stored.stored() ? Field.KEEP : Field.start(op, json),
                    false,
                    null,
                    stored == Stored.NOT_YET_REFRESHED);
            return true;
        }
        if (outcome.phase() == OperationPhase.FAILED && RetryBackoff.allows(op.getRetry(), state.getRetryCount())) {
            // Retried from scratch after the backoff; finishedAt marks when this attempt failed.
            long attempt = (state.getRetryCount() == null ? 0 : state.getRetryCount()) + 1;
            Instant next = Instant.now().plus(RetryBackoff.delay(op.getRetry(), attempt));
            state.setRetryCount(attempt);
            state.setPhase(OperationPhase.RUNNING.code());
            state.setFinishedAt(now());
            state.setMessage(StatusBuilder.bounded("Retrying attempt #" + attempt + " at "
                    + next.truncatedTo(ChronoUnit.SECONDS) + ": " + outcome.message()));
            write(
                    app,
                    state,
                    stored.stored() ? Field.KEEP : Field.start(op, json),
                    false,
                    null,
                    stored == Stored.NOT_YET_REFRESHED);
            return true;
        }
        SyncOperation sync = op.getSync();
        finish(
                app,
                state,
                outcome.phase(),
                outcome.message(),
                outcome.phase() == OperationPhase.SUCCEEDED
                        && !isDryRun(op)
                        && (sync.getResources() == null || sync.getResources().isEmpty()),
                after,
                stored);
        return false;
    }

    /**
     * While a failed attempt waits out its backoff: true (come back later). Once it is over, the
     * attempt starts afresh: its results are dropped.
     */
    private static boolean retryPending(OperationState state, Operation op) {
        if (state.getRetryCount() == null || state.getRetryCount() == 0 || state.getFinishedAt() == null) {
            return false;
        }
        Instant failed = Instant.parse(state.getFinishedAt());
        if (Instant.now().isBefore(failed.plus(RetryBackoff.delay(op.getRetry(), state.getRetryCount())))) {
            return true;
        }
        state.setFinishedAt(null);
        state.setSyncResult(null);
        return false;
    }

    private OperationState start(Operation op) {
        OperationState state = new OperationState();
        state.setOperation(op);
        state.setPhase(OperationPhase.RUNNING.code());
        state.setMessage("");
        state.setStartedAt(now());
        state.setRetryCount(0L);
        return state;
    }

    private void finish(
            Application app,
            OperationState state,
            OperationPhase phase,
            String message,
            boolean recordHistory,
            StatusAfterOperation after,
            Stored stored) {
        OperationState s =
                state == null ? start(app.getOperation() == null ? new Operation() : app.getOperation()) : state;
        s.setPhase(phase.code());
        s.setMessage(StatusBuilder.bounded(message));
        s.setFinishedAt(now());
        ObjectNode comparison = null;
        if (after != null) {
            try {
                comparison = after.status();
            } catch (RuntimeException e) {
                // The next reconcile compares and writes it; the operation's end must not wait for that.
                LOG.debugf(
                        "Application %s: no status with the operation's end: %s",
                        app.getMetadata().getName(), e.getMessage());
            }
        }
        boolean written = write(
                app,
                s,
                stored.stored() ? Field.CLEAR : Field.KEEP,
                recordHistory && s.getSyncResult() != null,
                comparison,
                stored == Stored.NOT_YET_REFRESHED);
        if (written && comparison != null) {
            after.written(comparison);
        }
        observer.finished(app, s);
        LOG.infof("Application %s: operation %s: %s", app.getMetadata().getName(), phase, message);
    }

    private List<RevisionHistory> appendHistory(Application app, OperationState s) {
        List<RevisionHistory> history = new ArrayList<>(
                app.getStatus() == null || app.getStatus().getHistory() == null
                        ? List.of()
                        : app.getStatus().getHistory());
        long id = history.stream()
                        .mapToLong(h -> h.getId() == null ? 0 : h.getId())
                        .max()
                        .orElse(-1)
                + 1;
        RevisionHistory entry = new RevisionHistory();
        entry.setId(id);
        entry.setRevision(s.getSyncResult().getRevision());
        entry.setSource(s.getSyncResult().getSource());
        entry.setDeployStartedAt(s.getStartedAt());
        entry.setDeployedAt(s.getFinishedAt());
        entry.setInitiatedBy(s.getOperation() == null ? null : s.getOperation().getInitiatedBy());
        history.add(entry);
        long limit = app.getSpec().getRevisionHistoryLimit() == null
                ? DEFAULT_HISTORY_LIMIT
                : Math.max(1, app.getSpec().getRevisionHistoryLimit());
        while (history.size() > limit) {
            history.remove(0);
        }
        return history;
    }

    /** What a write does to the Application's {@code operation} field. */
    private record Field(ObjectNode start, boolean clear) {
        /** Leaves it as it is (an operation going on, or one never stored). */
        static final Field KEEP = new Field(null, false);
        /** Removes it: the stored operation ended. */
        static final Field CLEAR = new Field(null, true);

        /** Stores an operation run at once that must go on (waiting for the API server, or a retry). */
        static Field start(Operation op, KubernetesSerialization json) {
            return new Field(json.convertValue(op, ObjectNode.class), false);
        }
    }

    /**
     * Writes the operation's state, guarded by the resourceVersion of {@code app}: a user who set the
     * phase to Terminating meanwhile is not overwritten. On a conflict the Application is read again and
     * the same results are written on top (they record what was done, so nothing runs twice; the history
     * entry is appended to the history read); a Terminating phase found then ends the operation. An
     * operation run at once is not stored over one a person asked for meanwhile, nor recorded over one
     * that is running.
     *
     * @param recordHistory whether to append a history entry for the operation's sync result
     * @return whether it was written
     */
    private boolean write(
            Application app,
            OperationState state,
            Field operation,
            boolean recordHistory,
            ObjectNode comparison,
            boolean clearRefresh) {
        Application base = app;
        Field field = operation;
        for (int attempt = 1; ; attempt++) {
            ObjectNode patch = JsonNodeFactory.instance.objectNode();
            ObjectNode meta = patch.putObject("metadata");
            meta.put("resourceVersion", base.getMetadata().getResourceVersion());
            if (clearRefresh && attempt == 1) {
                // Not on a retry: the conflict may be a refresh asked for since, which must still be served.
                StatusWriter.clearRefresh(meta);
            }
            ObjectNode status = patch.putObject("status");
            if (comparison != null) {
                status.setAll(comparison);
            }
            status.set("operationState", json.convertValue(state, ObjectNode.class));
            if (recordHistory) {
                status.set("history", json.convertValue(appendHistory(base, state), ArrayNode.class));
            }
            if (field.clear()) {
                patch.putNull("operation");
            } else if (field.start() != null) {
                patch.set("operation", field.start());
            }
            try {
                patcher.mergePatch(
                        app.getMetadata().getNamespace(), app.getMetadata().getName(), patch);
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 10) {
                    throw e;
                }
            }
            Application now = client.resources(Application.class)
                    .inNamespace(app.getMetadata().getNamespace())
                    .withName(app.getMetadata().getName())
                    .get();
            if (now == null) {
                return false;
            }
            base = now;
            OperationState theirs =
                    now.getStatus() == null ? null : now.getStatus().getOperationState();
            boolean theirsRunning = theirs != null && OperationPhase.inProgress(theirs.getPhase());
            if (field.start() != null && (now.getOperation() != null || theirsRunning)) {
                return false; // someone asked for an operation meanwhile: it runs next, and syncs again
            }
            if (!field.clear() && field.start() == null && app.getOperation() == null && theirsRunning) {
                return false; // run at once, and an operation is running now: its end records the status
            }
            if (OperationPhase.RUNNING.is(state.getPhase())
                    && theirs != null
                    && OperationPhase.TERMINATING.is(theirs.getPhase())) {
                state.setPhase(OperationPhase.FAILED.code());
                state.setMessage("Operation terminated");
                state.setFinishedAt(now());
                field = Field.CLEAR;
            }
        }
    }

    /** What Git says at the operation's revision, and what lives, with the comparison's verdicts. */
    private List<SyncCandidate> candidates(
            Application app, Rendered rendered, ProjectBounds bounds, Comparison compared) {
        String appName = AppKey.of(app, namespace);
        String destination = app.getSpec().getDestination() == null
                ? null
                : app.getSpec().getDestination().getNamespace();
        Map<ResourceKey, String> verdicts = new HashMap<>();
        Optional.ofNullable(compared)
                .or(() -> comparisons.get(appName))
                .ifPresent(c -> c.resources().forEach(r -> verdicts.put(r.key(), r.syncStatus())));
        List<SyncCandidate> out = new ArrayList<>();
        Set<ResourceKey> seen = new HashSet<>();
        List<String> forbidden = new ArrayList<>();
        DestinationCluster cluster = clusters.apply(app);
        ApiDiscovery discovery = cluster.discovery();
        LiveStateCache cache = cluster.cache();
        for (ObjectNode manifest : rendered.manifests()) {
            Optional<ResourceDefinitionContext> served = discovery.find(
                    manifest.path("apiVersion").asText(), manifest.path("kind").asText());
            served.ifPresent(cache::watch);
            ObjectNode target = AppComparator.placed(manifest, served, destination);
            ResourceKey key = ResourceKey.of(target);
            // Hooks included: nothing the project does not allow is applied, and nothing at all then.
            boolean clusterScoped = served.map(c -> !c.isNamespaceScoped())
                    .orElse(key.namespace() == null || key.namespace().isEmpty());
            bounds.checkResource(app, key, clusterScoped).ifPresent(forbidden::add);
            ObjectNode annotations = target.with("metadata").with("annotations");
            annotations.put(TrackingId.ANNOTATION, TrackingId.of(appName, key));
            ObjectNode live = cache.get(key).orElse(null);
            seen.add(key);
            out.add(SyncCandidate.of(target, live, !SyncStatusCode.SYNCED.is(verdicts.get(key))));
        }
        if (!forbidden.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", forbidden.subList(0, Math.min(5, forbidden.size())))
                    + (forbidden.size() > 5 ? " (and " + (forbidden.size() - 5) + " more)" : ""));
        }
        for (ObjectNode live : cache.trackedBy(appName)) {
            ResourceKey key = ResourceKey.of(live);
            // Never pruned: an object outside the project's bounds, whatever tracks it (security review L1).
            // A hook's object is never pruned (its delete policy removes it) nor an object outside the bounds.
            if (!seen.contains(key)
                    && !live.path("metadata").has("deletionTimestamp")
                    && !AppComparator.isLiveHook(live)
                    && bounds.checkResource(
                                    app,
                                    key,
                                    key.namespace() == null || key.namespace().isEmpty())
                            .isEmpty()) {
                out.add(SyncCandidate.orphan(live));
            }
        }
        return out;
    }

    private SyncRequest request(Application app, Operation op) {
        SyncOperation sync = op.getSync();
        SyncPolicy policy = app.getSpec().getSyncPolicy();
        List<ResourceFilter> filters = sync.getResources() == null
                ? List.of()
                : sync.getResources().stream()
                        .map(r -> new ResourceFilter(
                                r.getGroup() == null ? "" : r.getGroup(),
                                r.getKind(),
                                r.getNamespace() == null ? "" : r.getNamespace(),
                                r.getName()))
                        .toList();
        boolean automated = op.getInitiatedBy() != null
                && Boolean.TRUE.equals(op.getInitiatedBy().getAutomated());
        // The empty-render guard protects automated syncs; a person who asks for a prune gets it.
        boolean allowEmpty = !automated
                || (policy != null
                        && policy.getAutomated() != null
                        && Boolean.TRUE.equals(policy.getAutomated().getAllowEmpty()));
        SyncStrategy strategy = sync.getSyncStrategy();
        boolean applyOnly = strategy != null && strategy.getApply() != null;
        return new SyncRequest(
                Boolean.TRUE.equals(sync.getPrune()),
                isDryRun(op),
                filters,
                syncOptions(app, op),
                allowEmpty,
                applyOnly);
    }

    /** Whether the operation's strategy ({@code apply} or {@code hook}) asks for force (delete and re-create). */
    private static boolean forced(Operation op) {
        SyncStrategy strategy = op.getSync() == null ? null : op.getSync().getSyncStrategy();
        if (strategy == null) {
            return false;
        }
        return strategy.getApply() != null
                        && Boolean.TRUE.equals(strategy.getApply().getForce())
                || strategy.getHook() != null
                        && Boolean.TRUE.equals(strategy.getHook().getForce());
    }

    /** The Application's sync options followed by the operation's own. */
    private static List<String> syncOptions(Application app, Operation op) {
        List<String> options = new ArrayList<>();
        SyncPolicy policy = app.getSpec().getSyncPolicy();
        if (policy != null && policy.getSyncOptions() != null) {
            options.addAll(policy.getSyncOptions());
        }
        if (op.getSync().getSyncOptions() != null) {
            options.addAll(op.getSync().getSyncOptions());
        }
        if (forced(op)) {
            options.add("Force=true"); // the strategy's force: every resource, as --force does
        }
        return options;
    }

    private SyncRun.Context context(Application app, Operation op) {
        SyncPolicy policy = app.getSpec().getSyncPolicy();
        // The planner has parsed the same options already, so they are valid here.
        boolean create = SyncOptions.parse(syncOptions(app, op)).createNamespace();
        SyncPolicy.ManagedNamespaceMetadata meta = policy == null ? null : policy.getManagedNamespaceMetadata();
        return new SyncRun.Context(
                AppKey.of(app, namespace),
                app.getSpec().getDestination() == null
                        ? null
                        : app.getSpec().getDestination().getNamespace(),
                create,
                meta == null ? Map.of() : meta.getLabels(),
                meta == null ? Map.of() : meta.getAnnotations());
    }

    private static boolean isDryRun(Operation op) {
        return op.getSync() != null && Boolean.TRUE.equals(op.getSync().getDryRun());
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
