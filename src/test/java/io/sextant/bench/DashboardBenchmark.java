package io.sextant.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.sextant.model.Application;
import io.sextant.model.ApplicationStatus;
import io.sextant.model.HealthStatus;
import io.sextant.model.ResourceStatus;
import io.sextant.model.SyncStatus;
import io.sextant.service.ApplicationStore;
import io.sextant.testing.TestbedResource;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The dashboard benchmark of bench/dashboard (not a test: tagged {@code bench}). With the server
 * role only (no controller), 10,000 Applications are created straight in the testbed; then it
 * measures, over HTTP on loopback with a logged-in session: the Applications page (tiles, list,
 * a filtered page) render time p50/p95 and bytes; the details page of an app whose status lists 500
 * resources (tree and list); and the delay from a change written to the API server to the SSE
 * event that carries it to the page's stream. Prints {@code BENCH} lines.
 *
 * <p>System property {@code bench.apps}: how many apps (default 10000).
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
@TestProfile(DashboardBenchmark.ServerOnly.class)
@Tag("bench")
class DashboardBenchmark {

    /** The server role alone: the apps need not be reconciled, and nothing rewrites their status. */
    public static class ServerOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sextant.roles", "server");
        }
    }

    private static final String NS = "sextant";

    @Inject
    KubernetesClient client;

    @Inject
    ApplicationStore store;

    @TestHTTPResource("/")
    URL base;

    private BenchSession session;

    @Test
    void dashboard() throws Exception {
        int n = Integer.parseInt(System.getProperty("bench.apps", "10000"));
        BenchSupport.parallel(
                n,
                i -> client.resources(Application.class)
                        .inNamespace(NS)
                        .withName(name(i))
                        .delete());
        long t0 = System.nanoTime();
        BenchSupport.parallel(n, i -> client.resource(app(name(i), i)).create());
        System.out.printf(
                Locale.ROOT, "BENCH dashboard setup: %d apps created in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (store.find(name(n - 1)).isEmpty()
                || store.all().stream()
                                .filter(a -> a.getMetadata().getLabels() != null
                                        && "dashboard"
                                                .equals(a.getMetadata()
                                                        .getLabels()
                                                        .get("bench")))
                                .count()
                        < n) {
            assertThat(System.nanoTime()).as("the store sees all apps").isLessThan(deadline);
            Thread.sleep(200);
        }
        session = BenchSession.login(base, client);

        measure("applications page (tiles, page 1 of " + (n + 59) / 60 + ")", "/applications", 300);
        measure("applications page (list view, page 80)", "/applications?view=list&page=80", 300);
        measure("applications page (search + health filter)", "/applications?search=app-09&health=Healthy", 300);

        Application big = app("bench-big", 0);
        client.resources(Application.class)
                .inNamespace(NS)
                .withName("bench-big")
                .delete();
        Thread.sleep(500);
        Application created = client.resource(big).create();
        created.setStatus(status(500));
        client.resource(created).update(); // Argo's Application CRD has no status subresource
        while (store.find("bench-big")
                .map(a -> a.getStatus() == null
                        || a.getStatus().getResources() == null
                        || a.getStatus().getResources().size() < 500)
                .orElse(true)) {
            Thread.sleep(100);
        }
        measure("details page, 500 resources (tree)", "/applications/bench-big", 200);
        measure("details page, 500 resources (list)", "/applications/bench-big?view=list", 200);

        sseDelay(name(3), 30);

        // One by one in parallel: a delete-collection of 10,000 outlasts the client's 10 s timeout.
        BenchSupport.parallel(
                n,
                i -> client.resources(Application.class)
                        .inNamespace(NS)
                        .withName(name(i))
                        .delete());
        client.resources(Application.class)
                .inNamespace(NS)
                .withName("bench-big")
                .delete();
    }

    private void measure(String what, String path, int runs) throws Exception {
        HttpRequest req = session.get(path).build();
        for (int i = 0; i < 100; i++) {
            session.http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        }
        System.gc();
        long[] times = new long[runs];
        long bytes = 0;
        for (int i = 0; i < runs; i++) {
            long s = System.nanoTime();
            HttpResponse<byte[]> r = session.http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            times[i] = System.nanoTime() - s;
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            bytes = r.body().length;
        }
        Arrays.sort(times);
        System.out.printf(
                Locale.ROOT,
                "BENCH dashboard %s: p50 %.1f ms, p95 %.1f ms, max %.1f ms, %d bytes (%d runs)%n",
                what,
                times[runs / 2] / 1e6,
                times[(int) (runs * 0.95)] / 1e6,
                times[runs - 1] / 1e6,
                bytes,
                runs);
    }

    /** From the write's start to the SSE event of the page's stream that shows the new health. */
    private void sseDelay(String app, int changes) throws Exception {
        BlockingQueue<long[]> seen = new LinkedBlockingQueue<>();
        HttpRequest req = session.get("/stream/applications?search=" + app)
                .header("Accept", "text/event-stream")
                .build();
        HttpResponse<InputStream> r = session.http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader in =
                            new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = in.readLine()) != null) {
                            int at = line.indexOf("data-health=\"");
                            if (line.startsWith("data:") && at >= 0) {
                                String h = line.substring(at + 13, line.indexOf('"', at + 13));
                                seen.add(new long[] {System.nanoTime(), h.equals("Healthy") ? 1 : 2});
                            }
                        }
                    } catch (Exception e) {
                        // the stream ends when the benchmark closes it
                    }
                },
                "bench-sse");
        reader.setDaemon(true);
        reader.start();
        Thread.sleep(1000);
        seen.clear();
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < changes; i++) {
            boolean healthy = i % 2 == 0;
            Application a = client.resources(Application.class)
                    .inNamespace(NS)
                    .withName(app)
                    .get();
            a.setStatus(statusOf(healthy ? "Healthy" : "Degraded"));
            long start = System.nanoTime();
            client.resource(a).update();
            while (true) {
                long[] ev = seen.poll(5, TimeUnit.SECONDS);
                assertThat(ev).as("an SSE event within 5 s").isNotNull();
                if (ev[1] == (healthy ? 1 : 2)) {
                    delays.add(ev[0] - start);
                    break;
                }
            }
            Thread.sleep(100);
        }
        r.body().close();
        long[] d = delays.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(
                Locale.ROOT,
                "BENCH dashboard live change to SSE event: p50 %.1f ms, p95 %.1f ms, max %.1f ms (%d changes)%n",
                d[d.length / 2] / 1e6,
                d[(int) (d.length * 0.95)] / 1e6,
                d[d.length - 1] / 1e6,
                d.length);
    }

    private static String name(int i) {
        return String.format("app-%05d", i);
    }

    private Application app(String name, int i) {
        return client.getKubernetesSerialization()
                .unmarshal("""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: %s, namespace: %s, labels: {bench: dashboard, team: t%d}}
                spec:
                  project: default
                  source: {repoURL: 'https://git.example/kubercoins-%d.git', path: apps/%d, targetRevision: HEAD}
                  destination: {server: https://kubernetes.default.svc, namespace: ns-%d}
                """.formatted(name, NS, i % 10, i % 50, i, i % 100), Application.class);
    }

    private static ApplicationStatus statusOf(String health) {
        ApplicationStatus s = new ApplicationStatus();
        HealthStatus h = new HealthStatus();
        h.setStatus(health);
        s.setHealth(h);
        SyncStatus sync = new SyncStatus();
        sync.setStatus("Synced");
        s.setSync(sync);
        return s;
    }

    private static ApplicationStatus status(int resources) {
        ApplicationStatus s = statusOf("Healthy");
        List<ResourceStatus> list = new ArrayList<>();
        for (int i = 0; i < resources; i++) {
            ResourceStatus r = new ResourceStatus();
            boolean deploy = i % 2 == 0;
            r.setGroup(deploy ? "apps" : "");
            r.setVersion("v1");
            r.setKind(deploy ? "Deployment" : "ConfigMap");
            r.setNamespace("big");
            r.setName("res-" + i);
            r.setStatus(i % 7 == 0 ? "OutOfSync" : "Synced");
            HealthStatus h = new HealthStatus();
            h.setStatus(deploy ? "Healthy" : null);
            r.setHealth(deploy ? h : null);
            list.add(r);
        }
        s.setResources(list);
        return s;
    }
}
