package io.sextant.controller;

import io.sextant.operation.Fence;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The reconcile queue: Application names waiting to be compared, each at most once in the queue
 * and never processed by two workers at the same time. A name enqueued while it is being
 * processed is processed once more afterwards, so no change is missed and bursts of events
 * (a rollout updating a ReplicaSet ten times) collapse into few reconciles.
 *
 * <p>Thread-safe. Workers stop on {@link #close()}.
 */
public final class RefreshQueue implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RefreshQueue.class);

    private final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final Set<String> again = ConcurrentHashMap.newKeySet();
    /**
     * Names queued plus names being processed. A name's count is taken back only after its follow-up is
     * queued, so this never passes through zero while work remains: {@link #idle()} reads it alone, where
     * reading the queue and the running set one after the other saw a name in neither between a worker's
     * poll and its start.
     */
    private final AtomicInteger pending = new AtomicInteger();

    private final ExecutorService workers;
    private final Consumer<String> work;
    private volatile boolean closed;

    public RefreshQueue(int workerCount, Consumer<String> work) {
        this.work = work;
        this.workers = Executors.newFixedThreadPool(workerCount, r -> {
            Thread t = new Thread(r, "sextant-reconcile");
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < workerCount; i++) {
            workers.submit(this::loop);
        }
    }

    /** Asks for the Application to be reconciled soon. Cheap; callable from any thread. */
    public void enqueue(String app) {
        if (closed) {
            return;
        }
        if (running.contains(app)) {
            again.add(app);
            // The worker may have finished between the two checks: fall through to queue it.
            if (running.contains(app)) {
                return;
            }
            again.remove(app);
        }
        if (queued.add(app)) {
            pending.incrementAndGet();
            queue.offer(app);
        }
    }

    /** Names waiting (not counting those being processed). */
    public int backlog() {
        return queue.size();
    }

    /** Whether nothing is queued or running: all work asked for so far is done. */
    public boolean idle() {
        return pending.get() == 0;
    }

    private void loop() {
        while (!closed) {
            String app;
            try {
                app = queue.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (app == null) {
                continue;
            }
            if (!running.add(app)) {
                // Another worker has it: run it once more after that one (enqueue asks for that, or queues
                // it again when the other worker ended meanwhile, so the name is never lost).
                queued.remove(app);
                enqueue(app);
                pending.decrementAndGet();
                continue;
            }
            queued.remove(app);
            try {
                work.accept(app);
            } catch (RuntimeException e) {
                if (e instanceof Fence.Lost) {
                    LOG.warnf("Reconciling application %s stopped: %s", app, e.getMessage());
                } else if (Thread.currentThread().isInterrupted()) {
                    // Stopping: what was under way resumes from the Application's status in the next process.
                    LOG.infof("Reconciling application %s stopped: the process is stopping (%s)", app, e.getMessage());
                } else {
                    LOG.errorf(e, "Reconciling application %s failed", app);
                }
            } finally {
                running.remove(app);
                if (again.remove(app)) {
                    enqueue(app);
                }
                pending.decrementAndGet();
            }
        }
    }

    /**
     * Stops the workers and waits (a few seconds at most) for reconciles under way to end, so that a
     * controller replica handing its Applications over has stopped working on them first.
     */
    @Override
    public void close() {
        closed = true;
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
