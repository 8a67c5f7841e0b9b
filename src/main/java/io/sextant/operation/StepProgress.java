package io.sextant.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.health.Children;
import io.sextant.health.Health;
import io.sextant.health.HealthAssessor;
import io.sextant.kube.ClusterWriter;
import io.sextant.model.HealthStatusCode;
import io.sextant.model.OperationPhase;
import io.sextant.model.ResourceKey;
import io.sextant.model.SyncOperationResult.ResourceResult;
import io.sextant.sync.HookDeletePolicy;
import io.sextant.sync.SyncPlan;
import io.sextant.sync.SyncStep;
import io.sextant.sync.SyncTask;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads from the cluster how far a step has got once its writes are made: whether its applied objects are
 * healthy, its pruned ones gone, its hooks finished (and removed by their delete policy when they are).
 * Separate from {@link SyncRun} because it only observes, with the health checks, while the run decides
 * what to do next from what it reports. Not thread-safe; one call per Application at a time.
 */
final class StepProgress {

    private final ClusterWriter writer;
    private final Supplier<HealthAssessor> health;
    private final Children children;

    StepProgress(ClusterWriter writer, Supplier<HealthAssessor> health, Children children) {
        this.writer = writer;
        this.health = health;
        this.children = children;
    }

    /** Why the step is not done yet, or empty when it is. Updates hook phases on the way. */
    Optional<String> waitingFor(SyncStep step, TaskResults results, boolean hooksOnly) {
        for (SyncTask task : step.tasks()) {
            ResourceResult r = results.get(task);
            if (r == null || task.skipped() || (hooksOnly && !task.isHook())) {
                continue;
            }
            String shown = task.key().kind() + "/" + r.getName();
            switch (task.action()) {
                case APPLY -> {
                    Optional<ObjectNode> live =
                            writer.get(task.target().path("apiVersion").asText(), task.key());
                    if (live.isEmpty()) {
                        return Optional.of("waiting for " + shown + " to exist");
                    }
                    Optional<Health> h = health.get().assess(live.get(), children);
                    if (h.isPresent()
                            && !HealthStatusCode.HEALTHY.is(h.get().status())
                            && !HealthStatusCode.SUSPENDED.is(h.get().status())) {
                        return Optional.of("waiting for healthy state of " + shown
                                + (h.get().message() == null
                                                || h.get().message().isEmpty()
                                        ? ""
                                        : ": " + h.get().message()));
                    }
                }
                case PRUNE -> {
                    if (writer.get(task.live().path("apiVersion").asText(), task.key())
                            .isPresent()) {
                        return Optional.of("waiting for " + shown + " to be deleted");
                    }
                }
                case CREATE_HOOK -> {
                    updateHookPhase(task, r);
                    if (OperationPhase.RUNNING.is(r.getHookPhase())) {
                        return Optional.of("waiting for completion of hook " + shown);
                    }
                }
                default -> throw new IllegalStateException(task.action().toString());
            }
        }
        return Optional.empty();
    }

    Optional<String> hookFailure(SyncStep step, TaskResults results) {
        for (SyncTask task : step.tasks()) {
            ResourceResult r = results.get(task);
            if (r != null && task.isHook() && OperationPhase.FAILED.is(r.getHookPhase())) {
                return Optional.of("hook " + task.key().kind() + "/" + r.getName() + " failed: " + r.getMessage());
            }
        }
        return Optional.empty();
    }

    /** Reads a hook's outcome: Jobs and Pods finish; other kinds are done once created. */
    private void updateHookPhase(SyncTask task, ResourceResult r) {
        if (!OperationPhase.RUNNING.is(r.getHookPhase())) {
            return;
        }
        ResourceKey key = new ResourceKey(
                task.key().group(), task.key().kind(), task.key().namespace(), r.getName());
        String apiVersion = task.target().path("apiVersion").asText();
        Optional<ObjectNode> live = writer.get(apiVersion, key);
        if (live.isEmpty()) {
            r.setHookPhase(OperationPhase.FAILED.code());
            r.setMessage("the hook object was deleted before it finished");
            return;
        }
        Optional<Health> h = health.get().assess(live.get(), children);
        String status = h.map(Health::status).orElse(HealthStatusCode.HEALTHY.code());
        if (HealthStatusCode.HEALTHY.is(status)) {
            r.setHookPhase(OperationPhase.SUCCEEDED.code());
            if (task.hook().hasDeletePolicy(HookDeletePolicy.HOOK_SUCCEEDED)) {
                writer.delete(apiVersion, key, "background", false);
            }
        } else if (HealthStatusCode.DEGRADED.is(status)) {
            r.setHookPhase(OperationPhase.FAILED.code());
            r.setMessage(h.get().message());
            if (task.hook().hasDeletePolicy(HookDeletePolicy.HOOK_FAILED)) {
                writer.delete(apiVersion, key, "background", false);
            }
        }
    }

    /** Hooks of the last step that finished since, and their HookSucceeded clean-up. */
    void cleanUpSucceededHooks(SyncPlan plan, TaskResults results) {
        if (plan.dryRun()) {
            return;
        }
        for (SyncStep step : plan.steps()) {
            for (SyncTask task : step.tasks()) {
                ResourceResult r = results.get(task);
                if (r != null && task.isHook()) {
                    updateHookPhase(task, r);
                }
            }
        }
    }
}
