package io.sextant.sync;

import java.util.List;

/**
 * The ordered work of one sync, as {@link SyncPlanner} computed it. Immutable.
 *
 * @param steps         phase-and-wave steps in execution order (PreSync, Sync, PostSync; waves ascending)
 * @param syncFailTasks SyncFail hooks, ordered by wave, kind and name; run only when the sync fails
 * @param skipped       resources reported but not touched: prunes not carried out, each with its
 *                      {@link SyncTask#skipReason()} and result code {@value SyncTask#PRUNE_SKIPPED}
 * @param dryRun        the request was a dry run: validate the steps, change nothing
 */
public record SyncPlan(List<SyncStep> steps, List<SyncTask> syncFailTasks, List<SyncTask> skipped, boolean dryRun) {

    public SyncPlan {
        steps = List.copyOf(steps);
        syncFailTasks = List.copyOf(syncFailTasks);
        skipped = List.copyOf(skipped);
    }

    /** Every task of every step, in execution order (SyncFail hooks and skipped tasks not included). */
    public List<SyncTask> tasks() {
        return steps.stream().flatMap(s -> s.tasks().stream()).toList();
    }

    /**
     * Whether one call of {@link io.sextant.operation.SyncRun#advance} carries the plan out to its end: a real (not dry) run of
     * at most one step without hooks, so nothing is waited for and nothing runs that must not run twice.
     * Such a sync can be started and ended in one write of the Application.
     */
    public boolean endsInOneCall() {
        return !dryRun
                && steps.size() <= 1
                && syncFailTasks.isEmpty()
                && tasks().stream().noneMatch(SyncTask::isHook);
    }

    /** Nothing to execute (skipped tasks and SyncFail hooks may still exist). */
    public boolean isEmpty() {
        return steps.isEmpty();
    }
}
