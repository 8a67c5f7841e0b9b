package io.sextant.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.sextant.model.Application;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * What a person watching the dashboard sees while a sync round runs (issue 24): one client loads pages and an
 * API call in a loop (the latency of each, p50/p95/max, and errors), and the page stream of each of a few
 * apps is open. An automated sync writes its Application once, so the first event of an app's stream after the
 * round started carries its new state: the SSE delay of an app is the time from the watch event in which the
 * Application reached its goal (the benchmark's own watch, in the same JVM as the server) to that stream event
 * (0 when the stream was first).
 */
final class PagesUnderLoad implements AutoCloseable {

    private final BenchSession session;
    private final List<String> paths;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<String, List<Long>> latencies = new LinkedHashMap<>();
    private final AtomicInteger errors = new AtomicInteger();
    private final Map<String, Long> reached = new ConcurrentHashMap<>();
    private final Map<String, Long> shown = new ConcurrentHashMap<>();
    private final List<InputStream> streams = Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> threads = new ArrayList<>();
    private Watch watch;
    private volatile long armedAt;

    private PagesUnderLoad(BenchSession session, List<String> paths) {
        this.session = session;
        this.paths = paths;
        paths.forEach(p -> latencies.put(p, Collections.synchronizedList(new ArrayList<>())));
    }

    /**
     * Starts loading {@code paths} in a loop and watching {@code apps} (in namespace {@code ns}) until
     * {@code goal} holds for each.
     */
    static PagesUnderLoad start(
            BenchSession session,
            KubernetesClient client,
            String ns,
            List<String> paths,
            List<String> apps,
            Predicate<Application> goal)
            throws Exception {
        PagesUnderLoad p = new PagesUnderLoad(session, paths);
        p.watch = client.resources(Application.class).inNamespace(ns).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Application a) {
                long now = System.nanoTime();
                if (apps.contains(a.getMetadata().getName()) && goal.test(a)) {
                    p.reached.putIfAbsent(a.getMetadata().getName(), now);
                }
            }

            @Override
            public void onClose(WatcherException cause) {}
        });
        for (String app : apps) {
            HttpResponse<InputStream> r = session.http.send(
                    session.get("/stream/applications?search=" + app)
                            .header("Accept", "text/event-stream")
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            p.streams.add(r.body());
            p.thread("bench-sse-" + app, () -> p.read(app, r.body()));
        }
        p.thread("bench-pages", p::loadPages);
        return p;
    }

    private void thread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        threads.add(t);
    }

    /** The round starts now: stream events from here on count. */
    void arm() {
        armedAt = System.nanoTime();
    }

    private void read(String app, InputStream body) {
        String tile = "data-app=\"" + app + "\"";
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                long now = System.nanoTime();
                if (line.startsWith("data:") && line.contains(tile) && armedAt != 0 && now > armedAt) {
                    shown.putIfAbsent(app, now);
                }
            }
        } catch (Exception e) {
            // the stream ends when the benchmark closes it
        }
    }

    private void loadPages() {
        while (running.get()) {
            for (String path : paths) {
                long start = System.nanoTime();
                try {
                    HttpResponse<byte[]> r =
                            session.http.send(session.get(path).build(), HttpResponse.BodyHandlers.ofByteArray());
                    if (r.statusCode() != 200) {
                        errors.incrementAndGet();
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                }
                latencies.get(path).add(System.nanoTime() - start);
            }
        }
    }

    /** Prints the BENCH lines of the round {@code measure}; returns the p95 of the slowest path in ms. */
    double report(String measure, int n) {
        double worst = 0;
        for (Map.Entry<String, List<Long>> e : latencies.entrySet()) {
            long[] t = sorted(e.getValue());
            if (t.length == 0) {
                continue;
            }
            double p95 = t[(int) (t.length * 0.95)] / 1e6;
            worst = Math.max(worst, p95);
            System.out.printf(
                    Locale.ROOT,
                    "BENCH sync pages_under_load %s apps=%d %s: p50 %.1f ms, p95 %.1f ms, max %.1f ms (%d loads)%n",
                    measure,
                    n,
                    e.getKey(),
                    t[t.length / 2] / 1e6,
                    p95,
                    t[t.length - 1] / 1e6,
                    t.length);
        }
        List<Long> delays = new ArrayList<>();
        reached.forEach((app, at) -> {
            Long seen = shown.get(app);
            if (seen != null) {
                delays.add(Math.max(0, seen - at));
            }
        });
        long[] d = sorted(delays);
        System.out.printf(
                Locale.ROOT,
                "BENCH sync sse_under_load %s apps=%d: delay p50 %.1f ms, max %.1f ms (%d of %d apps measured),"
                        + " %d page errors%n",
                measure,
                n,
                d.length == 0 ? Double.NaN : d[d.length / 2] / 1e6,
                d.length == 0 ? Double.NaN : d[d.length - 1] / 1e6,
                d.length,
                reached.size(),
                errors.get());
        return worst;
    }

    private static long[] sorted(List<Long> values) {
        synchronized (values) {
            return values.stream().mapToLong(Long::longValue).sorted().toArray();
        }
    }

    @Override
    public void close() throws Exception {
        running.set(false);
        watch.close();
        synchronized (streams) {
            for (InputStream s : streams) {
                s.close();
            }
        }
        for (Thread t : threads) {
            t.join(5000);
        }
    }
}
