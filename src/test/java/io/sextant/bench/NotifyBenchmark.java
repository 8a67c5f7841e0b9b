package io.sextant.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sextant.controller.ApplicationController;
import io.sextant.embedded.GitHttpServer;
import io.sextant.model.Application;
import io.sextant.notify.NotificationSettings;
import io.sextant.repo.TreeCommit;
import io.sextant.testing.TestbedResource;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * bench/notify (issue 27): N auto-synced one-ConfigMap apps, a push and one refresh round at a time; rounds
 * alternate between the apps not subscribed (notifications off) and subscribed to on-sync-succeeded through a
 * webhook this benchmark serves (on). Prints each round's time until every app is Synced at the pushed commit,
 * and for the rounds with notifications: deliveries of that commit (each app must get exactly one) and the time
 * from the end of the sync round to the last delivery. System property {@code bench.notify.apps} (default 1000).
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
@Tag("bench")
class NotifyBenchmark {

    private static final String NS = "sextant";
    private static final String TARGET_NS = "bench-notify";
    private static final String SUBSCRIBE = "notifications.argoproj.io/subscribe.on-sync-succeeded.bench";
    private static final Duration LONG = Duration.ofMinutes(20);

    @Inject
    KubernetesClient client;

    @Inject
    ApplicationController controller;

    /** Deliveries per "app revision". */
    private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();

    private final AtomicLong lastDelivery = new AtomicLong();

    @Test
    void notificationsOfASyncRoundOnAndOff() throws Exception {
        int n = Integer.getInteger("bench.notify.apps", 1000);
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newFixedThreadPool(8));
        receiver.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).strip();
            deliveries.computeIfAbsent(body, k -> new AtomicInteger()).incrementAndGet();
            lastDelivery.set(System.nanoTime());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        try (GitHttpServer git = GitHttpServer.start(Files.createTempDirectory("bench-notify-git"), 0)) {
            client.resource(new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName(NotificationSettings.CONFIG_MAP)
                            .withNamespace(NS)
                            .endMetadata()
                            .withData(Map.of(
                                    "service.webhook.bench",
                                    "url: http://127.0.0.1:"
                                            + receiver.getAddress().getPort() + "/\n",
                                    "template.app-sync-succeeded",
                                    "message: synced\nwebhook:\n  bench:\n    method: POST\n    body: '{{.app.metadata.name}}"
                                            + " {{.app.status.operationState.syncResult.revision}}'\n"))
                            .build())
                    .serverSideApply();
            Path bare = git.addAnonymous("bench-notify");
            String url = git.url("bench-notify");
            String first = commit(bare, n, "V0");
            client.resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(TARGET_NS)
                            .endMetadata()
                            .build())
                    .serverSideApply();
            BenchSupport.parallel(n, i -> client.resource(application(i, url)).create());
            awaitSynced(n, first);
            awaitIdle();
            List<Double> off = new ArrayList<>();
            List<Double> on = new ArrayList<>();
            List<Double> tail = new ArrayList<>();
            for (int round = 1; round <= 4; round++) {
                boolean notify = round % 2 == 0;
                if (notify) {
                    // Subscribing tells of the current sync at once; that is not this round's work.
                    subscribe(n, true);
                    awaitDelivered(n, current(n));
                    awaitIdle();
                }
                String sha = commit(bare, n, "V" + round);
                long start = System.nanoTime();
                controller.refreshAll();
                awaitSynced(n, sha);
                long synced = System.nanoTime();
                double roundS = (synced - start) / 1e9;
                if (notify) {
                    awaitDelivered(n, sha);
                    double tailS = Math.max(0, (lastDelivery.get() - synced) / 1e9);
                    on.add(roundS);
                    tail.add(tailS);
                    long once = java.util.stream.IntStream.range(0, n)
                            .filter(i -> count(app(i), sha) == 1)
                            .count();
                    System.out.printf(
                            Locale.ROOT,
                            "BENCH notify round=%d apps=%d notifications=on round_s=%.1f delivered_exactly_once=%d"
                                    + " last_sync_to_last_delivery_s=%.1f%n",
                            round,
                            n,
                            roundS,
                            once,
                            tailS);
                    assertThat(once).as("apps told exactly once of " + sha).isEqualTo(n);
                    subscribe(n, false);
                } else {
                    off.add(roundS);
                    System.out.printf(
                            Locale.ROOT,
                            "BENCH notify round=%d apps=%d notifications=off round_s=%.1f%n",
                            round,
                            n,
                            roundS);
                }
                awaitIdle();
            }
            double offS = off.stream().mapToDouble(d -> d).average().orElse(0);
            double onS = on.stream().mapToDouble(d -> d).average().orElse(0);
            System.out.printf(
                    Locale.ROOT,
                    "BENCH notify apps=%d round_s off=%.1f on=%.1f ratio_on_off=%.2f last_sync_to_last_delivery_s=%s%n",
                    n,
                    offS,
                    onS,
                    onS / offS,
                    tail);
            BenchSupport.parallel(
                    n,
                    i -> client.resources(Application.class)
                            .inNamespace(NS)
                            .withName(app(i))
                            .delete());
            client.namespaces().withName(TARGET_NS).delete();
            client.configMaps()
                    .inNamespace(NS)
                    .withName(NotificationSettings.CONFIG_MAP)
                    .delete();
        } finally {
            receiver.stop(0);
        }
    }

    private int count(String app, String sha) {
        AtomicInteger c = deliveries.get(app + " " + sha);
        return c == null ? 0 : c.get();
    }

    /** The revision the apps are at now (they all are at the same one). */
    private String current(int n) {
        Application a = client.resources(Application.class)
                .inNamespace(NS)
                .withName(app(0))
                .get();
        return a.getStatus().getOperationState().getSyncResult().getRevision();
    }

    private void subscribe(int n, boolean on) throws Exception {
        String patch = "{\"metadata\":{\"annotations\":{\"" + SUBSCRIBE + "\":" + (on ? "\"\"" : "null") + "}}}";
        BenchSupport.parallel(
                n,
                i -> client.resources(Application.class)
                        .inNamespace(NS)
                        .withName(app(i))
                        .patch(PatchContext.of(PatchType.JSON_MERGE), patch));
    }

    private void awaitDelivered(int n, String sha) {
        Awaitility.await()
                .atMost(LONG)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> java.util.stream.IntStream.range(0, n).allMatch(i -> count(app(i), sha) >= 1));
    }

    private void awaitSynced(int n, String sha) throws InterruptedException {
        BenchSupport.awaitAll(
                controller,
                n,
                NotifyBenchmark::app,
                c -> sha.equals(c.revision()) && "Synced".equals(c.syncStatus()),
                LONG);
    }

    private void awaitIdle() throws InterruptedException {
        for (int quiet = 0; quiet < 3; ) {
            Thread.sleep(500);
            quiet = controller.idle() ? quiet + 1 : 0;
        }
    }

    private static String commit(Path bare, int n, String value) {
        TreeCommit tree = TreeCommit.tree();
        for (int i = 0; i < n; i++) {
            tree.file(
                    String.format(Locale.ROOT, "apps/app-%05d/cm.yaml", i),
                    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-" + i + "\ndata:\n  value: " + value
                            + "\n");
        }
        return tree.commitToDefaultBranch(bare, "main");
    }

    private Application application(int i, String url) {
        return client.getKubernetesSerialization()
                .unmarshal(
                        """
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: %s, namespace: %s, labels: {bench: notify}}
                spec:
                  project: default
                  source: {repoURL: '%s', path: %s, targetRevision: main}
                  destination: {server: https://kubernetes.default.svc, namespace: %s}
                  syncPolicy: {automated: {}}
                """.formatted(app(i), NS, url, String.format(Locale.ROOT, "apps/app-%05d", i), TARGET_NS),
                        Application.class);
    }

    static String app(int i) {
        return "bnotify-" + i;
    }
}
