package io.sextant.operation;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sextant.cache.TrackingId;
import io.sextant.diff.SecretMasker;
import io.sextant.health.Children;
import io.sextant.health.Health;
import io.sextant.health.HealthAssessor;
import io.sextant.kube.ClusterWriter;
import io.sextant.kube.ResourceWriter;
import io.sextant.model.HealthStatusCode;
import io.sextant.model.OperationPhase;
import io.sextant.model.ResourceKey;
import io.sextant.model.ResultCode;
import io.sextant.model.SyncOperationResult.ResourceResult;
import io.sextant.sync.Action;
import io.sextant.sync.HookDeletePolicy;
import io.sextant.sync.HookType;
import io.sextant.sync.SyncPhase;
import io.sextant.sync.SyncPlan;
import io.sextant.sync.SyncStep;
import io.sextant.sync.SyncTask;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * <p>Not thread-safe; one call per Application at a time (the reconcile queue guarantees it).
 */
public final class SyncRun {

    /** Where the operation stands after a call: a phase, a message, and all results so far. */
    public record Outcome(OperationPhase phase, String message, List<ResourceResult> results) {
        public boolean done() {
            return phase != OperationPhase.RUNNING;
        }
    }

    /** What a run needs besides the plan. */
    public record Context(
            String appName,
            String destinationNamespace,
            boolean createNamespace,
            Map<String, String> namespaceLabels,
            Map<String, String> namespaceAnnotations) {}

    /**
     * How many pooled writes run at a time over all syncs (lone tasks and hooks run on the sync's own
     * thread, outside it), and how many one sync keeps in flight, so a sync of many objects leaves room
     * for the others.
     */
    static final int PARALLEL_WRITES = 8;

    static final int IN_FLIGHT_PER_SYNC = 4;

    private final ClusterWriter writer;
    private final Supplier<HealthAssessor> health;
    private final Children children;
    private final ExecutorService writes;

    public SyncRun(ClusterWriter writer, Supplier<HealthAssessor> health, Children children) {
        this.writer = writer;
        this.health = health;
        this.children = children;
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                PARALLEL_WRITES, PARALLEL_WRITES, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "sextant-apply-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true); // idle between syncs: no threads held
        this.writes = pool;
    }

    public Outcome advance(SyncPlan plan, List<ResourceResult> previous, Context ctx) {
        Results results = new Results(previous);
        try {
            if (ctx.createNamespace() && !plan.dryRun()) {
                ensureNamespace(ctx, results);
            }
            for (SyncTask skipped : plan.skipped()) {
                results.putIfAbsent(skipped, result(skipped, skipped.skipResultCode(), skipped.skipReason()));
            }
            List<SyncStep> steps = plan.steps();
            for (int i = 0; i < steps.size(); i++) {
                SyncStep step = steps.get(i);
                List<String> notYet = new ArrayList<>();
                Optional<String> failure = run(step, results, plan.dryRun(), ctx.appName(), notYet);
                if (failure.isPresent()) {
                    runSyncFail(plan, results);
                    return new Outcome(OperationPhase.FAILED, failure.get(), results.list());
                }
                if (!notYet.isEmpty()) {
                    return new Outcome(OperationPhase.RUNNING, notYet.get(0), results.list());
                }
                boolean last = i == steps.size() - 1;
                if (!plan.dryRun()) {
                    // The last step's resources are not waited for, its hooks are: a PostSync hook must finish.
                    Optional<String> waiting = waitingFor(step, results, last);
                    if (waiting.isPresent()) {
                        return new Outcome(OperationPhase.RUNNING, waiting.get(), results.list());
                    }
                }
                Optional<String> hookFailure = hookFailure(step, results);
                if (hookFailure.isPresent()) {
                    runSyncFail(plan, results);
                    return new Outcome(OperationPhase.FAILED, hookFailure.get(), results.list());
                }
            }
            cleanUpSucceededHooks(plan, results);
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

    /**
     * Runs the step's tasks that have no result yet, group after group; the tasks of one group (objects
     * of one kind, or the step's prunes) are independent, so their writes run side by side, as Argo CD's
     * do: an app of many objects then waits for its slowest write, not for their sum.
     *
     * @param notYet gets why a task could not run yet (it has no result, and runs on a later call)
     * @return the failure message, if a task failed
     */
    private Optional<String> run(SyncStep step, Results results, boolean dryRun, String appName, List<String> notYet) {
        List<String> failures = new ArrayList<>();
        for (List<SyncTask> group : step.applyGroups()) {
            List<SyncTask> todo = group.stream().filter(t -> !results.has(t)).toList();
            List<Future<ResourceResult>> running = new ArrayList<>(todo.size());
            for (SyncTask task : todo) {
                Callable<ResourceResult> one = () -> sharedWith(task, appName)
                        .filter(other -> task.options().failOnSharedResource())
                        .map(other -> result(
                                task,
                                ResultCode.SYNC_FAILED.code(),
                                task.key().kind() + "/" + task.key().name()
                                        + " is part of applications " + other + " and " + appName
                                        + " (FailOnSharedResource=true)"))
                        .orElseGet(() -> execute(task, dryRun));
                // Hooks and lone tasks run here, not on the pool.
                boolean here = todo.size() == 1 || task.action() == Action.CREATE_HOOK;
                if (!here && running.size() >= IN_FLIGHT_PER_SYNC) {
                    await(running.get(
                            running.size() - IN_FLIGHT_PER_SYNC)); // a window, so one big app cannot fill the pool
                }
                running.add(here ? completed(one) : writes.submit(one));
            }
            RuntimeException thrown = null;
            for (int i = 0; i < todo.size(); i++) {
                ResourceResult r;
                try {
                    r = join(running.get(i));
                } catch (RuntimeException e) {
                    thrown = thrown == null ? e : thrown; // every write is waited for before giving up
                    continue;
                }
                if (r == null) {
                    notYet.add("waiting for the previous " + todo.get(i).key().kind() + "/"
                            + todo.get(i).sortName()
                            + " to be deleted before the hook is created again (BeforeHookCreation)");
                    continue;
                }
                results.put(todo.get(i), r);
                if (ResultCode.SYNC_FAILED.is(r.getStatus())) {
                    failures.add(r.getMessage());
                }
            }
            if (thrown != null) {
                throw thrown;
            }
            if (!failures.isEmpty()) {
                break; // later groups may need what failed (a Namespace, a CRD)
            }
        }
        return failures.isEmpty()
                ? Optional.empty()
                : Optional.of("one or more objects failed to apply, reason: "
                        + String.join(", ", failures.stream().distinct().toList()));
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

    private ResourceResult execute(SyncTask task, boolean dryRun) {
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
                    return result(task, ResultCode.SYNCED.code(), verb + " " + how + (dryRun ? " (dry run)" : ""));
                }
                case PRUNE -> {
                    writer.delete(
                            task.live().path("apiVersion").asText(),
                            task.key(),
                            task.options().prunePropagationPolicy().kubernetesName(),
                            dryRun);
                    return result(task, ResultCode.PRUNED.code(), "pruned" + (dryRun ? " (dry run)" : ""));
                }
                case CREATE_HOOK -> {
                    return createHook(task, verb, dryRun);
                }
                default -> throw new IllegalStateException(task.action().toString());
            }
        } catch (KubernetesClientException e) {
            // The API server may quote the object it refused: a Secret's values never reach the status.
            return result(
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
        ResourceResult r = result(task, ResultCode.SYNCED.code(), verb + " created" + (dryRun ? " (dry run)" : ""));
        r.setName(created.path("metadata").path("name").asText(task.key().name()));
        r.setHookPhase((dryRun ? OperationPhase.SUCCEEDED : OperationPhase.RUNNING).code());
        return r;
    }

    /** Why the step is not done yet, or empty when it is. Updates hook phases on the way. */
    private Optional<String> waitingFor(SyncStep step, Results results, boolean hooksOnly) {
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

    private Optional<String> hookFailure(SyncStep step, Results results) {
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
    private void cleanUpSucceededHooks(SyncPlan plan, Results results) {
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

    private void runSyncFail(SyncPlan plan, Results results) {
        for (SyncTask task : plan.syncFailTasks()) {
            if (!results.has(task)) {
                results.put(task, execute(task, plan.dryRun()));
            }
        }
    }

    private void ensureNamespace(Context ctx, Results results) {
        String ns = ctx.destinationNamespace();
        if (ns == null || ns.isEmpty()) {
            return;
        }
        ResourceKey key = new ResourceKey("", "Namespace", "", ns);
        if (results.hasKey(key, SyncPhase.PRE_SYNC.argoName())) {
            return;
        }
        ObjectNode manifest = JsonNodeFactory.instance.objectNode();
        manifest.put("apiVersion", "v1").put("kind", "Namespace");
        ObjectNode meta = manifest.putObject("metadata");
        meta.put("name", ns);
        if (ctx.namespaceLabels() != null && !ctx.namespaceLabels().isEmpty()) {
            ObjectNode labels = meta.putObject("labels");
            ctx.namespaceLabels().forEach(labels::put);
        }
        if (ctx.namespaceAnnotations() != null && !ctx.namespaceAnnotations().isEmpty()) {
            ObjectNode annotations = meta.putObject("annotations");
            ctx.namespaceAnnotations().forEach(annotations::put);
        }
        ResourceResult r = new ResourceResult();
        r.setGroup("");
        r.setVersion("v1");
        r.setKind("Namespace");
        r.setName(ns);
        r.setSyncPhase(SyncPhase.PRE_SYNC.argoName());
        try {
            boolean existed = writer.get("v1", key).isPresent();
            if (!existed
                    || (ctx.namespaceLabels() != null && !ctx.namespaceLabels().isEmpty())
                    || (ctx.namespaceAnnotations() != null
                            && !ctx.namespaceAnnotations().isEmpty())) {
                writer.apply(manifest, ClusterWriter.Mode.SERVER_SIDE, false, false);
            }
            r.setStatus(ResultCode.SYNCED.code());
            r.setMessage("namespace/" + ns + (existed ? " unchanged" : " created"));
        } catch (KubernetesClientException e) {
            r.setStatus(ResultCode.SYNC_FAILED.code());
            r.setMessage(ResourceWriter.reason(e));
        }
        results.putKey(key, SyncPhase.PRE_SYNC.argoName(), r);
    }

    private static ResourceResult result(SyncTask task, String status, String message) {
        ResourceResult r = new ResourceResult();
        ResourceKey key = task.key();
        ObjectNode obj = task.obj();
        String apiVersion = obj.path("apiVersion").asText("");
        r.setGroup(key.group());
        r.setVersion(apiVersion.contains("/") ? apiVersion.substring(apiVersion.indexOf('/') + 1) : apiVersion);
        r.setKind(key.kind());
        r.setNamespace(key.namespace().isEmpty() ? null : key.namespace());
        r.setName(task.sortName());
        r.setStatus(status);
        r.setMessage(message);
        r.setSyncPhase(task.phase().argoName());
        if (task.isHook()) {
            r.setHookType(task.hook().types().stream()
                    .filter(t -> t.phase() == task.phase())
                    .findFirst()
                    .map(HookType::argoName)
                    .orElse(task.phase().argoName()));
        }
        return r;
    }

    /** Runs {@code task} on this thread, as a future holding its result or its failure. */
    private static Future<ResourceResult> completed(Callable<ResourceResult> task) {
        CompletableFuture<ResourceResult> f = new CompletableFuture<>();
        try {
            f.complete(task.call());
        } catch (Exception | Error e) {
            f.completeExceptionally(e);
        }
        return f;
    }

    /** Waits for a write to end, however it ends (its outcome is read later). */
    private static void await(Future<ResourceResult> write) {
        try {
            write.get();
        } catch (ExecutionException e) {
            // read by join
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a write", e);
        }
    }

    /** The result of a write run on the pool; its unchecked failure (the API server down) as if thrown here. */
    private static ResourceResult join(Future<ResourceResult> write) {
        try {
            return write.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a write", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Results by task identity (kind, namespace, name or generateName, phase), in the order recorded. */
    private static final class Results {
        private final Map<String, ResourceResult> byTask = new LinkedHashMap<>();

        Results(List<ResourceResult> previous) {
            for (ResourceResult r : previous == null ? List.<ResourceResult>of() : previous) {
                byTask.put(id(r.getGroup(), r.getKind(), r.getNamespace(), r.getName(), r.getSyncPhase()), r);
            }
        }

        boolean has(SyncTask task) {
            return get(task) != null;
        }

        ResourceResult get(SyncTask task) {
            ResourceResult exact = byTask.get(id(task));
            if (exact != null || !task.needsGeneratedName()) {
                return exact;
            }
            // A hook the server named: recorded under its real name, which starts with generateName.
            ResourceKey k = task.key();
            return byTask.values().stream()
                    .filter(r -> same(r.getGroup(), k.group())
                            && k.kind().equals(r.getKind())
                            && same(r.getNamespace(), k.namespace())
                            && task.phase().argoName().equals(r.getSyncPhase())
                            && r.getName() != null
                            && r.getName().startsWith(task.hook().generateName()))
                    .findFirst()
                    .orElse(null);
        }

        private static boolean same(String a, String b) {
            return (a == null ? "" : a).equals(b == null ? "" : b);
        }

        void put(SyncTask task, ResourceResult r) {
            byTask.put(id(task), r);
        }

        void putIfAbsent(SyncTask task, ResourceResult r) {
            byTask.putIfAbsent(id(task), r);
        }

        boolean hasKey(ResourceKey key, String phase) {
            return byTask.containsKey(id(key.group(), key.kind(), key.namespace(), key.name(), phase));
        }

        void putKey(ResourceKey key, String phase, ResourceResult r) {
            byTask.put(id(key.group(), key.kind(), key.namespace(), key.name(), phase), r);
        }

        List<ResourceResult> list() {
            return List.copyOf(byTask.values());
        }

        private static String id(SyncTask task) {
            return id(
                    task.key().group(),
                    task.key().kind(),
                    task.key().namespace(),
                    task.sortName(),
                    task.phase().argoName());
        }

        private static String id(String group, String kind, String namespace, String name, String phase) {
            return (group == null ? "" : group) + "|" + kind + "|" + (namespace == null ? "" : namespace) + "|" + name
                    + "|" + phase;
        }
    }
}
