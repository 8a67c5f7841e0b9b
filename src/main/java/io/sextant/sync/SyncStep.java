package io.sextant.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One phase-and-wave of a plan. The executor carries out a step's tasks, then waits until they are done
 * (resources healthy, hooks finished, pruned objects gone) before the next step. Within a step, order
 * still matters for a few things, so run {@link #applyGroups()} one after another; the tasks of one group
 * may run together. Immutable.
 */
public record SyncStep(SyncPhase phase, int wave, List<SyncTask> tasks) {

    public SyncStep {
        Objects.requireNonNull(phase, "phase");
        tasks = List.copyOf(tasks);
    }

    /**
     * The tasks cut into groups to run in order, without waiting for health in between: first all prunes of
     * the step, then each run of consecutive tasks of the same kind (so a Namespace or CRD pulled into this
     * wave exists before what needs it is applied, as Argo CD does).
     */
    public List<List<SyncTask>> applyGroups() {
        List<List<SyncTask>> groups = new ArrayList<>();
        List<SyncTask> prunes =
                tasks.stream().filter(t -> t.action() == Action.PRUNE).toList();
        if (!prunes.isEmpty()) {
            groups.add(prunes);
        }
        List<SyncTask> current = new ArrayList<>();
        for (SyncTask t : tasks) {
            if (t.action() == Action.PRUNE) {
                continue;
            }
            if (!current.isEmpty()
                    && !current.get(0).key().kind().equals(t.key().kind())) {
                groups.add(List.copyOf(current));
                current.clear();
            }
            current.add(t);
        }
        if (!current.isEmpty()) {
            groups.add(List.copyOf(current));
        }
        return groups;
    }
}
