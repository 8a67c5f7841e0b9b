package io.sextant.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sextant.controller.ApplicationController;
import io.sextant.embedded.FixtureRepository;
import io.sextant.model.Application;
import io.sextant.testing.ApiLogin;
import io.sextant.testing.Apps;
import io.sextant.testing.TestbedResource;
import io.sextant.testing.WithGitServer;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 5's load benchmark: 200 clients hold {@code /api/v1/stream/applications} open while 50 API
 * requests a second (lists, gets, managed-resources) run for 60 s, and once a second an app changes
 * (a label carrying the change's time), so every stream gets a MODIFIED event. Reports request
 * latency p50/p95/p99, errors, events received per stream and the delay from change to event.
 * Run: {@code bench/api} ({@code -Dbench.seconds}, {@code -Dbench.streams}, {@code -Dbench.rps}).
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
@Tag("bench")
class ApiLoadBenchmark extends WithGitServer {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    KubernetesClient client;

    @Inject
    ApplicationController controller;

    @TestHTTPResource("/")
    URL base;

    @Test
    void streamsAndRequestsUnderLoad() throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 60);
        int streams = Integer.getInteger("bench.streams", 200);
        int rps = Integer.getInteger("bench.rps", 50);
        int appCount = 50;
        FixtureRepository repo = FixtureRepository.create(git);
        Apps apps = new Apps(client);
        BenchSupport.parallel(appCount, i -> apps.create("load-" + i, repo.url(), "prod", ".", "load-ns", ""));
        // managed-resources answers once an app is compared: start the load after that.
        BenchSupport.awaitAll(controller, appCount, i -> "load-" + i, c -> true, Duration.ofSeconds(120));
        String token = ApiLogin.asAdmin(client);
        ApiLogin.reset();

        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(8))
                .build();
        AtomicLong events = new AtomicLong();
        AtomicLong streamErrors = new AtomicLong();
        ConcurrentLinkedQueue<Long> eventDelays = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<?>> open = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            HttpRequest request = HttpRequest.newBuilder(base.toURI().resolve("api/v1/stream/applications"))
                    .header("Authorization", "Bearer " + token)
                    .GET()
                    .build();
            // A non-blocking line subscriber: a blocking reader per stream would hold a client thread each.
            Flow.Subscriber<String> lines = new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    subscription.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(String line) {
                    if (!line.startsWith("data:")) {
                        return;
                    }
                    events.incrementAndGet();
                    if (line.contains("\"bench-at\"")) {
                        try {
                            JsonNode e = JSON.readTree(line.substring(5));
                            if ("MODIFIED".equals(e.path("result").path("type").asText())) {
                                long at = e.path("result")
                                        .path("application")
                                        .path("metadata")
                                        .path("labels")
                                        .path("bench-at")
                                        .asLong();
                                eventDelays.add(System.currentTimeMillis() - at);
                            }
                        } catch (Exception ex) {
                            streamErrors.incrementAndGet();
                        }
                    }
                }

                @Override
                public void onError(Throwable failure) {
                    streamErrors.incrementAndGet();
                }

                @Override
                public void onComplete() {}
            };
            open.add(http.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(lines))
                    .thenAccept(response -> {
                        if (response.statusCode() != 200) {
                            streamErrors.incrementAndGet();
                        }
                    })
                    .exceptionally(failure -> {
                        streamErrors.incrementAndGet();
                        return null;
                    }));
        }
        Thread.sleep(3_000); // let the streams connect and receive the current apps

        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong requestErrors = new AtomicLong();
        AtomicLong requests = new AtomicLong();
        ScheduledExecutorService load = Executors.newScheduledThreadPool(4);
        long periodMicros = 1_000_000L / rps;
        String[] paths = {
            "api/v1/applications", "api/v1/applications/load-%d", "api/v1/applications/load-%d/managed-resources"
        };
        URI root = base.toURI();
        load.scheduleAtFixedRate(
                () -> {
                    long n = requests.incrementAndGet();
                    String path = String.format(paths[(int) (n % paths.length)], (int) (n % appCount));
                    HttpRequest request = HttpRequest.newBuilder(root.resolve(path))
                            .header("Authorization", "Bearer " + token)
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build();
                    long start = System.nanoTime();
                    http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                            .whenComplete((r, failure) -> {
                                latencies.add(System.nanoTime() - start);
                                if (failure != null || r.statusCode() != 200) {
                                    if (requestErrors.incrementAndGet() <= 3) {
                                        System.out.println("BENCH-ERROR " + path + ": "
                                                + (failure != null ? failure : "HTTP " + r.statusCode()));
                                    }
                                }
                            });
                },
                0,
                periodMicros,
                TimeUnit.MICROSECONDS);
        load.scheduleAtFixedRate(
                () -> {
                    String name = "load-" + (int) (Math.random() * appCount);
                    client.resources(Application.class)
                            .inNamespace(Apps.NAMESPACE)
                            .withName(name)
                            .patch(
                                    PatchContext.of(PatchType.JSON_MERGE),
                                    "{\"metadata\":{\"labels\":{\"bench-at\":\"" + System.currentTimeMillis()
                                            + "\"}}}");
                },
                500,
                1_000,
                TimeUnit.MILLISECONDS);
        Thread.sleep(seconds * 1_000L);
        load.shutdown();
        load.awaitTermination(10, TimeUnit.SECONDS);
        Thread.sleep(2_000);

        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        List<Long> delays = new ArrayList<>(eventDelays);
        Collections.sort(delays);
        long connected = open.stream().filter(f -> !f.isDone()).count();
        // fromLineSubscriber completes its future only when the body ends: open streams are not done.
        System.out.printf(
                "BENCH api-load streams=%d rps=%d seconds=%d requests=%d errors=%d p50=%.1fms p95=%.1fms p99=%.1fms max=%.1fms%n",
                streams,
                rps,
                seconds,
                sorted.size(),
                requestErrors.get(),
                pct(sorted, 50) / 1e6,
                pct(sorted, 95) / 1e6,
                pct(sorted, 99) / 1e6,
                sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1) / 1e6);
        System.out.printf(
                "BENCH api-load-streams connected-at-end=%d stream-errors=%d events=%d (%.1f per stream) "
                        + "change-to-event p50=%dms p99=%dms max=%dms over %d deliveries%n",
                connected,
                streamErrors.get(),
                events.get(),
                events.get() / (double) streams,
                pct(delays, 50),
                pct(delays, 99),
                delays.isEmpty() ? 0 : delays.get(delays.size() - 1),
                delays.size());
        assertThat(requestErrors.get()).as("request errors").isZero();
        assertThat(streamErrors.get()).as("stream errors").isZero();
        assertThat(connected).as("streams still open").isEqualTo(streams);
        assertThat(delays.size()).as("MODIFIED deliveries").isGreaterThan(streams * (seconds / 2));
        BenchSupport.parallel(appCount, i -> apps.delete("load-" + i));
    }

    private static long pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
