package io.sextant.service.webhook;

import io.quarkus.runtime.ShutdownEvent;
import io.sextant.service.ApplicationRefresher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The refreshes pushes ask for, written off the webhook's request thread and merged per app. The first
 * push for an app in a quiet second is written at once; pushes for it during the next {@link #WINDOW_MILLIS}
 * become one more write at the end of that window. A flood of pushes for one repository thus costs each of
 * its apps about one write, and the controller one fetch, per second, not one per push, and a single push
 * is not delayed. A name leaves the waiting set just before its write, whose refresh time is taken after
 * that: every push that found the name waiting happened before the write, so its commit is fetched.
 *
 * <p>A failed write is logged (the periodic refresh still comes). Stops with the process.
 */
@ApplicationScoped
public class PushRefreshes {

    private static final Logger LOG = Logger.getLogger(PushRefreshes.class);
    /** The shortest time between two refreshes a push asks for one app. */
    static final long WINDOW_MILLIS = 1_000;

    private final ApplicationRefresher refresher;
    private final Set<String> waiting = ConcurrentHashMap.newKeySet();
    /** When each app's last push refresh was written ({@link System#nanoTime}). */
    private final Map<String, Long> written = new ConcurrentHashMap<>();
    /** When {@link #written} was last pruned ({@link System#nanoTime}); racy on purpose, a prune more or less is harmless. */
    private volatile long prunedAt = System.nanoTime();

    private volatile ScheduledExecutorService writers;

    public PushRefreshes(ApplicationRefresher refresher) {
        this.refresher = refresher;
    }

    /** Asks for a refresh of the app {@code name} (qualified as {@code AppKey}), now or at its window's end. */
    public void ask(String name) {
        if (waiting.add(name)) {
            Long last = written.get(name);
            long wait = last == null ? 0 : last + TimeUnit.MILLISECONDS.toNanos(WINDOW_MILLIS) - System.nanoTime();
            started().schedule(() -> write(name), Math.max(0, wait), TimeUnit.NANOSECONDS);
        }
    }

    private ScheduledExecutorService started() {
        ScheduledExecutorService pool = writers;
        if (pool != null) {
            return pool;
        }
        synchronized (this) {
            if (writers == null) {
                writers = Executors.newScheduledThreadPool(2, r -> {
                    Thread t = new Thread(r, "sextant-push-refresh");
                    t.setDaemon(true);
                    return t;
                });
            }
            return writers;
        }
    }

    private void write(String name) {
        waiting.remove(name);
        written.put(name, System.nanoTime());
        try {
            refresher.refreshForPush(name);
        } catch (RuntimeException e) {
            LOG.warnf("Cannot ask for a refresh of %s after a push: %s", name, e.getMessage());
        }
        // Forget apps not pushed to for a while, so the map holds only recent ones: at most once a window,
        // since a push to a repository of 10,000 apps otherwise scanned the map once per app (issue 28's
        // profile: a tenth of the process's CPU in that round).
        long now = System.nanoTime();
        long window = TimeUnit.MILLISECONDS.toNanos(WINDOW_MILLIS);
        if (written.size() > 1_000 && now - prunedAt > window) {
            prunedAt = now;
            long old = now - 10 * window;
            written.values().removeIf(at -> at < old);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        ScheduledExecutorService pool = writers;
        if (pool != null) {
            pool.shutdownNow();
            try {
                pool.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
