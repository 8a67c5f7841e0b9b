package io.sextant.service;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.sextant.model.AppKey;
import io.sextant.model.Application;
import io.sextant.model.Operation;
import io.sextant.model.OperationInitiator;
import io.sextant.model.OperationPhase;
import io.sextant.model.RetryStrategy;
import io.sextant.model.RevisionHistory;
import io.sextant.model.SyncOperation;
import io.sextant.model.SyncPolicy;
import io.sextant.model.SyncStrategy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/**
 * Starting and stopping operations: sync, rollback, terminate. A sync or rollback is asked for by
 * writing the Application's {@code operation} field, as Argo CD's API does; the controller runs it. At
 * most one operation runs on an app: a new one is refused while another is asked for or running.
 */
@ApplicationScoped
public class ApplicationOperations {

    private final KubernetesClient client;
    private final ApplicationStore store;
    private final ApplicationService applications;

    @Inject
    public ApplicationOperations(KubernetesClient client, ApplicationStore store, ApplicationService applications) {
        this.client = client;
        this.store = store;
        this.applications = applications;
    }

    /**
     * Asks for a sync.
     *
     * @param revision  a branch, tag or SHA; null for the app's targetRevision
     * @param resources selective sync ("group:kind:name" or "group:kind:namespace/name"); empty for all
     */
    public Application sync(
            String name,
            String revision,
            boolean prune,
            boolean dryRun,
            List<String> syncOptions,
            List<SyncOperation.Resource> resources,
            String username) {
        return sync(name, revision, prune, dryRun, syncOptions, resources, null, username);
    }

    /** As above, with a sync strategy (APPLY ONLY, FORCE of the dashboard's SYNC panel); null for the default. */
    public Application sync(
            String name,
            String revision,
            boolean prune,
            boolean dryRun,
            List<String> syncOptions,
            List<SyncOperation.Resource> resources,
            SyncStrategy strategy,
            String username) {
        return sync(name, revision, prune, dryRun, syncOptions, resources, strategy, null, username);
    }

    /** As above, with a retry strategy for this operation (Argo's sync request {@code retryStrategy}); null for none. */
    public Application sync(
            String name,
            String revision,
            boolean prune,
            boolean dryRun,
            List<String> syncOptions,
            List<SyncOperation.Resource> resources,
            SyncStrategy strategy,
            RetryStrategy retry,
            String username) {
        Application app = applications.get(name);
        applications.check("sync", app);
        refuseWhileRunning(app);
        Operation op = new Operation();
        SyncOperation sync = new SyncOperation();
        sync.setRevision(revision);
        sync.setPrune(prune);
        sync.setDryRun(dryRun);
        sync.setSyncOptions(syncOptions == null || syncOptions.isEmpty() ? null : syncOptions);
        sync.setResources(resources == null || resources.isEmpty() ? null : resources);
        sync.setSyncStrategy(strategy);
        op.setSync(sync);
        op.setRetry(retry);
        op.setInitiatedBy(initiator(username));
        return writeOperation(app, op);
    }

    /**
     * Asks for a rollback to history entry {@code id}: a sync of that entry's revision and source.
     * Refused while auto-sync is on, which would undo it at once.
     */
    public Application rollback(String name, long id, boolean prune, boolean dryRun, String username) {
        Application app = applications.get(name);
        if (!applications.can("rollback", app)) {
            applications.check("sync", app); // Argo lets whoever may sync roll back
        }
        SyncPolicy policy = app.getSpec().getSyncPolicy();
        if (policy != null
                && policy.getAutomated() != null
                && !Boolean.FALSE.equals(policy.getAutomated().getEnabled())) {
            throw new OperationRefusedException(
                    "rollback cannot be initiated when auto-sync is enabled: auto-sync would "
                            + "undo it; disable auto-sync first (argocd app set " + name + " --sync-policy none)");
        }
        refuseWhileRunning(app);
        RevisionHistory entry = historyEntry(app, id);
        Operation op = new Operation();
        SyncOperation sync = new SyncOperation();
        if (entry.getSources() != null && !entry.getSources().isEmpty()) {
            // Every source back at the commit it had (ref sources too), as Argo CD rolls back several sources.
            sync.setRevisions(entry.getRevisions());
            sync.setSources(entry.getSources());
        } else {
            sync.setRevision(entry.getRevision());
            sync.setSource(entry.getSource());
        }
        sync.setPrune(prune);
        sync.setDryRun(dryRun);
        SyncStrategy strategy = new SyncStrategy();
        strategy.setAdditionalProperty("apply", Map.of());
        sync.setSyncStrategy(strategy);
        op.setSync(sync);
        op.setInitiatedBy(initiator(username));
        return writeOperation(app, op);
    }

    /** Stops the running operation: its phase becomes Terminating and the controller ends it. */
    public void terminateOperation(String name) {
        Application app = applications.get(name);
        applications.check("sync", app);
        var state = app.getStatus() == null ? null : app.getStatus().getOperationState();
        if (state == null || !OperationPhase.RUNNING.is(state.getPhase())) {
            throw new NotFoundException("Unable to terminate operation. No operation is in progress");
        }
        applications
                .resource(name)
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"status\": {\"operationState\": {\"phase\": \"Terminating\"}}}");
    }

    /** The app's history entry {@code id}; NotFoundException, listing the ids there are, otherwise. */
    static RevisionHistory historyEntry(Application app, long id) {
        List<RevisionHistory> history =
                app.getStatus() == null || app.getStatus().getHistory() == null
                        ? List.of()
                        : app.getStatus().getHistory();
        return history.stream()
                .filter(h -> h.getId() != null && h.getId() == id)
                .findFirst()
                .orElseThrow(() -> new NotFoundException("application '"
                        + app.getMetadata().getName()
                        + "' has no history id " + id
                        + (history.isEmpty()
                                ? " (its history is empty)"
                                : "; ids are "
                                        + history.stream()
                                                .map(h -> String.valueOf(h.getId()))
                                                .toList())));
    }

    /** @throws OperationRefusedException while an operation is asked for or running on the app */
    static void refuseWhileRunning(Application app) {
        if (app.getOperation() != null
                || (app.getStatus() != null
                        && app.getStatus().getOperationState() != null
                        && OperationPhase.RUNNING.is(
                                app.getStatus().getOperationState().getPhase()))) {
            throw new OperationRefusedException("another operation is already in progress on application '"
                    + app.getMetadata().getName() + "'; wait for it or terminate it");
        }
    }

    private static OperationInitiator initiator(String username) {
        OperationInitiator by = new OperationInitiator();
        by.setUsername(username);
        return by;
    }

    /**
     * Writes the operation, guarded by the resourceVersion read: an operation someone else asked for in
     * the meantime is never replaced. The controller's status writes also change the resourceVersion,
     * so a conflict is retried on a fresh read, a few times.
     */
    private Application writeOperation(Application app, Operation op) {
        Application current = app;
        for (int attempt = 1; ; attempt++) {
            ObjectNode patch = JsonNodeFactory.instance.objectNode();
            patch.putObject("metadata")
                    .put("resourceVersion", current.getMetadata().getResourceVersion());
            patch.set("operation", client.getKubernetesSerialization().convertValue(op, ObjectNode.class));
            try {
                Application written = applications
                        .resource(AppKey.of(current))
                        .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
                // Into the store at once, so the next list shows the operation asked for.
                store.remember(written);
                return written;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 10) {
                    throw e;
                }
                current = applications.get(AppKey.of(current));
                refuseWhileRunning(current);
            }
        }
    }
}
