package io.sextant.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.sextant.controller.SyncPreparer.Prepared;
import io.sextant.model.Application;
import io.sextant.model.Operation;
import io.sextant.model.OperationPhase;
import io.sextant.model.OperationState;
import io.sextant.model.SyncOperation;
import io.sextant.model.SyncOperationResult;
import io.sextant.operation.RequestedSync;
import io.sextant.operation.SyncRun;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Records what a step of an operation came to: still Running, Failed with a retry to come, or ended (with a
 * history entry for a successful full sync and the comparison status in the same write), and tells the
 * observer of the end. Separate from {@link OperationRunner}, which decides whether and what to run, because
 * turning an outcome into {@code status.operationState} is the same for the stored path and the sync run at
 * once. One call per Application at a time.
 */
final class OperationRecorder {

    // The runner's category, as before this class was split off: logging settings that name it still apply.
    private static final Logger LOG = Logger.getLogger(OperationRunner.class);

    private final KubernetesSerialization json;
    private final OperationStateWriter writer;
    private final Supplier<OperationObserver> observer;

    OperationRecorder(KubernetesSerialization json, OperationStateWriter writer, Supplier<OperationObserver> observer) {
        this.json = json;
        this.writer = writer;
        this.observer = observer;
    }

    /** Whether the operation is stored in the Application's {@code operation} field. */
    enum Stored {
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

    /**
     * Records where the operation stands after {@code outcome}: still running, failed with a retry to
     * come, or ended. @return true while it is still running
     */
    boolean conclude(
            Application app,
            Operation op,
            OperationState state,
            Prepared prepared,
            SyncRun.Outcome outcome,
            StatusAfterOperation after,
            Stored stored) {
        SyncOperationResult result = new SyncOperationResult();
        result.setResources(outcome.results());
        if (prepared.sources() != null) {
            // Argo CD's shape for several sources: revisions[] and sources[], no revision.
            result.setRevisions(prepared.revision() == null ? null : SourceRevisions.split(prepared.revision()));
            result.setSources(prepared.sources());
        } else {
            result.setRevision(prepared.revision());
            result.setSource(prepared.source());
        }
        state.setSyncResult(result);
        state.setMessage(StatusBuilder.bounded(outcome.message()));
        if (!outcome.done()) {
            state.setPhase(OperationPhase.RUNNING.code());
            writer.write(
                    app,
                    state,
                    stored.stored() ? OperationStateWriter.Field.KEEP : OperationStateWriter.Field.start(op, json),
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
            writer.write(
                    app,
                    state,
                    stored.stored() ? OperationStateWriter.Field.KEEP : OperationStateWriter.Field.start(op, json),
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
                        && !RequestedSync.isDryRun(op)
                        && (sync.getResources() == null || sync.getResources().isEmpty()),
                after,
                stored);
        return false;
    }

    /** Stores a new operation's Running state before it runs; see {@link OperationStateWriter#start}. */
    Optional<Application> start(Application app, OperationState state) {
        return writer.start(app, state);
    }

    /**
     * The sync result a stored operation starts with, as Argo CD's names its revision from the start: the full
     * commit(s) the operation names (an automated sync, a rollback, a sync to a SHA; a chart version for a Helm
     * source) and source(s), no resources; null otherwise (the first step sets the resolved revision).
     */
    static SyncOperationResult startingResult(Application app, Operation op) {
        var sync = op.getSync();
        SyncOperationResult r = new SyncOperationResult();
        if (MultiSource.of(app)
                || sync.getSources() != null && !sync.getSources().isEmpty()) {
            List<String> revisions = sync.getRevisions();
            if (revisions == null
                    || revisions.isEmpty()
                    || !revisions.stream().allMatch(v -> v != null && v.matches("[0-9a-f]{40}|[0-9][0-9A-Za-z.+-]*"))) {
                return null;
            }
            r.setRevisions(revisions);
            r.setSources(
                    sync.getSources() != null && !sync.getSources().isEmpty()
                            ? sync.getSources()
                            : app.getSpec().getSources());
            return r;
        }
        String asked = sync.getRevision();
        // Only a commit the operation names: the last compared revision may be stale (a push since), and a sync
        // ended before its first step would then look like an attempt of that revision to auto-sync.
        String revision = asked != null && asked.matches("[0-9a-f]{40}") ? asked : null;
        if (revision == null || revision.isBlank()) {
            return null;
        }
        r.setRevision(revision);
        r.setSource(sync.getSource() != null ? sync.getSource() : app.getSpec().getSource());
        return r;
    }

    /** A new operation's state: Running from now, no retry yet. */
    static OperationState started(Operation op) {
        OperationState state = new OperationState();
        state.setOperation(op);
        state.setPhase(OperationPhase.RUNNING.code());
        state.setMessage("");
        state.setStartedAt(now());
        state.setRetryCount(0L);
        return state;
    }

    /**
     * Ends the operation with {@code phase}: written with the comparison status of {@code after} (may be
     * null), a history entry when asked, and {@code operation} cleared when it was stored.
     */
    void finish(
            Application app,
            OperationState state,
            OperationPhase phase,
            String message,
            boolean recordHistory,
            StatusAfterOperation after,
            Stored stored) {
        OperationState s =
                state == null ? started(app.getOperation() == null ? new Operation() : app.getOperation()) : state;
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
        boolean written = writer.write(
                app,
                s,
                stored.stored() ? OperationStateWriter.Field.CLEAR : OperationStateWriter.Field.KEEP,
                recordHistory && s.getSyncResult() != null,
                comparison,
                stored == Stored.NOT_YET_REFRESHED);
        if (written && comparison != null) {
            after.written(comparison);
        }
        observer.get().finished(app, s);
        LOG.infof("Application %s: operation %s: %s", app.getMetadata().getName(), phase, message);
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
