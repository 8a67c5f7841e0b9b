package io.sextant.operation;

import static io.sextant.operation.TaskResults.resultFor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sextant.cache.TrackingId;
import io.sextant.diff.SecretMasker;
import io.sextant.kube.ClusterWriter;
import io.sextant.kube.ResourceWriter;
import io.sextant.model.Annotations;
import io.sextant.model.OperationPhase;
import io.sextant.model.ResourceKey;
import io.sextant.model.ResultCode;
import io.sextant.model.SyncOperationResult.ResourceResult;
import io.sextant.sync.Action;
import io.sextant.sync.HookDeletePolicy;
import io.sextant.sync.SyncTask;
import java.util.Locale;
import java.util.Optional;

/**
 * Carries out one task against the cluster (apply, prune, create a hook) and turns the API server's answer
 * into the task's result. Kept apart from the run's ordering ({@link SyncRun}) and its parallelism
 * ({@link StepWrites}) so the rules of a single write (apply mode, BeforeHookCreation, FailOnSharedResource,
 * masking of refused Secrets) read in one place. Thread-safe: it keeps no state, and the writes of one group
 * call it from several threads.
 */
final class TaskWriter {

    private final ClusterWriter writer;

    TaskWriter(ClusterWriter writer) {
        this.writer = writer;
    }

    /**
     * The failed result of a task whose live object another Application tracks, when the task's options
     * say FailOnSharedResource=true; empty when it may run.
     */
    Optional<ResourceResult> refusedAsShared(SyncTask task, String appName) {
        return sharedWith(task, appName)
                .filter(other -> task.options().failOnSharedResource())
                .map(other -> resultFor(
                        task,
                        ResultCode.SYNC_FAILED.code(),
                        task.key().kind() + "/" + task.key().name()
                                + " is part of applications " + other + " and " + appName
                                + " (FailOnSharedResource=true)"));
    }

    /** The other Application whose tracking id the live object carries, if any. */
    private static Optional<String> sharedWith(SyncTask task, String appName) {
        if (task.action() != Action.APPLY || task.live() == null) {
            return Optional.empty();
        }
        String id = task.live()
                .path("metadata")
                .path("annotations")
                .path(TrackingId.ANNOTATION)
                .asText("");
        int colon = id.indexOf(':');
        String owner = colon < 0 ? "" : id.substring(0, colon);
        return owner.isEmpty() || owner.equals(appName) ? Optional.empty() : Optional.of(owner);
    }

    /** The task's result; null for a hook while the previous sync's object is still being deleted. */
    ResourceResult execute(SyncTask task, boolean dryRun, SyncRun.Context ctx) {
        String verb = task.key().kind().toLowerCase(Locale.ROOT) + "/" + task.sortName();
        try {
            switch (task.action()) {
                case APPLY -> {
                    ClusterWriter.Mode mode = task.options().replace()
                            ? ClusterWriter.Mode.REPLACE
                            : task.options().useServerSideApply()
                                    ? ClusterWriter.Mode.SERVER_SIDE
                                    : ClusterWriter.Mode.CLIENT_SIDE;
                    writer.apply(task.target(), mode, task.options().force(), dryRun);
                    String how = switch (mode) {
                        case SERVER_SIDE -> "serverside-applied";
                        case CLIENT_SIDE -> task.live() == null ? "created" : "configured";
                        case REPLACE -> "replaced";
                    };
                    return resultFor(task, ResultCode.SYNCED.code(), verb + " " + how + (dryRun ? " (dry run)" : ""));
                }
                case PRUNE -> {
                    writer.delete(
                            task.live().path("apiVersion").asText(),
                            task.key(),
                            task.options().prunePropagationPolicy().kubernetesName(),
                            dryRun);
                    return resultFor(task, ResultCode.PRUNED.code(), "pruned" + (dryRun ? " (dry run)" : ""));
                }
                case CREATE_HOOK -> {
                    return createHook(task, verb, dryRun, ctx);
                }
                default -> throw new IllegalStateException(task.action().toString());
            }
        } catch (KubernetesClientException e) {
            if (ResourceWriter.transientFailure(e)) {
                throw e; // the run waits for the API server and tries again; nothing is recorded as failed
            }
            // The API server may quote the object it refused: a Secret's values never reach the status.
            return resultFor(
                    task,
                    ResultCode.SYNC_FAILED.code(),
                    SecretMasker.scrub(ResourceWriter.reason(e), task.target(), task.live()));
        }
    }

    /**
     * The hook's result, or null while the previous sync's object is still being deleted. A hook of this
     * operation that exists already (its {@link Annotations#HOOK_OPERATION} names this operation) was
     * created by a controller that stopped before recording it: it runs on and is recorded, never created
     * twice. A hook with only a generateName gets Argo CD's deterministic name (generateName, then the
     * revision's first 7 characters, the phase and the operation's start in epoch seconds), so it too is
     * found again.
     */
    private ResourceResult createHook(SyncTask task, String verb, boolean dryRun, SyncRun.Context ctx) {
        String apiVersion = task.target().path("apiVersion").asText();
        String operation = ctx.hookStamp();
        ObjectNode hook = task.target().deepCopy();
        ObjectNode meta = hook.with("metadata");
        ResourceKey key = task.key();
        if (task.needsGeneratedName() && operation != null) {
            String name = HookNames.generated(
                    task.hook().generateName(), ctx.revision(), task.phase(), ctx.operationStartedAt(), ctx.attempt());
            meta.remove("generateName");
            meta.put("name", name);
            key = new ResourceKey(key.group(), key.kind(), key.namespace(), name);
        }
        if (!dryRun && !key.name().isEmpty()) {
            if (operation != null) {
                meta.with("annotations").put(Annotations.HOOK_OPERATION, operation);
            }
            Optional<ObjectNode> live = writer.get(apiVersion, key);
            if (live.isPresent()
                    && operation != null
                    && operation.equals(Annotations.get(live.get(), Annotations.HOOK_OPERATION))) {
                return created(task, verb, key.name(), false);
            }
            if (live.isPresent() && task.hook().hasDeletePolicy(HookDeletePolicy.BEFORE_HOOK_CREATION)) {
                // The previous sync's object goes first, or create would clash. While it is going the operation
                // stays Running and is looked at again (a reconcile worker never sleeps on it); as in Argo CD
                // there is no deadline: an object held by a finalizer keeps the sync waiting until it is gone.
                writer.delete(apiVersion, key, "foreground", false);
                if (writer.get(apiVersion, key).isPresent()) {
                    return null;
                }
            }
        }
        ObjectNode created = writer.create(hook, dryRun);
        if (!dryRun) {
            FaultPoints.reach(FaultPoint.HOOK_CREATED, ctx.appName());
        }
        return created(task, verb, created.path("metadata").path("name").asText(key.name()), dryRun);
    }

    private static ResourceResult created(SyncTask task, String verb, String name, boolean dryRun) {
        ResourceResult r = resultFor(task, ResultCode.SYNCED.code(), verb + " created" + (dryRun ? " (dry run)" : ""));
        r.setName(name);
        r.setHookPhase((dryRun ? OperationPhase.SUCCEEDED : OperationPhase.RUNNING).code());
        return r;
    }
}
