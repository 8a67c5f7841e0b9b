package io.sextant.operation;

import io.sextant.model.AppKey;
import io.sextant.model.Application;
import io.sextant.model.Operation;
import io.sextant.model.SyncOperation;
import io.sextant.model.SyncPolicy;
import io.sextant.model.SyncStrategy;
import io.sextant.sync.ResourceFilter;
import io.sextant.sync.SyncOptions;
import io.sextant.sync.SyncRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What an Application's sync operation asks for, in the terms of the planner ({@link SyncRequest}) and of
 * the run ({@link SyncRun.Context}): the operation's own fields merged with the app's sync policy. Separate
 * from the controller's operation runner because it reads only the Application and the operation, and the
 * planner and the run both depend on reading them the same way. Stateless.
 */
public final class RequestedSync {

    private RequestedSync() {}

    /** What the planner is asked: prune, dry run, the resources picked, options, the empty-render guard. */
    public static SyncRequest request(Application app, Operation op) {
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

    /**
     * What the run needs besides the plan.
     *
     * @param controlPlaneNamespace the namespace whose apps are named by their name alone ({@link AppKey})
     * @param startedAt the operation's {@code startedAt} as stored
     * @param revision the revision synced
     * @param attempt 0, or the retry this is ({@code retryCount})
     */
    public static SyncRun.Context context(
            Application app,
            Operation op,
            String controlPlaneNamespace,
            String startedAt,
            String revision,
            long attempt) {
        SyncPolicy policy = app.getSpec().getSyncPolicy();
        // The planner has parsed the same options already, so they are valid here.
        boolean create = SyncOptions.parse(syncOptions(app, op)).createNamespace();
        SyncPolicy.ManagedNamespaceMetadata meta = policy == null ? null : policy.getManagedNamespaceMetadata();
        return new SyncRun.Context(
                AppKey.of(app, controlPlaneNamespace),
                app.getSpec().getDestination() == null
                        ? null
                        : app.getSpec().getDestination().getNamespace(),
                create,
                meta == null ? Map.of() : meta.getLabels(),
                meta == null ? Map.of() : meta.getAnnotations(),
                startedAt,
                revision,
                attempt);
    }

    /** Whether the operation only asks the API server what it would do. */
    public static boolean isDryRun(Operation op) {
        return op.getSync() != null && Boolean.TRUE.equals(op.getSync().getDryRun());
    }
}
