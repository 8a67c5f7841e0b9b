package io.sextant.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.OperatingSystemMXBean;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sextant.controller.ApplicationController;
import io.sextant.controller.Comparison;
import io.sextant.embedded.GitHttpServer;
import io.sextant.embedded.RequestCounts;
import io.sextant.model.Application;
import io.sextant.repo.TreeCommit;
import io.sextant.testing.TestbedResource;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The compare benchmark of bench/compare (not a test: tagged {@code bench}, excluded from the
 * README's test command). The CNOE/AWS workload shape: N Applications that each render one
 * ConfigMap from one repository, whose ConfigMaps are live (applied with the tracking annotation, as
 * after a sync). Measures the time from the first create until every app has a status, the heap
 * after GC that the apps added and the process RSS, the CPU seconds of one steady refresh round
 * and the git fetches it made. Prints one result line per N, prefixed {@code BENCH}.
 *
 * <p>System property {@code bench.apps}: comma-separated Ns (default 1000).
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
@Tag("bench")
class CompareBenchmark {

    private static final String NS = "sextant";
    private static final String TARGET_NS = "bench-compare";

    @Inject
    KubernetesClient client;

    @Inject
    ApplicationController controller;

    @Test
    void compareManyOneConfigMapApps() throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (String n : System.getProperty("bench.apps", "1000").split(",")) {
            sizes.add(Integer.parseInt(n.trim()));
        }
        try (GitHttpServer git = GitHttpServer.start(Files.createTempDirectory("bench-git"), 0)) {
            for (int n : sizes) {
                run(git, n);
            }
        }
    }

    private void run(GitHttpServer git, int n) throws Exception {
        String repoName = "bench-" + n;
        Path bare = git.addAnonymous(repoName);
        TreeCommit tree = TreeCommit.tree();
        for (int i = 0; i < n; i++) {
            tree.file(dir(i) + "/configmap.yaml", configMap(i));
        }
        String sha = tree.commitToDefaultBranch(bare, "main");
        String url = git.url(repoName);

        clean();
        client.resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(NS)
                        .endMetadata()
                        .build())
                .serverSideApply();
        client.resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(TARGET_NS)
                        .endMetadata()
                        .build())
                .serverSideApply();
        // Live ConfigMaps, as a sync would have left them.
        BenchSupport.parallel(n, i -> {
            GenericKubernetesResource cm = client.getKubernetesSerialization()
                    .unmarshal(
                            configMap(i)
                                    .replace(
                                            "metadata:\n",
                                            "metadata:\n  namespace: " + TARGET_NS
                                                    + "\n  annotations: {argocd.argoproj.io/tracking-id: '" + app(i)
                                                    + ":/ConfigMap:" + TARGET_NS + "/" + "cm-" + i + "'}\n"),
                            GenericKubernetesResource.class);
            client.resource(cm).fieldManager("sextant").forceConflicts().serverSideApply();
        });
        awaitIdle();
        MemorySample before = MemorySample.take();
        long fetchesBefore = git.requests(repoName).uploadPack();

        long start = System.nanoTime();
        BenchSupport.parallel(n, i -> client.resource(application(i, url)).create());
        long created = System.nanoTime();
        awaitAll(n, c -> sha.equals(c.revision()));
        awaitIdle(); // the status of the last app compared is written
        long compared = System.nanoTime();
        verifyStatuses(n, sha);
        MemorySample after = MemorySample.take();
        long fetchesFirst = git.requests(repoName).uploadPack() - fetchesBefore;

        // One steady round: nothing changed, every app compared again.
        Instant roundStart = Instant.now();
        long cpu0 = processCpuNanos();
        long fetches0 = git.requests(repoName).uploadPack();
        RequestCounts all0 = git.requests(repoName);
        long r0 = System.nanoTime();
        controller.refreshAll();
        awaitAll(n, c -> !c.comparedAt().isBefore(roundStart));
        awaitIdle();
        long r1 = System.nanoTime();
        long roundCpu = processCpuNanos() - cpu0;
        long roundFetches = git.requests(repoName).uploadPack() - fetches0;
        long roundRequests = git.requests(repoName).minus(all0).total();

        double heapPerApp = (after.heapBytes() - before.heapBytes()) / (double) n / (1 << 20);
        System.out.printf(
                Locale.ROOT,
                "BENCH compare apps=%d created_s=%.1f all_compared_s=%.1f heap_before_mib=%.0f "
                        + "heap_after_mib=%.0f heap_per_app_mib=%.4f rss_mib=%.0f first_round_fetches=%d steady_round_s=%.1f "
                        + "steady_round_cpu_s=%.1f steady_round_fetches=%d steady_round_git_requests=%d cores=%d%n",
                n,
                (created - start) / 1e9,
                (compared - start) / 1e9,
                before.heapBytes() / 1048576.0,
                after.heapBytes() / 1048576.0,
                heapPerApp,
                after.rssBytes() / 1048576.0,
                fetchesFirst,
                (r1 - r0) / 1e9,
                roundCpu / 1e9,
                roundFetches,
                roundRequests,
                Runtime.getRuntime().availableProcessors());
        assertThat(roundFetches).as("one fetch per repository per round").isEqualTo(1);
        clean();
    }

    /** Deletes the bench apps one by one (a collection delete of thousands outlasts the client's timeout). */
    private void clean() throws Exception {
        List<String> names =
                client
                        .resources(Application.class)
                        .inNamespace(NS)
                        .withLabel("bench", "compare")
                        .list()
                        .getItems()
                        .stream()
                        .map(a -> a.getMetadata().getName())
                        .toList();
        BenchSupport.parallel(
                names.size(),
                i -> client.resources(Application.class)
                        .inNamespace(NS)
                        .withName(names.get(i))
                        .delete());
        client.namespaces().withName(TARGET_NS).delete();
        Awaitility.await()
                .atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> client.namespaces().withName(TARGET_NS).get() == null
                        && client.resources(Application.class)
                                .inNamespace(NS)
                                .withLabel("bench", "compare")
                                .list(new ListOptionsBuilder().withLimit(1L).build())
                                .getItems()
                                .isEmpty());
    }

    private void awaitIdle() throws InterruptedException {
        for (int quiet = 0; quiet < 3; ) {
            Thread.sleep(500);
            quiet = controller.idle() ? quiet + 1 : 0;
        }
    }

    /**
     * Waits until the controller's latest comparison of every bench app satisfies {@code done}. Reads
     * the controller's memory, not the API, so the wait itself costs next to no CPU.
     */
    private void awaitAll(int n, Predicate<Comparison> done) throws InterruptedException {
        BenchSupport.awaitAll(controller, n, CompareBenchmark::app, done, Duration.ofMinutes(30));
    }

    /** What users see: every app has a status at the commit, read through the API in pages. */
    private void verifyStatuses(int n, String sha) {
        int count = 0;
        String next = null;
        do {
            KubernetesResourceList<Application> page = client.resources(Application.class)
                    .inNamespace(NS)
                    .withLabel("bench", "compare")
                    .list(new ListOptionsBuilder()
                            .withLimit(500L)
                            .withContinue(next)
                            .build());
            count += (int) page.getItems().stream()
                    .filter(a -> a.getStatus() != null
                            && a.getStatus().getSync() != null
                            && sha.equals(a.getStatus().getSync().getRevision())
                            && "Synced".equals(a.getStatus().getSync().getStatus()))
                    .count();
            next = page.getMetadata().getContinue();
        } while (next != null && !next.isEmpty());
        assertThat(count).as("apps Synced at " + sha).isEqualTo(n);
    }

    private Application application(int i, String url) {
        return client.getKubernetesSerialization()
                .unmarshal("""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: %s, namespace: %s, labels: {bench: compare}}
                spec:
                  project: default
                  source: {repoURL: '%s', path: %s, targetRevision: main}
                  destination: {server: https://kubernetes.default.svc, namespace: %s}
                """.formatted(app(i), NS, url, dir(i), TARGET_NS), Application.class);
    }

    private static String app(int i) {
        return "bench-" + i;
    }

    private static String dir(int i) {
        return String.format(Locale.ROOT, "apps/app-%05d", i);
    }

    private static String configMap(int i) {
        return """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: cm-%d
                data:
                  index: "%d"
                  greeting: hello from app %d
                """.formatted(i, i, i);
    }

    private static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Heap in use after a full GC, and the process's resident set. */
    record MemorySample(long heapBytes, long rssBytes) {
        static MemorySample take() throws Exception {
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(200);
            }
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long rss = 0;
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
            return new MemorySample(heap, rss);
        }
    }
}
