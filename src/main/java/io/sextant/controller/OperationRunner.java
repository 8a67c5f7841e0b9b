package io.sextant.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.sextant.controller.OperationRecorder.Stored;
import io.sextant.controller.SyncPreparer.Prepared;
import io.sextant.kube.ResourceWriter;
import io.sextant.model.AppKey;
import io.sextant.model.Application;
import io.sextant.model.Operation;
import io.sextant.model.OperationPhase;
import io.sextant.model.OperationState;
import io.sextant.model.SyncOperationResult.ResourceResult;
import io.sextant.operation.RequestedSync;
import io.sextant.operation.SyncRun;
import io.sextant.sync.ProjectBounds;
import io.sextant.sync.SyncPlan;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

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
 * <p>This class decides whether a step runs and which; the rest is done for it: {@link SyncPreparer} renders
 * and plans the step, the destination cluster's {@link SyncRun} carries the plan out, {@link OperationRecorder}
 * turns the outcome into the operation's state and {@link OperationStateWriter} stores it.
 *
 * <p>One call per Application at a time (the reconcile queue guarantees it). A stored operation is
 * moved on from the Application as read from the API server (or as the write that started it
 * answered), not from the informer cache, so results written a moment ago are never missed.
 */
public final class OperationRunner {

    private final KubernetesClient client;
    private final String namespace;
    private final Function<Application, DestinationCluster> clusters;
    private final KubernetesSerialization json;
    private final SyncPreparer preparer;
    private final OperationRecorder recorder;
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
        this.client = client;
        this.namespace = namespace;
        this.clusters = clusters;
        this.json = client.getKubernetesSerialization();
        this.preparer = new SyncPreparer(namespace, manifests, clusters, comparisons, projects);
        this.recorder = new OperationRecorder(json, new OperationStateWriter(client, patcher), () -> this.observer);
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
            recorder.finish(
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
            state = OperationRecorder.started(op);
            // As Argo CD, a running sync names its revision from the start (notifications and pages key by it):
            // the one it asks for, else the one the app was last compared at; the first step sets the resolved one.
            state.setSyncResult(OperationRecorder.startingResult(app, op));
            Optional<Application> stored = recorder.start(app, state);
            if (stored.isEmpty()) {
                return true; // changed meanwhile: decided again on the newer copy
            }
            app = stored.get();
            observer.started(app, op);
        }
        if (OperationPhase.TERMINATING.is(state.getPhase())) {
            recorder.finish(app, state, OperationPhase.FAILED, "Operation terminated", false, null, Stored.YES);
            return false;
        }
        if (retryPending(state, op)) {
            return true;
        }
        Prepared prepared = preparer.prepare(app, op, null, null);
        List<ResourceResult> previous = state.getSyncResult() == null
                ? List.of()
                : Optional.ofNullable(state.getSyncResult().getResources()).orElse(List.of());
        return recorder.conclude(
                app, op, state, prepared, advance(prepared, previous, app, op, state), after, Stored.YES);
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
        Prepared prepared = preparer.prepare(app, op, rendered, decidedOn);
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
        OperationState state = OperationRecorder.started(op);
        observer.started(app, op);
        return recorder.conclude(
                        app,
                        op,
                        state,
                        prepared,
                        advance(prepared, List.of(), app, op, state),
                        after,
                        clearRefresh ? Stored.NOT_YET_REFRESHED : Stored.NOT_YET)
                ? AtOnce.GOING_ON
                : AtOnce.DONE;
    }

    /** Runs what the plan can run now, after the results recorded so far. */
    private SyncRun.Outcome advance(
            Prepared prepared, List<ResourceResult> previous, Application app, Operation op, OperationState state) {
        if (prepared.failure() != null) {
            return prepared.failure();
        }
        try {
            return clusters.apply(app)
                    .syncRun()
                    .advance(
                            prepared.plan(),
                            previous,
                            RequestedSync.context(
                                    app,
                                    op,
                                    namespace,
                                    state.getStartedAt(),
                                    prepared.revision(),
                                    state.getRetryCount() == null ? 0 : state.getRetryCount()));
        } catch (DestinationClusters.Unavailable e) {
            return new SyncRun.Outcome(
                    OperationPhase.RUNNING, "waiting for the destination cluster: " + e.getMessage(), List.of());
        } catch (KubernetesClientException e) {
            return new SyncRun.Outcome(
                    OperationPhase.RUNNING, "waiting for the API server: " + ResourceWriter.reason(e), List.of());
        }
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
}
