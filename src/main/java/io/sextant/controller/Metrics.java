package io.sextant.controller;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sextant.model.Application;
import io.sextant.model.HealthStatusCode;
import io.sextant.model.OperationPhase;
import io.sextant.model.OperationState;
import io.sextant.model.SyncStatusCode;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The controller's Prometheus series (served at {@code /q/metrics}), all recorded here:
 * <ul>
 * <li>{@code sextant_app_reconcile_seconds{result}}: duration and count of refreshes; result
 * {@code ok}, {@code comparison_error} (the status shows a ComparisonError) or {@code error}
 * (the refresh threw);</li>
 * <li>{@code sextant_app_sync_total{phase}}: operations ended, by final phase (Succeeded, Failed,
 * Error);</li>
 * <li>{@code sextant_git_fetch_seconds} and {@code sextant_git_fetch_errors_total}: repository
 * fetches;</li>
 * <li>{@code sextant_apps{health_status, sync_status}}: Applications by their latest comparison;</li>
 * <li>{@code sextant_controller_queue_depth}: Applications waiting for a refresh.</li>
 * </ul>
 * Meters for the known tag values are made once, so the hot paths only look one up; the app
 * counts are computed at most once a second, when scraped.
 *
 * <p>Thread-safe.
 */
public final class Metrics implements OperationObserver {

    static final String RESULT_OK = "ok";
    static final String RESULT_COMPARISON_ERROR = "comparison_error";
    static final String RESULT_ERROR = "error";
    static final List<String> HEALTH =
            Arrays.stream(HealthStatusCode.values()).map(HealthStatusCode::code).toList();
    static final List<String> SYNC =
            Arrays.stream(SyncStatusCode.values()).map(SyncStatusCode::code).toList();
    private static final long COUNTS_MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final MeterRegistry registry;
    private final Map<String, Timer> reconciles = new HashMap<>();
    private final Map<String, Counter> syncs = new ConcurrentHashMap<>();
    private final Timer gitFetches;
    private final Counter gitFetchErrors;
    private final ComparisonStore comparisons;
    private volatile Map<String, Integer> appCounts = Map.of();
    private volatile long appCountsAt;

    public Metrics(MeterRegistry registry, ComparisonStore comparisons, IntSupplier queueDepth) {
        this.registry = registry;
        this.comparisons = comparisons;
        this.appCountsAt = System.nanoTime() - 2 * COUNTS_MAX_AGE_NANOS;
        for (String result : List.of(RESULT_OK, RESULT_COMPARISON_ERROR, RESULT_ERROR)) {
            reconciles.put(
                    result,
                    Timer.builder("sextant.app.reconcile")
                            .description("Refreshes of Applications (render, compare, status write)")
                            .tag("result", result)
                            .serviceLevelObjectives(
                                    Duration.ofMillis(250),
                                    Duration.ofSeconds(1),
                                    Duration.ofSeconds(4),
                                    Duration.ofSeconds(16),
                                    Duration.ofSeconds(64))
                            .register(registry));
        }
        for (String phase :
                List.of(OperationPhase.SUCCEEDED.code(), OperationPhase.FAILED.code(), OperationPhase.ERROR.code())) {
            syncCounter(phase);
        }
        gitFetches = Timer.builder("sextant.git.fetch")
                .description("Fetches of Git repositories")
                .register(registry);
        gitFetchErrors = Counter.builder("sextant.git.fetch.errors")
                .description("Fetches of Git repositories that failed")
                .register(registry);
        for (String health : HEALTH) {
            for (String sync : SYNC) {
                String key = health + "/" + sync;
                Gauge.builder("sextant.apps", this, m -> m.appCount(key))
                        .description("Applications by health and sync status")
                        .tag("health_status", health)
                        .tag("sync_status", sync)
                        .strongReference(true)
                        .register(registry);
            }
        }
        // Strong references: a gauge otherwise holds its source weakly and reads NaN once it is collected.
        Gauge.builder("sextant.controller.queue.depth", queueDepth, IntSupplier::getAsInt)
                .description("Applications waiting for a refresh")
                .strongReference(true)
                .register(registry);
    }

    /**
     * Reports a cache's size and its bound: {@code sextant_cache_entries{cache=...}} and, where the cache has
     * them, {@code sextant_cache_max_entries}, {@code sextant_cache_bytes} and {@code sextant_cache_max_bytes}.
     * A cache without a bound of its own ({@code maxEntries} 0) holds one entry per app or per watched
     * object, so its bound is the fleet's size.
     */
    public void cache(String name, LongSupplier entries, long maxEntries, LongSupplier bytes, long maxBytes) {
        gauge("sextant.cache.entries", name, entries, "Entries held by a controller cache");
        if (maxEntries > 0) {
            gauge("sextant.cache.max.entries", name, () -> maxEntries, "The most entries a controller cache holds");
        }
        if (bytes != null) {
            gauge("sextant.cache.bytes", name, bytes, "Bytes held by a controller cache (its own estimate)");
            gauge("sextant.cache.max.bytes", name, () -> maxBytes, "The most bytes a controller cache holds");
        }
    }

    private void gauge(String metric, String cache, LongSupplier value, String description) {
        Gauge.builder(metric, value, LongSupplier::getAsLong)
                .description(description)
                .tag("cache", cache)
                .strongReference(true)
                .register(registry);
    }

    /** Runs one refresh of {@code app} and records its duration under its result. */
    public void reconcile(String app, Consumer<String> reconcile) {
        long started = System.nanoTime();
        String result = RESULT_ERROR;
        try {
            reconcile.accept(app);
            result = comparisons.get(app).filter(c -> !c.errors().isEmpty()).isPresent()
                    ? RESULT_COMPARISON_ERROR
                    : RESULT_OK;
        } finally {
            reconciles.get(result).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    /** For {@link io.sextant.repo.git.RepoCache#onFetch}. */
    public void gitFetched(long nanos, boolean ok) {
        gitFetches.record(nanos, TimeUnit.NANOSECONDS);
        if (!ok) {
            gitFetchErrors.increment();
        }
    }

    @Override
    public void finished(Application app, OperationState state) {
        syncCounter(state.getPhase() == null ? "Unknown" : state.getPhase()).increment();
    }

    private Counter syncCounter(String phase) {
        // Phases are few and fixed by the runner, so this map stays small.
        return syncs.computeIfAbsent(
                phase,
                p -> Counter.builder("sextant.app.sync")
                        .description("Sync operations ended, by phase")
                        .tag("phase", p)
                        .register(registry));
    }

    private double appCount(String key) {
        long now = System.nanoTime();
        if (now - appCountsAt > COUNTS_MAX_AGE_NANOS) {
            Map<String, Integer> counts = new HashMap<>();
            comparisons.all().forEach(c -> counts.merge(c.healthStatus() + "/" + c.syncStatus(), 1, Integer::sum));
            appCounts = counts;
            appCountsAt = now;
        }
        return appCounts.getOrDefault(key, 0);
    }
}
