package io.sextant.operation;

import static io.sextant.operation.TaskResults.resultFor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sextant.cache.TrackingId;
import io.sextant.diff.SecretMasker;
import io.sextant.kube.ClusterWriter;
import io.sextant.kube.ResourceWriter;
import io.sextant.model.OperationPhase;
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
    ResourceResult execute(SyncTask task, boolean dryRun) {
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
                    return createHook(task, verb, dryRun);
                }
                default -> throw new IllegalStateException(task.action().toString());
            }
        } catch (KubernetesClientException e) {
            // The API server may quote the object it refused: a Secret's values never reach the status.
            return resultFor(
                    task,
                    ResultCode.SYNC_FAILED.code(),
                    SecretMasker.scrub(ResourceWriter.reason(e), task.target(), task.live()));
        }
    }

    /** The hook's result, or null while the previous sync's object is still being deleted. */
    private ResourceResult createHook(SyncTask task, String verb, boolean dryRun) {
        String apiVersion = task.target().path("apiVersion").asText();
        if (!task.needsGeneratedName()
                && task.hook().hasDeletePolicy(HookDeletePolicy.BEFORE_HOOK_CREATION)
                && !dryRun) {
            // The previous sync's object goes first, or create would clash. While it is going the operation
            // stays Running and is looked at again (a reconcile worker never sleeps on it); as in Argo CD there
            // is no deadline: an object held by a finalizer keeps the sync waiting until it is terminated.
            writer.delete(apiVersion, task.key(), "foreground", false);
            if (writer.get(apiVersion, task.key()).isPresent()) {
                return null;
            }
        }
        ObjectNode created = writer.create(task.target(), dryRun);
        ResourceResult r = resultFor(task, ResultCode.SYNCED.code(), verb + " created" + (dryRun ? " (dry run)" : ""));
        r.setName(created.path("metadata").path("name").asText(task.key().name()));
        r.setHookPhase((dryRun ? OperationPhase.SUCCEEDED : OperationPhase.RUNNING).code());
        return r;
    }
}
