package io.sextant.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sextant.controller.ApplicationController;
import io.sextant.embedded.FixtureRepository;
import io.sextant.embedded.GitHttpServer;
import io.sextant.embedded.RequestCounts;
import io.sextant.model.Application;
import io.sextant.model.ApplicationSource;
import io.sextant.model.ApplicationSourceHelm;
import io.sextant.repo.git.RepoCache;
import io.sextant.repo.git.RepoSnapshot;
import io.sextant.repo.render.HelmRenderer;
import io.sextant.repo.render.ManifestCache;
import io.sextant.repo.render.RenderContext;
import io.sextant.repo.render.RenderTools;
import io.sextant.testing.TestbedResource;
import io.sextant.testing.WorkshopChartRepository;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The render benchmark of bench/render (tagged {@code bench}, not a test):
 * <ol>
 * <li>render time of one Helm app (the workshop's kc-worker: generic-service with values.yaml and
 *     ../values/worker.yaml), median of repeated renders after a warm-up, next to {@code helm template}
 *     of the same chart when a helm binary is on PATH;</li>
 * <li>N Helm apps from that one chart (each its own release name, so N renders) created at once, until
 *     every one is compared (target: 100 in at most 10 s);</li>
 * <li>a second refresh round of the same apps: the manifest cache's hit ratio (the commit did not change,
 *     so every render should be a hit).</li>
 * </ol>
 * System property {@code bench.apps}: N (default 100).
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
@Tag("bench")
class RenderBenchmark {

    private static final String TARGET_NS = "bench-render";

    @Inject
    KubernetesClient client;

    @Inject
    ApplicationController controller;

    @Test
    void helmRenderTimeAndManyHelmApps() throws Exception {
        int n = Integer.parseInt(System.getProperty("bench.apps", "100"));
        Path tmp = Files.createTempDirectory("bench-render");
        try (GitHttpServer git = GitHttpServer.start(tmp.resolve("served"), 0);
                FixtureRepository repo = FixtureRepository.create(git)) {
            singleRender(repo, tmp);
            manyApps(repo, n);
            try (WorkshopChartRepository charts = WorkshopChartRepository.start()) {
                chartWithValuesFromGit(git, repo, charts, n);
            }
        }
    }

    /**
     * 4. (issue 25) N apps of the generic-service chart from a Helm repository, first single-source (values
     * inline), then with their values from the kubercoins repository through a ref source
     * ({@code $values/values/worker.yaml}): the time from create until every one is compared, in the same run,
     * and the requests to the values repository in a refresh round of the N multi-source apps.
     */
    private void chartWithValuesFromGit(
            GitHttpServer git, FixtureRepository repo, WorkshopChartRepository charts, int n) throws Exception {
        double single = createAndCompare(n, i -> chartApp(i, charts.url(), null), "0.1.0");
        double multi = createAndCompare(n, i -> chartApp(i, charts.url(), repo.url()), "0.1.0 " + repo.headOf("helm"));
        awaitIdle();
        RequestCounts before = git.requests(repo.name());
        Instant roundStart = Instant.now();
        controller.refreshAll();
        BenchSupport.awaitAll(
                controller, n, RenderBenchmark::app, c -> !c.comparedAt().isBefore(roundStart), Duration.ofMinutes(10));
        awaitIdle();
        RequestCounts round = git.requests(repo.name()).minus(before);
        System.out.printf(
                Locale.ROOT,
                "BENCH render chart_apps=%d single_source_compared_s=%.1f chart_plus_git_values_compared_s=%.1f"
                        + " ratio=%.2f values_repo_requests_in_one_round=%d (info/refs %d, upload-pack %d)%n",
                n,
                single,
                multi,
                multi / single,
                round.total(),
                round.infoRefs(),
                round.uploadPack());
        clean(n);
    }

    /** Creates N apps at once and returns the seconds until each is compared at {@code revision}. */
    private double createAndCompare(int n, java.util.function.IntFunction<Application> app, String revision)
            throws Exception {
        clean(n);
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofMinutes(2))
                .until(() -> client.resources(Application.class)
                        .inNamespace("sextant")
                        .withLabel("bench", "render")
                        .list()
                        .getItems()
                        .isEmpty());
        awaitIdle();
        long start = System.nanoTime();
        BenchSupport.parallel(n, i -> client.resource(app.apply(i)).create());
        BenchSupport.awaitAll(
                controller,
                n,
                RenderBenchmark::app,
                c -> revision.equals(c.revision()) && c.errors().isEmpty(),
                Duration.ofMinutes(10));
        return (System.nanoTime() - start) / 1e9;
    }

    /** App {@code i}: the chart of the Helm repository, values inline, or (valuesRepo set) from Git. */
    private Application chartApp(int i, String charts, String valuesRepo) {
        String chart = "repoURL: '" + charts + "'\n  chart: generic-service\n  targetRevision: 0.1.0\n"
                + "  helm:\n    releaseName: " + app(i) + "\n";
        String spec = valuesRepo == null
                ? "source:\n  " + chart + "    values: 'image: {repository: dockercoins/worker}'\n"
                : "sources:\n- " + chart + "    valueFiles: [$values/values/worker.yaml]\n" + "- {repoURL: '"
                        + valuesRepo + "', targetRevision: helm, ref: values}\n";
        return client.getKubernetesSerialization()
                .unmarshal("""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: %s, namespace: sextant, labels: {bench: render}}
                spec:
                  project: default
                  destination: {server: https://kubernetes.default.svc, namespace: %s}
                %s""".formatted(app(i), TARGET_NS, spec.indent(2)), Application.class);
    }

    private void singleRender(FixtureRepository repo, Path tmp) throws Exception {
        try (RepoCache cache = new RepoCache(tmp.resolve("cache"))) {
            String sha = cache.newRound().resolve(repo.url(), "helm", null);
            RepoSnapshot snapshot = cache.snapshot(repo.url(), sha);
            ApplicationSource source = workerSource(repo.url());
            HelmRenderer helm = new HelmRenderer(RenderTools.DEFAULTS);
            long first0 = System.nanoTime();
            helm.render(snapshot, source, RenderContext.of("kc-worker", "helmcoins"));
            double firstMs = (System.nanoTime() - first0) / 1e6;
            int runs = 30;
            double[] ms = new double[runs];
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                helm.render(snapshot, source, RenderContext.of("kc-worker-" + i, "helmcoins"));
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(ms);
            // 100 renders on 4 threads, as the controller's 4 workers would run them.
            ExecutorService pool = Executors.newFixedThreadPool(4);
            long p0 = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int k = i;
                futures.add(
                        pool.submit(() -> helm.render(snapshot, source, RenderContext.of("par-" + k, "helmcoins"))));
            }
            for (var f : futures) {
                f.get();
            }
            pool.shutdown();
            System.out.printf(
                    Locale.ROOT, "BENCH render helm_100_renders_4_threads_s=%.2f%n", (System.nanoTime() - p0) / 1e9);
            String helmBinary = helmTemplateMs(repo);
            System.out.printf(
                    Locale.ROOT,
                    "BENCH render helm_first_ms=%.0f helm_median_ms=%.1f helm_p90_ms=%.1f runs=%d "
                            + "helm_template_binary=%s%n",
                    firstMs,
                    ms[runs / 2],
                    ms[runs * 9 / 10],
                    runs,
                    helmBinary);
        }
    }

    /** The helm binary the testbed builds (tools-<hash>/bin/helm, newest first), or null. */
    private static Path testbedHelm() throws IOException {
        String cache = System.getenv("TESTBED_CACHE");
        Path root = cache != null && !cache.isEmpty()
                ? Path.of(cache)
                : Path.of(System.getProperty("user.home"), ".cache", "sextant", "testbed");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (var dirs = Files.list(root)) {
            return dirs.map(d -> d.resolve("bin").resolve("helm"))
                    .filter(Files::isExecutable)
                    .max(Comparator.comparing(p -> p.toFile().lastModified()))
                    .orElse(null);
        }
    }

    /** {@code helm template} of the same chart, when a helm binary exists (median of 10), or "absent". */
    private static String helmTemplateMs(FixtureRepository repo) throws Exception {
        Path helm = null;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, "helm");
            if (!dir.isEmpty() && Files.isExecutable(p)) {
                helm = p;
                break;
            }
        }
        if (helm == null) {
            helm = testbedHelm();
        }
        if (helm == null) {
            return "absent";
        }
        Path chart = FixtureRepository.locateFixtures().resolve("helm/generic-service");
        double[] ms = new double[10];
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(
                            helm.toString(),
                            "template",
                            "kc-worker",
                            chart.toString(),
                            "-f",
                            chart.resolve("values.yaml").toString(),
                            "-f",
                            chart.resolve("../values/worker.yaml").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            p.waitFor();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return String.format(Locale.ROOT, "%.1fms", ms[5]);
    }

    private void manyApps(FixtureRepository repo, int n) throws Exception {
        clean(n);
        client.resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName("sextant")
                        .endMetadata()
                        .build())
                .serverSideApply();
        client.resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(TARGET_NS)
                        .endMetadata()
                        .build())
                .serverSideApply();
        String sha = repo.headOf("helm");
        ManifestCache cache = controller.manifestCache().orElseThrow();
        long start = System.nanoTime();
        Instant startAt = Instant.now();
        BenchSupport.parallel(
                n, i -> client.resource(application(i, repo.url())).create());
        double createdS = (System.nanoTime() - start) / 1e9;
        BenchSupport.awaitAll(
                controller,
                n,
                RenderBenchmark::app,
                c -> sha.equals(c.revision()) && "Helm".equals(c.sourceType()),
                Duration.ofMinutes(10));
        double comparedS = (System.nanoTime() - start) / 1e9;
        List<Long> offsets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            offsets.add(Duration.between(
                            startAt,
                            controller.comparisons().get(app(i)).orElseThrow().comparedAt())
                    .toMillis());
        }
        Collections.sort(offsets);
        System.out.printf(
                Locale.ROOT,
                "BENCH render helm_apps_created_s=%.1f first_compared_ms=%d p50_compared_ms=%d "
                        + "last_compared_ms=%d%n",
                createdS,
                offsets.get(0),
                offsets.get(n / 2),
                offsets.get(n - 1));

        awaitIdle();
        long hits0 = cache.hits();
        long misses0 = cache.misses();
        Instant roundStart = Instant.now();
        long r0 = System.nanoTime();
        controller.refreshAll();
        BenchSupport.awaitAll(
                controller, n, RenderBenchmark::app, c -> !c.comparedAt().isBefore(roundStart), Duration.ofMinutes(10));
        double roundS = (System.nanoTime() - r0) / 1e9;
        awaitIdle();
        long hits = cache.hits() - hits0;
        long misses = cache.misses() - misses0;
        System.out.printf(
                Locale.ROOT,
                "BENCH render helm_apps=%d all_compared_s=%.1f second_round_s=%.1f "
                        + "second_round_cache_hits=%d misses=%d hit_ratio=%.2f cores=%d%n",
                n,
                comparedS,
                roundS,
                hits,
                misses,
                hits / (double) Math.max(1, hits + misses),
                Runtime.getRuntime().availableProcessors());
        assertThat(misses).as("an unchanged commit renders nothing again").isZero();
        clean(n);
    }

    private void awaitIdle() throws InterruptedException {
        for (int quiet = 0; quiet < 3; ) {
            Thread.sleep(300);
            quiet = controller.idle() ? quiet + 1 : 0;
        }
    }

    private void clean(int n) throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(app(i));
        }
        BenchSupport.parallel(
                n,
                i -> client.resources(Application.class)
                        .inNamespace("sextant")
                        .withName(names.get(i))
                        .delete());
    }

    private static ApplicationSource workerSource(String url) {
        ApplicationSource source = new ApplicationSource();
        source.setRepoURL(url);
        source.setPath("generic-service");
        source.setTargetRevision("helm");
        ApplicationSourceHelm helm = new ApplicationSourceHelm();
        helm.setValueFiles(List.of("values.yaml", "../values/worker.yaml"));
        source.setHelm(helm);
        return source;
    }

    private Application application(int i, String url) {
        return client.getKubernetesSerialization().unmarshal("""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: %s, namespace: sextant, labels: {bench: render}}
                spec:
                  project: default
                  source:
                    repoURL: '%s'
                    path: generic-service
                    targetRevision: helm
                    helm: {valueFiles: [values.yaml, ../values/worker.yaml]}
                  destination: {server: https://kubernetes.default.svc, namespace: %s}
                """.formatted(app(i), url, TARGET_NS), Application.class);
    }

    private static String app(int i) {
        return "bench-helm-" + i;
    }
}
