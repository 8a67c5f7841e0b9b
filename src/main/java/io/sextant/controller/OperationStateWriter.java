package io.sextant.controller;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.sextant.model.Application;
import io.sextant.model.Operation;
import io.sextant.model.OperationPhase;
import io.sextant.model.OperationState;
import io.sextant.model.RevisionHistory;
import io.sextant.operation.Fence;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Stores where an operation stands on the Application: {@code status.operationState}, the history entry
 * of a sync that ended, and the {@code operation} field, in one merge patch guarded by the resourceVersion.
 * Separate from {@link OperationRecorder}, which decides the state, because writing it against people who
 * change the Application meanwhile (conflicts, Terminating, an operation asked for in between) is a job of
 * its own. Keeps no state of its own; one call per Application at a time.
 */
final class OperationStateWriter {

    static final int DEFAULT_HISTORY_LIMIT = 10;

    private final KubernetesClient client;
    private final KubernetesSerialization json;
    private final ApplicationPatcher patcher;

    OperationStateWriter(KubernetesClient client, ApplicationPatcher patcher) {
        this.client = client;
        this.json = client.getKubernetesSerialization();
        this.patcher = patcher;
    }

    /**
     * Stores a new operation's Running state before anything of it runs, guarded by the resourceVersion of
     * {@code app}, as Argo CD's controller does (it sets the operation state, then syncs): from then on its
     * {@code startedAt} names the operation for every later step and for a controller that takes over, and
     * the results of the previous operation are gone, so none of them is taken for this one's.
     *
     * @return the Application as stored, or empty when it changed meanwhile (the next reconcile starts again)
     */
    Optional<Application> start(Application app, OperationState state) {
        Fence.check(app.getMetadata().getName());
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        patch.putObject("metadata").put("resourceVersion", app.getMetadata().getResourceVersion());
        ObjectNode opState = json.convertValue(state, ObjectNode.class);
        opState.putNull("finishedAt");
        opState.putNull("syncResult");
        patch.putObject("status").set("operationState", opState);
        try {
            return Optional.ofNullable(patcher.mergePatch(
                    app.getMetadata().getNamespace(), app.getMetadata().getName(), patch));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** What a write does to the Application's {@code operation} field. */
    record Field(ObjectNode start, boolean clear) {
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
    boolean write(
            Application app,
            OperationState state,
            Field operation,
            boolean recordHistory,
            ObjectNode comparison,
            boolean clearRefresh) {
        Fence.check(app.getMetadata().getName()); // a replica that lost the app records nothing of it
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
            ObjectNode opState = json.convertValue(state, ObjectNode.class);
            StatusBudget.trimSyncResult(opState);
            if (state.getFinishedAt() == null) {
                opState.putNull("finishedAt"); // a merge patch keeps the previous operation's otherwise
            }
            status.set("operationState", opState);
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
        entry.setRevisions(s.getSyncResult().getRevisions());
        entry.setSources(s.getSyncResult().getSources());
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

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
