package io.sextant.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.sextant.model.ResourceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Turns what Git says and what is live into an ordered {@link SyncPlan}, following Argo CD's rules (see the
 * package documentation). Pure: no I/O, inputs never changed, the same input always gives the same plan.
 * Stateless and thread-safe.
 */
public final class SyncPlanner {

    static final String PRUNE_NOT_ENABLED = "ignored (requires pruning): pruning was not enabled for this sync";
    static final String PRUNE_DISABLED = "Prune=false";

    /**
     * Plans a sync.
     *
     * @throws SyncPlanException when an option, wave or hook annotation is invalid (naming the resource), or
     *                           when pruning is requested, the source rendered no resources, live resources
     *                           would be pruned and {@code allowEmpty} is off
     */
    public SyncPlan plan(List<SyncCandidate> candidates, SyncRequest request) {
        SyncOptions app;
        try {
            app = SyncOptions.parse(request.syncOptions());
        } catch (IllegalArgumentException e) {
            throw new SyncPlanException(e.getMessage(), e);
        }
        Collected c = new Collected();
        for (int i = 0; i < candidates.size(); i++) {
            SyncCandidate candidate = candidates.get(i);
            try {
                collect(candidate, i, app, request, c);
            } catch (IllegalArgumentException e) {
                throw new SyncPlanException(describe(candidate.key()) + ": " + e.getMessage(), e);
            }
        }
        refuseEmptyRender(request, c);
        placePrunes(c);
        List<TaskOrder.Entry> run = new ArrayList<>(c.tasks);
        List<TaskOrder.Entry> skipped = new ArrayList<>();
        for (TaskOrder.Entry e : c.prunes) {
            (e.task().skipped() ? skipped : run).add(e);
        }
        return new SyncPlan(
                TaskOrder.steps(TaskOrder.executionOrder(run)),
                TaskOrder.sorted(c.syncFail),
                TaskOrder.sorted(skipped),
                request.dryRun());
    }

    /** What the pass over the candidates found. */
    private static final class Collected {
        final List<TaskOrder.Entry> tasks = new ArrayList<>();
        final List<TaskOrder.Entry> syncFail = new ArrayList<>();
        final List<TaskOrder.Entry> prunes = new ArrayList<>();
        int renderedResources;
        int toPrune;
    }

    private static void collect(SyncCandidate candidate, int index, SyncOptions app, SyncRequest request, Collected c) {
        if (candidate.target() == null) {
            collectPrune(candidate, index, app, request, c);
            return;
        }
        Optional<Hook> hook = Hook.of(candidate.target());
        if (hook.isPresent() && !hook.get().isSkip()) {
            if (request.fullSync() && !request.skipHooks()) {
                collectHook(candidate, hook.get(), index, app, c);
            }
            return;
        }
        c.renderedResources++;
        if (hook.isPresent() || !request.selects(candidate.key())) {
            return;
        }
        SyncOptions options = app.forResource(candidate.target());
        int wave = Waves.of(candidate.target());
        if (options.applyOutOfSyncOnly() && !candidate.outOfSync() && candidate.live() != null) {
            return;
        }
        c.tasks.add(new TaskOrder.Entry(
                new SyncTask(
                        candidate.key(),
                        candidate.target(),
                        candidate.live(),
                        Action.APPLY,
                        SyncPhase.SYNC,
                        wave,
                        null,
                        options,
                        null),
                index));
    }

    private static void collectHook(SyncCandidate candidate, Hook hook, int index, SyncOptions app, Collected c) {
        SyncOptions options = app.forResource(candidate.target());
        int wave = Waves.of(candidate.target());
        for (SyncPhase phase : hook.phases()) {
            SyncTask task = new SyncTask(
                    candidate.key(),
                    candidate.target(),
                    candidate.live(),
                    Action.CREATE_HOOK,
                    phase,
                    wave,
                    hook,
                    options,
                    null);
            (phase == SyncPhase.SYNC_FAIL ? c.syncFail : c.tasks).add(new TaskOrder.Entry(task, index));
        }
    }

    private static void collectPrune(
            SyncCandidate candidate, int index, SyncOptions app, SyncRequest request, Collected c) {
        // Hook objects left from earlier syncs go by their delete policy, never by pruning.
        if (!candidate.requiresPruning() || isLiveHook(candidate.live()) || !request.selects(candidate.key())) {
            return;
        }
        SyncOptions options = app.forResource(candidate.live());
        int wave = Waves.of(candidate.live());
        String reason = !request.prune() ? PRUNE_NOT_ENABLED : options.pruneDisabled() ? PRUNE_DISABLED : null;
        if (reason == null) {
            c.toPrune++;
        }
        c.prunes.add(new TaskOrder.Entry(
                new SyncTask(
                        candidate.key(),
                        null,
                        candidate.live(),
                        Action.PRUNE,
                        SyncPhase.SYNC,
                        wave,
                        null,
                        options,
                        reason),
                index));
    }

    private static void refuseEmptyRender(SyncRequest request, Collected c) {
        if (request.prune() && !request.allowEmpty() && c.renderedResources == 0 && c.toPrune > 0) {
            throw new SyncPlanException("the source renders no resources; refusing to prune all " + c.toPrune
                    + (c.toPrune == 1 ? " resource" : " resources")
                    + " (set syncPolicy.automated.allowEmpty to allow it)");
        }
    }

    /**
     * Deletion runs in reverse creation order: the distinct waves of the prunes are mirrored (lowest takes
     * the highest's place and so on). PruneLast prunes then move to one wave after the last Sync-phase wave
     * (at least wave 1). Skipped prunes take part, as in Argo CD, though they are never run.
     */
    private static void placePrunes(Collected c) {
        List<Integer> waves = new ArrayList<>(
                new TreeSet<>(c.prunes.stream().map(e -> e.task().wave()).toList()));
        int last = 0;
        for (int i = 0; i < c.prunes.size(); i++) {
            TaskOrder.Entry e = c.prunes.get(i);
            int mirrored = waves.get(waves.size() - 1 - waves.indexOf(e.task().wave()));
            c.prunes.set(i, new TaskOrder.Entry(e.task().withPlacement(SyncPhase.SYNC, mirrored), e.index()));
            last = Math.max(last, mirrored);
        }
        for (TaskOrder.Entry e : c.tasks) {
            if (e.task().phase() == SyncPhase.SYNC) {
                last = Math.max(last, e.task().wave());
            }
        }
        int pruneLastWave = last + 1;
        c.prunes.replaceAll(e -> e.task().options().pruneLast()
                ? new TaskOrder.Entry(e.task().withPlacement(SyncPhase.SYNC, pruneLastWave), e.index())
                : e);
    }

    /** Lenient on purpose: a live object is only inspected, so a bad annotation on it must not fail the sync. */
    private static boolean isLiveHook(JsonNode live) {
        String argo = Annotations.get(live, Annotations.HOOK);
        if (argo != null) {
            return !Annotations.csv(argo).equals(List.of("Skip"));
        }
        String helm = Annotations.get(live, Annotations.HELM_HOOK);
        return helm != null && !helm.trim().equals("crd-install");
    }

    private static String describe(ResourceKey key) {
        String ns = key.namespace().isEmpty() ? "" : key.namespace() + "/";
        String group = key.group().isEmpty() ? "" : " (" + key.group() + ")";
        return key.kind() + " " + ns + key.name() + group;
    }
}
