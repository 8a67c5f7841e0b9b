package io.sextant.notify;

import io.micrometer.core.instrument.MeterRegistry;
import io.sextant.notify.NotificationSettings.Service;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Sends notifications off the reconcile path: {@value #THREADS} threads take jobs from a queue of at most
 * {@value #QUEUE}, each attempt bounded by the timeout; a failure that may pass (unreachable, timed out, 5xx,
 * 429) is tried again after a backoff that doubles from the first, up to the retries allowed, then reported
 * through {@code done}. Counts each attempt in {@code sextant_notifications_deliveries_total} by service, type
 * and result ({@code success}, {@code retry}, {@code failure}). A slow or dead endpoint holds at most the
 * threads of its own attempts; syncs never wait for it.
 */
final class Deliveries implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Deliveries.class);
    static final int THREADS = 8;
    static final int QUEUE = 20_000;

    /** How hard to try: each attempt's bound, how many tries after the first, the first backoff. */
    record Policy(Duration timeout, int retries, Duration backoff) {}

    /** One notification to deliver; {@code attempt} counts from 1. */
    record Job(String app, Service service, String recipient, Notification notification, Object tag, int attempt) {
        Job next() {
            return new Job(app, service, recipient, notification, tag, attempt + 1);
        }
    }

    /** How a job ended: {@code error} null when delivered. */
    record Done(Job job, String error) {}

    private final Map<String, Sender> senders;
    private final Policy policy;
    private final MeterRegistry registry;
    private final Consumer<Done> done;
    private final Scrubber scrubber;
    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService retries;
    private volatile boolean closed;

    Deliveries(
            Map<String, Sender> senders,
            Policy policy,
            MeterRegistry registry,
            Scrubber scrubber,
            Consumer<Done> done) {
        this.senders = senders;
        this.policy = policy;
        this.registry = registry;
        this.scrubber = scrubber;
        this.done = done;
        this.pool = new ThreadPoolExecutor(
                THREADS, THREADS, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
                    Thread t = new Thread(r, "sextant-notifications-send");
                    t.setDaemon(true);
                    return t;
                });
        this.retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sextant-notifications-retry");
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues a job; false when the queue is full (the caller reports it; nothing blocks). */
    boolean submit(Job job) {
        if (closed) {
            return false;
        }
        try {
            pool.execute(() -> attempt(job));
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    int backlog() {
        return pool.getQueue().size() + pool.getActiveCount();
    }

    private void attempt(Job job) {
        if (closed) {
            return;
        }
        Sender sender = senders.get(job.service().type());
        String error;
        boolean retry;
        try {
            sender.send(job.service(), job.recipient(), job.notification(), policy.timeout());
            count(job, "success");
            done.accept(new Done(job, null));
            return;
        } catch (Sender.DeliveryException e) {
            error = scrubber.scrub(e.getMessage());
            retry = e.retry();
        } catch (RuntimeException e) {
            error = scrubber.scrub(job.service().type() + " " + job.service().name() + ": " + e);
            retry = false;
        }
        if (retry && job.attempt() <= policy.retries() && !closed) {
            count(job, "retry");
            long delay = policy.backoff().toMillis() << Math.min(job.attempt() - 1, 10);
            LOG.debugf(
                    "notification for %s: attempt %d failed (%s); trying again in %d ms",
                    job.app(), job.attempt(), error, delay);
            try {
                retries.schedule(
                        () -> {
                            if (!submit(job.next())) {
                                done.accept(new Done(job, error + " (and the send queue is full)"));
                            }
                        },
                        delay,
                        TimeUnit.MILLISECONDS);
                return;
            } catch (RejectedExecutionException stopping) {
                // stopping: the pending record stays on the app, and the next controller sends it
                return;
            }
        }
        count(job, "failure");
        done.accept(new Done(job, error + (job.attempt() > 1 ? " (after " + job.attempt() + " attempts)" : "")));
    }

    private void count(Job job, String result) {
        if (registry != null) {
            registry.counter(
                            "sextant.notifications.deliveries",
                            "service",
                            job.service().name(),
                            "type",
                            job.service().type(),
                            "result",
                            result)
                    .increment();
        }
    }

    @Override
    public void close() {
        closed = true;
        retries.shutdownNow();
        pool.shutdownNow();
        try {
            pool.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Removes secret values from texts bound for logs and Events. */
    interface Scrubber {
        String scrub(String text);
    }
}
