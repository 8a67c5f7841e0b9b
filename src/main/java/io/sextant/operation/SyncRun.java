package io.sextant.operation;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sextant.health.Children;
import io.sextant.health.HealthAssessor;
import io.sextant.kube.ClusterWriter;
import io.sextant.kube.ResourceWriter;
import io.sextant.model.OperationPhase;
import io.sextant.model.ResultCode;
import io.sextant.model.SyncOperationResult.ResourceResult;
import io.sextant.sync.Action;
import io.sextant.sync.SyncPlan;
import io.sextant.sync.SyncStep;
import io.sextant.sync.SyncTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Moves one sync operation forward as far as it can go now, and says where it stands: the state
 * machine behind {@code status.operationState}. Each call takes the plan (made again from Git and
 * the live state) and the results recorded so far, runs the steps that have no result yet, and
 * stops where it must wait (a wave not healthy yet, a hook still running). Tasks with a result are
 * never run again, so a controller that died mid-sync resumes from the recorded results and
 * creates no hook twice.
 *
 * <p>A step is done when its applied resources are healthy (or have no health), its hooks finished
 * and its pruned objects are gone; only then does the next step start. Of the last step only the
 * hooks are waited for: a sync succeeds once everything is applied, as Argo CD's does, and health is
 * the app's own business afterwards.
 *
 * <p>This class decides what runs when; its helpers do the rest: one task's write ({@link TaskWriter}), a
 * step's writes side by side ({@link StepWrites}), how far a step got ({@link StepProgress}), the namespace
 * of CreateNamespace=true ({@link ManagedNamespace}) and the results a run resumes from
 * ({@link TaskResults}).
 *
 * <p>Not thread-safe; one call per Application at a time (the reconcile queue guarantees it).
 */
public final class SyncRun {

    /** Where the operation stands after a call: a phase, a message, and all results so far. */
    public record Outcome(OperationPhase phase, String message, List<ResourceResult> results) {
        public boolean done() {
            return phase != OperationPhase.RUNNING;
        }
    }

    /**
     * What a run needs besides the plan.
     *
     * @param operationStartedAt the operation's {@code startedAt}, stored before anything runs: its identity,
     *     stamped on the hooks it creates and part of generated hook names
     * @param revision the revision synced, part of generated hook names as in Argo CD
     * @param attempt 0 for the operation's first attempt, n for its n-th retry: a retry runs its hooks anew
     */
    public record Context(
            String appName,
            String destinationNamespace,
            boolean createNamespace,
            Map<String, String> namespaceLabels,
            Map<String, String> namespaceAnnotations,
            String operationStartedAt,
            String revision,
            long attempt) {

        /** What a hook created by this attempt is stamped with; null when the operation has no start yet. */
        String hookStamp() {
            if (operationStartedAt == null) {
                return null;
            }
            return attempt == 0 ? operationStartedAt : operationStartedAt + "#retry-" + attempt;
        }
    }

    private final TaskWriter tasks;
    private final StepWrites writes;
    private final StepProgress progress;
    private final ManagedNamespace managedNamespace;

    public SyncRun(ClusterWriter writer, Supplier<HealthAssessor> health, Children children) {
        this.tasks = new TaskWriter(writer);
        this.writes = new StepWrites(tasks);
        this.progress = new StepProgress(writer, health, children);
        this.managedNamespace = new ManagedNamespace(writer);
    }

    public Outcome advance(SyncPlan plan, List<ResourceResult> previous, Context ctx) {
        TaskResults results = new TaskResults(previous);
        try {
            if (ctx.createNamespace() && !plan.dryRun()) {
                managedNamespace.ensure(ctx, results);
            }
            for (SyncTask skipped : plan.skipped()) {
                results.putIfAbsent(
                        skipped, TaskResults.resultFor(skipped, skipped.skipResultCode(), skipped.skipReason()));
            }
            List<SyncStep> steps = plan.steps();
            for (int i = 0; i < steps.size(); i++) {
                SyncStep step = steps.get(i);
                List<String> notYet = new ArrayList<>();
                boolean applies = startsNow(step, results, Action.APPLY);
                boolean prunes = startsNow(step, results, Action.PRUNE);
                if (i > 0 && (applies || prunes || startsNow(step, results, Action.CREATE_HOOK)) && !plan.dryRun()) {
                    FaultPoints.reach(FaultPoint.BETWEEN_WAVES, ctx.appName());
                }
                Optional<String> failure = writes.run(step, results, plan.dryRun(), ctx, notYet);
                if (!plan.dryRun()) {
                    if (applies) {
                        FaultPoints.reach(FaultPoint.AFTER_APPLY, ctx.appName());
                    }
                    if (prunes) {
                        FaultPoints.reach(FaultPoint.DURING_PRUNE, ctx.appName());
                    }
                }
                if (failure.isPresent()) {
                    runSyncFail(plan, results, ctx);
                    return new Outcome(OperationPhase.FAILED, failure.get(), results.list());
                }
                if (!notYet.isEmpty()) {
                    return new Outcome(OperationPhase.RUNNING, notYet.get(0), results.list());
                }
                boolean last = i == steps.size() - 1;
                if (!plan.dryRun()) {
                    // The last step's resources are not waited for, its hooks are: a PostSync hook must finish.
                    Optional<String> waiting = progress.waitingFor(step, results, last);
                    if (waiting.isPresent()) {
                        return new Outcome(OperationPhase.RUNNING, waiting.get(), results.list());
                    }
                }
                Optional<String> hookFailure = progress.hookFailure(step, results);
                if (hookFailure.isPresent()) {
                    runSyncFail(plan, results, ctx);
                    return new Outcome(OperationPhase.FAILED, hookFailure.get(), results.list());
                }
            }
            progress.cleanUpSucceededHooks(plan, results);
            return new Outcome(
                    OperationPhase.SUCCEEDED,
                    plan.dryRun() ? "successfully synced (dry run)" : "successfully synced (all tasks run)",
                    results.list());
        } catch (KubernetesClientException e) {
            // The API server failed outside any one resource (down, throttling): try again next time.
            return new Outcome(
                    OperationPhase.RUNNING, "waiting for the API server: " + ResourceWriter.reason(e), results.list());
        }
    }

    /** Whether the step has tasks of {@code action} that have not run yet (they run in this call). */
    private static boolean startsNow(SyncStep step, TaskResults results, Action action) {
        return step.tasks().stream().anyMatch(t -> t.action() == action && !results.has(t));
    }

    private void runSyncFail(SyncPlan plan, TaskResults results, Context ctx) {
        for (SyncTask task : plan.syncFailTasks()) {
            if (!results.has(task)) {
                Fence.check(ctx.appName());
                ResourceResult r = tasks.execute(task, plan.dryRun(), ctx);
                // null: the last sync's object of a fixed-name SyncFail hook is still being deleted. The failed
                // operation ends now, so that hook is recorded as not run rather than waited for.
                results.put(
                        task,
                        r != null
                                ? r
                                : TaskResults.resultFor(
                                        task,
                                        ResultCode.SYNC_FAILED.code(),
                                        "not run: the previous " + task.key().kind() + "/" + task.sortName()
                                                + " was still being deleted (BeforeHookCreation)"));
            }
        }
    }
}
