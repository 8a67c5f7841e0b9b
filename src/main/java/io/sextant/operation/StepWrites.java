package io.sextant.operation;

import io.sextant.model.ResultCode;
import io.sextant.model.SyncOperationResult.ResourceResult;
import io.sextant.sync.Action;
import io.sextant.sync.SyncStep;
import io.sextant.sync.SyncTask;
import java.util.ArrayList;
import java.util.List;
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

/**
 * Runs the tasks of one step that have no result yet, the writes of a group side by side on a pool shared
 * by every sync of one destination cluster. Separate from {@link SyncRun} because the threading (the pool,
 * the per-sync window, failures carried back from pool threads) is a job of its own, apart from deciding
 * what runs when. One call at a time per sync; several syncs may share the pool.
 */
final class StepWrites {

    /**
     * How many pooled writes run at a time over all syncs (lone tasks and hooks run on the sync's own
     * thread, outside it), and how many one sync keeps in flight, so a sync of many objects leaves room
     * for the others.
     */
    static final int PARALLEL_WRITES = 8;

    static final int IN_FLIGHT_PER_SYNC = 4;

    private final TaskWriter tasks;
    private final ExecutorService writes;

    StepWrites(TaskWriter tasks) {
        this.tasks = tasks;
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

    /**
     * Runs the step's tasks that have no result yet, group after group; the tasks of one group (objects
     * of one kind, or the step's prunes) are independent, so their writes run side by side, as Argo CD's
     * do: an app of many objects then waits for its slowest write, not for their sum.
     *
     * @param notYet gets why a task could not run yet (it has no result, and runs on a later call)
     * @return the failure message, if a task failed
     */
    Optional<String> run(SyncStep step, TaskResults results, boolean dryRun, SyncRun.Context ctx, List<String> notYet) {
        List<String> failures = new ArrayList<>();
        for (List<SyncTask> group : step.applyGroups()) {
            List<SyncTask> todo = group.stream().filter(t -> !results.has(t)).toList();
            List<Future<ResourceResult>> running = new ArrayList<>(todo.size());
            for (SyncTask task : todo) {
                Fence.check(ctx.appName());
                Callable<ResourceResult> one = () ->
                        tasks.refusedAsShared(task, ctx.appName()).orElseGet(() -> tasks.execute(task, dryRun, ctx));
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
}
