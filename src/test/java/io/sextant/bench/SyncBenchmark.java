package io.sextant.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.OperatingSystemMXBean;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sextant.controller.ApplicationController;
import io.sextant.controller.Comparison;
import io.sextant.embedded.FixtureRepository;
import io.sextant.embedded.GitHttpServer;
import io.sextant.model.Application;
import io.sextant.model.OperationState;
import io.sextant.repo.TreeCommit;
import io.sextant.service.ApplicationOperations;
import io.sextant.testing.ApiServerRequests;
import io.sextant.testing.ProjectPaths;
import io.sextant.testing.TestbedResource;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The sync benchmark of bench/sync (not a test: tagged {@code bench}, excluded from the README's test
 * command). Two workloads, each next to kubectl doing the same writes in the same run:
 * <ul>
 * <li>N auto-synced Applications that each render one ConfigMap from one repository: the time from
 * the first create until all are Synced (initial sync), then, after a push that changes every
 * ConfigMap, the time from the refresh to all Synced at the new commit — once as a webhook would
 * trigger it (one refresh round, {@link ApplicationController#refreshAll()}) and once through the
 * refresh annotation set on every app. The peer is {@code kubectl apply --server-side -f} of a
 * directory holding the same N manifests, first with the first values, then with the changed ones.</li>
 * <li>The workshop's kubercoins app (branch prod, nine objects, CreateNamespace=true): the time from
 * the sync request to operation Succeeded, next to {@code kubectl apply -f plain/}; a few rounds,
 * the median reported.</li>
 * </ul>
 * Prints one line per measure, prefixed {@code BENCH sync}, with apps (or objects) per second and the
 * ratio Sextant/kubectl, and the API requests Sextant made per app (from the API server's metrics).
 *
 * <p>System properties: {@code bench.apps} comma-separated Ns (default 1000), {@code bench.kubercoins.rounds}
 * (default 3).
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
@Tag("bench")
class SyncBenchmark {

    private static final String NS = "sextant";
    private static final String TARGET_NS = "bench-sync";
    private static final String KUBECTL_NS = "bench-sync-kubectl";
    private static final String LABEL = "sync";
    private static final Duration LONG = Duration.ofMinutes(30);

    @Inject
    KubernetesClient client;

    /** ConfigMaps per app in the workload being run. */
    private static int perApp = 1;

    @Inject
    ApplicationController controller;

    @Inject
    ApplicationOperations operations;

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URL base;

    @Test
    void syncManyOneConfigMapAppsAndKubercoins() throws Exception {
        List<int[]> sizes = new ArrayList<>();
        for (String n : System.getProperty("bench.apps", "1000").split(",")) {
            String[] shape = n.trim().split("x");
            sizes.add(new int[] {Integer.parseInt(shape[0]), shape.length > 1 ? Integer.parseInt(shape[1]) : 1});
        }
        int rounds = Integer.getInteger("bench.kubercoins.rounds", 3);
        try (GitHttpServer git = GitHttpServer.start(Files.createTempDirectory("bench-sync-git"), 0)) {
            for (int[] shape : sizes) {
                manyApps(git, shape[0], shape[1]);
            }
            if (rounds > 0) {
                kubercoins(git, rounds);
            }
        }
    }

    // ---- the soak (bench/soak) ---------------------------------------------------------------

    /**
     * bench/soak (issue 24): {@code bench.soak.apps} auto-synced one-ConfigMap apps (default 1,000) and a push
     * that changes every app once a minute for {@code bench.soak.minutes}, each push followed by one refresh
     * round (what the repository's webhook does). After each round: its time, and this JVM's heap after a
     * full GC, live threads and open file descriptors (the server, the controller and the benchmark share
     * the JVM; the benchmark's own share is constant). At the end: each one's slope per hour (least squares)
     * and whether any operation was lost or doubled (each app's history holds the last pushes' commits in
     * order, once each). Skipped unless {@code bench.soak.minutes} is set.
     */
    @Test
    void soak() throws Exception {
        int minutes = Integer.getInteger("bench.soak.minutes", 0);
        org.junit.jupiter.api.Assumptions.assumeTrue(minutes > 0, "bench/soak sets bench.soak.minutes");
        int n = Integer.getInteger("bench.soak.apps", 1000);
        perApp = 1;
        try (GitHttpServer git = GitHttpServer.start(Files.createTempDirectory("bench-soak-git"), 0)) {
            Path bare = git.addAnonymous("bench-soak");
            List<String> pushed = new ArrayList<>(List.of(commit(bare, n, "S0")));
            String url = git.url("bench-soak");
            clean(n);
            for (String ns : List.of(NS, TARGET_NS)) {
                client.resource(new NamespaceBuilder()
                                .withNewMetadata()
                                .withName(ns)
                                .endMetadata()
                                .build())
                        .serverSideApply();
            }
            BenchSupport.parallel(n, i -> client.resource(application(i, url)).create());
            awaitAll(n, c -> pushed.get(0).equals(c.revision()) && "Synced".equals(c.syncStatus()));
            awaitIdle();
            List<double[]> samples = new ArrayList<>();
            long start = System.nanoTime();
            for (int m = 1; m <= minutes; m++) {
                String sha = commit(bare, n, "S" + m);
                pushed.add(sha);
                long round = System.nanoTime();
                controller.refreshAll();
                awaitAll(n, c -> sha.equals(c.revision()) && "Synced".equals(c.syncStatus()));
                double roundS = (System.nanoTime() - round) / 1e9;
                awaitIdle();
                double[] s = sample(m);
                samples.add(s);
                if (m == Math.min(30, minutes) || m == minutes) {
                    histogram(m);
                }
                System.out.printf(
                        Locale.ROOT,
                        "BENCH soak minute=%d apps=%d round_s=%.1f heap_after_gc_mib=%.1f threads=%.0f fds=%.0f%n",
                        m,
                        n,
                        roundS,
                        s[1],
                        s[2],
                        s[3]);
                long due = start + TimeUnit.MINUTES.toNanos(m);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            verify(n, pushed.get(pushed.size() - 1), "S" + minutes);
            int wrong = historiesNotMatching(pushed);
            System.out.printf(
                    Locale.ROOT,
                    "BENCH soak apps=%d pushes=%d slope_per_hour heap_mib=%.2f threads=%.2f fds=%.2f;"
                            + " apps whose history is not the pushes in order, once each: %d%n",
                    n,
                    minutes,
                    slopePerHour(samples, 1),
                    slopePerHour(samples, 2),
                    slopePerHour(samples, 3),
                    wrong);
            assertThat(wrong).as("apps with a lost or doubled operation").isZero();
            clean(n);
        }
    }

    /** {minute, heap used after a full GC in MiB, live threads, open file descriptors} of this JVM. */
    private static double[] sample(int minute) throws IOException {
        System.gc();
        double heap = java.lang.management.ManagementFactory.getMemoryMXBean()
                        .getHeapMemoryUsage()
                        .getUsed()
                / (1024.0 * 1024);
        int threads = java.lang.management.ManagementFactory.getThreadMXBean().getThreadCount();
        long fds;
        try (var list = Files.list(Path.of("/proc/self/fd"))) {
            fds = list.count();
        }
        return new double[] {minute, heap, threads, fds};
    }

    /**
     * Writes the live heap's class histogram (the JVM's {@code GC.class_histogram}) to
     * {@code bench.soak.histograms} (a directory; none when unset): two of them, at minute 30 and at the
     * end, show what grew if the heap is not flat.
     */
    private static void histogram(int minute) throws Exception {
        String dir = System.getProperty("bench.soak.histograms", "");
        if (dir.isEmpty()) {
            return;
        }
        Object text = java.lang.management.ManagementFactory.getPlatformMBeanServer()
                .invoke(
                        new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
                        "gcClassHistogram",
                        new Object[] {new String[0]},
                        new String[] {String[].class.getName()});
        Path file = Path.of(dir).resolve(String.format(Locale.ROOT, "histogram-minute-%03d.txt", minute));
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.valueOf(text));
        System.out.println("BENCH soak histogram minute=" + minute + " file=" + file);
    }

    /** The least-squares slope of column {@code y} against the minute (column 0), per hour. */
    private static double slopePerHour(List<double[]> samples, int y) {
        int n = samples.size();
        if (n < 2) {
            return Double.NaN;
        }
        double mx = samples.stream().mapToDouble(s -> s[0]).average().orElse(0);
        double my = samples.stream().mapToDouble(s -> s[y]).average().orElse(0);
        double num = 0;
        double den = 0;
        for (double[] s : samples) {
            num += (s[0] - mx) * (s[y] - my);
            den += (s[0] - mx) * (s[0] - mx);
        }
        return num / den * 60;
    }

    /**
     * Apps whose history (the last {@code revisionHistoryLimit}, 10, entries) is not the tail of {@code pushed}:
     * a lost sync leaves a commit out, a doubled one lists a commit twice.
     */
    private int historiesNotMatching(List<String> pushed) {
        int wrong = 0;
        String next = null;
        do {
            KubernetesResourceList<Application> page = client.resources(Application.class)
                    .inNamespace(NS)
                    .withLabel("bench", LABEL)
                    .list(new ListOptionsBuilder()
                            .withLimit(500L)
                            .withContinue(next)
                            .build());
            for (Application a : page.getItems()) {
                List<String> history = a.getStatus() == null || a.getStatus().getHistory() == null
                        ? List.of()
                        : a.getStatus().getHistory().stream()
                                .map(h -> h.getRevision())
                                .toList();
                List<String> expected = pushed.subList(Math.max(0, pushed.size() - history.size()), pushed.size());
                if (history.isEmpty()
                        || history.size() > 10
                        || !history.equals(expected)
                        || (history.size() < 10 && history.size() != pushed.size())) {
                    wrong++;
                }
            }
            next = page.getMetadata().getContinue();
        } while (next != null && !next.isEmpty());
        return wrong;
    }

    // ---- N one-ConfigMap apps ----------------------------------------------------------------

    /** N apps of {@code k} ConfigMaps each (the workload is k = 1; more shows the per-app share). */
    private void manyApps(GitHttpServer git, int n, int k) throws Exception {
        perApp = k;
        String repoName = "bench-sync-" + n + "x" + k;
        Path bare = git.addAnonymous(repoName);
        String shaA = commit(bare, n, "A");
        String url = git.url(repoName);

        clean(n);
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
        client.resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(KUBECTL_NS)
                        .endMetadata()
                        .build())
                .serverSideApply();
        awaitIdle();

        // 1. Initial sync: auto-synced apps created, the clock runs until all are Synced.
        Phase initial = Phase.start(this);
        BenchSupport.parallel(n, i -> client.resource(application(i, url)).create());
        long created = System.nanoTime();
        awaitAll(n, c -> shaA.equals(c.revision()) && "Synced".equals(c.syncStatus()));
        initial.stop(this);
        awaitIdle();
        verify(n, shaA, "A");
        // kubectl, same run: the same N manifests in a directory, first apply (creates).
        Path dir = Files.createTempDirectory("bench-sync-manifests");
        writeManifests(dir, n, "A");
        Phase kubectlFirst = kubectlApply(dir, n, "A");
        report(
                "initial",
                n,
                initial,
                kubectlFirst,
                String.format(Locale.ROOT, "created_s=%.1f ", (created - initial.start) / 1e9));

        // 2. Push, then one refresh round (what a webhook for the repository does).
        String shaB = commit(bare, n, "B");
        Phase push = Phase.start(this);
        controller.refreshAll();
        awaitAll(n, c -> shaB.equals(c.revision()) && "Synced".equals(c.syncStatus()));
        push.stop(this);
        awaitIdle();
        verify(n, shaB, "B");
        writeManifests(dir, n, "B");
        report("push_refresh_round", n, push, kubectlApply(dir, n, "B"), "");

        // 3. Push, then the refresh annotation on every app (what `argocd app get --refresh` does per app),
        // written as `kubectl annotate` does: a merge patch without a resourceVersion.
        String shaC = commit(bare, n, "C");
        Phase annotated = Phase.start(this);
        BenchSupport.parallel(
                n,
                i -> client.resources(Application.class)
                        .inNamespace(NS)
                        .withName(app(i))
                        .patch(
                                PatchContext.of(PatchType.JSON_MERGE),
                                "{\"metadata\":{\"annotations\":{\"argocd.argoproj.io/refresh\":\"normal\"}}}"));
        awaitAll(n, c -> shaC.equals(c.revision()) && "Synced".equals(c.syncStatus()));
        annotated.stop(this);
        awaitIdle();
        verify(n, shaC, "C");
        writeManifests(dir, n, "C");
        report("push_refresh_annotation", n, annotated, kubectlApply(dir, n, "C"), "");

        if (perApp == 1) {
            watchedRound(bare, n);
        }
        deleteRecursively(dir);
        clean(n);
    }

    /**
     * 4. One more push and refresh round, with a person watching the dashboard (issue 24): the latency of pages
     * and an API call loaded in a loop, and the SSE delay of the last ten apps, while every app syncs.
     */
    private void watchedRound(Path bare, int n) throws Exception {
        String shaD = commit(bare, n, "D");
        List<String> watched = java.util.stream.IntStream.range(Math.max(0, n - 10), n)
                .mapToObj(SyncBenchmark::app)
                .toList();
        PagesUnderLoad pages = PagesUnderLoad.start(
                BenchSession.login(base, client),
                client,
                NS,
                List.of("/applications", "/applications?view=list&page=5", "/api/v1/applications/" + app(0)),
                watched,
                a -> a.getStatus() != null
                        && a.getStatus().getSync() != null
                        && "Synced".equals(a.getStatus().getSync().getStatus())
                        && shaD.equals(a.getStatus().getSync().getRevision()));
        long start = System.nanoTime();
        try {
            pages.arm();
            controller.refreshAll();
            awaitAll(n, c -> shaD.equals(c.revision()) && "Synced".equals(c.syncStatus()));
        } finally {
            pages.close();
        }
        System.out.printf(
                Locale.ROOT,
                "BENCH sync push_refresh_round_watched apps=%d sextant_s=%.1f%n",
                n,
                (System.nanoTime() - start) / 1e9);
        pages.report("push_refresh_round_watched", n);
        awaitIdle();
        verify(n, shaD, "D");
    }

    /** {@code kubectl apply --server-side} of the directory into the kubectl namespace, measured. */
    private Phase kubectlApply(Path dir, int n, String value) throws Exception {
        Phase p = Phase.start(this);
        kubectl("apply", "--server-side", "-n", KUBECTL_NS, "-f", dir.toString());
        p.stop(this);
        assertThat(countValue(KUBECTL_NS, value))
                .as("ConfigMaps kubectl applied with value " + value)
                .isEqualTo((long) n * perApp);
        return p;
    }

    /**
     * What one measured phase took: wall time, CPU by process, and the API requests made during it
     * (count and the API server's time in them, by verb and resource).
     */
    static final class Phase {
        long start;
        long end;
        private Cpu cpu;
        private ThreadCpu threads;
        private String threadCpu;
        private Map<String, Long> requests;
        private Map<String, Long> millis;

        static Phase start(SyncBenchmark b) {
            Phase p = new Phase();
            p.requests = b.apiRequests();
            p.millis = b.apiMillis();
            p.cpu = Cpu.now();
            p.threads = ThreadCpu.now();
            p.start = System.nanoTime();
            return p;
        }

        void stop(SyncBenchmark b) {
            end = System.nanoTime();
            cpu = Cpu.now().minus(cpu);
            threadCpu = ThreadCpu.now().since(threads);
            requests = ApiServerRequests.minus(b.apiRequests(), requests);
            millis = ApiServerRequests.minus(b.apiMillis(), millis);
            millis.keySet().removeIf(k -> k.startsWith("WATCH")); // long-running, not work
        }

        double seconds() {
            return (end - start) / 1e9;
        }
    }

    private void report(String measure, int n, Phase sextant, Phase kubectl, String extra) {
        double sx = n / sextant.seconds();
        double kc = n / kubectl.seconds();
        System.out.printf(
                Locale.ROOT,
                "BENCH sync %s apps=%d" + (perApp > 1 ? "x" + perApp : "")
                        + " %ssextant_s=%.1f sextant_apps_per_s=%.1f kubectl_s=%.1f "
                        + "kubectl_apps_per_s=%.1f ratio=%.2f cpu_s_during_sextant[%s] cpu_s_during_kubectl[%s] cores=%d%n",
                measure,
                n,
                extra,
                sextant.seconds(),
                sx,
                kubectl.seconds(),
                kc,
                sx / kc,
                sextant.cpu,
                kubectl.cpu,
                Runtime.getRuntime().availableProcessors());
        System.out.printf(
                Locale.ROOT,
                "BENCH sync requests %s apps=%d sextant_per_app=%.1f kubectl_per_app=%.1f "
                        + "sextant[%s] kubectl[%s]%n",
                measure,
                n,
                ApiServerRequests.total(sextant.requests) / (double) n,
                ApiServerRequests.total(kubectl.requests) / (double) n,
                ApiServerRequests.perApp(sextant.requests, n),
                ApiServerRequests.perApp(kubectl.requests, n));
        System.out.printf(
                Locale.ROOT,
                "BENCH sync request_ms %s apps=%d sextant_per_app_ms=%.1f kubectl_per_app_ms=%.1f "
                        + "sextant[%s] kubectl[%s]%n",
                measure,
                n,
                ApiServerRequests.total(sextant.millis) / (double) n,
                ApiServerRequests.total(kubectl.millis) / (double) n,
                ApiServerRequests.perApp(sextant.millis, n),
                ApiServerRequests.perApp(kubectl.millis, n));
        System.out.printf(
                Locale.ROOT, "BENCH sync jvm_threads_cpu_s %s apps=%d sextant[%s]%n", measure, n, sextant.threadCpu);
    }

    /**
     * CPU seconds used so far by this JVM (Sextant and the benchmark), its finished child processes
     * (the git server's git processes, and kubectl), the testbed's kube-apiserver and its etcd: where
     * the time of a phase went on a machine whose cores they all share.
     */
    record Cpu(double jvm, double children, double apiserver, double etcd) {
        static Cpu now() {
            double jvm =
                    ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
            return new Cpu(jvm, ofPid("self", 13), ofTestbed("kube-apiserver"), ofTestbed("etcd"));
        }

        Cpu minus(Cpu before) {
            return new Cpu(
                    jvm - before.jvm, children - before.children, apiserver - before.apiserver, etcd - before.etcd);
        }

        /** utime + stime of the testbed component, from /proc (0 when it cannot be read). */
        private static double ofTestbed(String component) {
            String home = System.getenv("TESTBED_HOME");
            Path state = home != null && !home.isBlank()
                    ? Path.of(home)
                    : Path.of(System.getProperty("user.home"), ".cache/sextant/testbed/run");
            try {
                return ofPid(
                        Files.readString(state.resolve("pids").resolve(component))
                                .trim(),
                        11);
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        /**
         * Two CPU-time fields of /proc/PID/stat summed, in seconds (USER_HZ 100): from index 11 utime +
         * stime, from 13 cutime + cstime (children waited for: the kubectl runs of this JVM).
         */
        private static double ofPid(String pid, int from) {
            try {
                String stat = Files.readString(Path.of("/proc", pid, "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(f[from]) + Long.parseLong(f[from + 1])) / 100.0;
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT, "jvm=%.1f,children=%.1f,apiserver=%.1f,etcd=%.1f", jvm, children, apiserver, etcd);
        }
    }

    /** One commit holding N directories of one ConfigMap each, all with data value {@code value}. */
    private static String commit(Path bare, int n, String value) {
        TreeCommit tree = TreeCommit.tree();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < perApp; j++) {
                tree.file(dir(i) + "/configmap-" + j + ".yaml", configMap(i * perApp + j, value));
            }
        }
        return tree.commitToDefaultBranch(bare, "main");
    }

    private static void writeManifests(Path dir, int n, String value) throws IOException {
        for (int i = 0; i < n * perApp; i++) {
            Files.writeString(dir.resolve(String.format(Locale.ROOT, "cm-%05d.yaml", i)), configMap(i, value));
        }
    }

    /** Apps Synced at {@code sha} with the operation Succeeded, and every ConfigMap holding {@code value}, read through the API. */
    private void verify(int n, String sha, String value) {
        int synced = 0;
        String next = null;
        do {
            KubernetesResourceList<Application> page = client.resources(Application.class)
                    .inNamespace(NS)
                    .withLabel("bench", LABEL)
                    .list(new ListOptionsBuilder()
                            .withLimit(500L)
                            .withContinue(next)
                            .build());
            synced += (int) page.getItems().stream()
                    .filter(a -> a.getStatus() != null
                            && a.getStatus().getSync() != null
                            && sha.equals(a.getStatus().getSync().getRevision())
                            && "Synced".equals(a.getStatus().getSync().getStatus())
                            && a.getStatus().getOperationState() != null
                            && "Succeeded"
                                    .equals(a.getStatus().getOperationState().getPhase())
                            && sha.equals(a.getStatus()
                                    .getOperationState()
                                    .getSyncResult()
                                    .getRevision()))
                    .count();
            next = page.getMetadata().getContinue();
        } while (next != null && !next.isEmpty());
        assertThat(synced).as("apps Synced at " + sha + " by a successful sync").isEqualTo(n);
        assertThat(countValue(TARGET_NS, value))
                .as("ConfigMaps with value " + value)
                .isEqualTo((long) n * perApp);
    }

    private long countValue(String ns, String value) {
        return client.configMaps().inNamespace(ns).list().getItems().stream()
                .filter(cm -> cm.getData() != null && value.equals(cm.getData().get("value")))
                .count();
    }

    // ---- kubercoins --------------------------------------------------------------------------

    private void kubercoins(GitHttpServer git, int rounds) throws Exception {
        FixtureRepository repo = FixtureRepository.create(git);
        Path plain = ProjectPaths.root().resolve(FixtureRepository.FIXTURE_DIR).resolve("plain");
        long objects;
        try (var files = Files.list(plain)) {
            objects = files.filter(f -> f.toString().endsWith(".yaml")).count();
        }
        List<Double> sextant = new ArrayList<>();
        List<Double> sextantSynced = new ArrayList<>();
        List<Double> kubectl = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            String name = "kc-bench-" + r;
            String sxNs = "kc-bench-sx-" + r;
            String kcNs = "kc-bench-kc-" + r;
            deleteNamespace(sxNs);
            deleteNamespace(kcNs);
            client.resources(Application.class).inNamespace(NS).withName(name).delete();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> client.resources(Application.class)
                                    .inNamespace(NS)
                                    .withName(name)
                                    .get()
                            == null);
            client.resource(client.getKubernetesSerialization()
                            .unmarshal("""
                    apiVersion: argoproj.io/v1alpha1
                    kind: Application
                    metadata: {name: %s, namespace: %s, labels: {bench: sync-kubercoins}}
                    spec:
                      project: default
                      source: {repoURL: '%s', path: '.', targetRevision: prod}
                      destination: {server: https://kubernetes.default.svc, namespace: %s}
                      syncPolicy: {syncOptions: [CreateNamespace=true]}
                    """.formatted(name, NS, repo.url(), sxNs), Application.class))
                    .create();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> controller
                            .comparisons()
                            .get(name)
                            .filter(c -> repo.headOf("prod").equals(c.revision()))
                            .isPresent());
            awaitIdle();

            long s0 = System.nanoTime();
            operations.sync(name, null, false, false, List.of(), List.of(), "admin");
            long s1 = 0;
            long s2;
            while (true) {
                if (s1 == 0) {
                    Application a = client.resources(Application.class)
                            .inNamespace(NS)
                            .withName(name)
                            .get();
                    OperationState st =
                            a.getStatus() == null ? null : a.getStatus().getOperationState();
                    if (st != null
                            && a.getOperation() == null
                            && st.getPhase() != null
                            && !"Running".equals(st.getPhase())) {
                        assertThat(st.getPhase()).as(st.getMessage()).isEqualTo("Succeeded");
                        s1 = System.nanoTime();
                    }
                }
                if (s1 != 0
                        && controller
                                .comparisons()
                                .get(name)
                                .filter(c -> "Synced".equals(c.syncStatus()))
                                .isPresent()) {
                    s2 = System.nanoTime();
                    break;
                }
                if (System.nanoTime() - s0 > 120_000_000_000L) {
                    throw new AssertionError("kubercoins sync did not finish within 2 minutes");
                }
                Thread.sleep(20);
            }
            sextant.add((s1 - s0) / 1e9);
            sextantSynced.add((s2 - s0) / 1e9);
            assertThat(client.apps().deployments().inNamespace(sxNs).list().getItems())
                    .hasSize(5);

            client.resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(kcNs)
                            .endMetadata()
                            .build())
                    .serverSideApply();
            kubectl.add(kubectl("apply", "-n", kcNs, "-f", plain.toString()));
            assertThat(client.apps().deployments().inNamespace(kcNs).list().getItems())
                    .hasSize(5);

            client.resources(Application.class).inNamespace(NS).withName(name).delete();
            deleteNamespace(sxNs);
            deleteNamespace(kcNs);
        }
        double sx = median(sextant);
        double kc = median(kubectl);
        System.out.printf(
                Locale.ROOT,
                "BENCH sync kubercoins objects=%d rounds=%d sextant_succeeded_s=%.2f "
                        + "sextant_synced_s=%.2f kubectl_s=%.2f ratio=%.2f all_sextant=%s all_kubectl=%s cores=%d%n",
                objects,
                rounds,
                sx,
                median(sextantSynced),
                kc,
                kc / sx,
                fmt(sextant),
                fmt(kubectl),
                Runtime.getRuntime().availableProcessors());
        repo.close();
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** Runs the testbed's kubectl against the testbed. @return its wall time in seconds */
    private static double kubectl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(TestbedResource.binDir().resolve("kubectl").toString());
        cmd.add("--kubeconfig");
        cmd.add(TestbedResource.kubeconfig().toString());
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("bench-kubectl", ".log");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        int rc = p.waitFor();
        long t1 = System.nanoTime();
        String log = Files.readString(out);
        Files.delete(out);
        if (rc != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed (" + rc + "):\n" + log);
        }
        return (t1 - t0) / 1e9;
    }

    private Map<String, Long> apiRequests() {
        return ApiServerRequests.counts(client);
    }

    private Map<String, Long> apiMillis() {
        return ApiServerRequests.millis(client);
    }

    /** Deletes the bench apps one by one and the two target namespaces, and waits until they are gone. */
    private void clean(int n) throws Exception {
        List<String> names =
                client.resources(Application.class).inNamespace(NS).withLabel("bench", LABEL).list().getItems().stream()
                        .map(a -> a.getMetadata().getName())
                        .toList();
        BenchSupport.parallel(
                names.size(),
                i -> client.resources(Application.class)
                        .inNamespace(NS)
                        .withName(names.get(i))
                        .delete());
        client.namespaces().withName(TARGET_NS).delete();
        client.namespaces().withName(KUBECTL_NS).delete();
        Awaitility.await()
                .atMost(LONG)
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> client.namespaces().withName(TARGET_NS).get() == null
                        && client.namespaces().withName(KUBECTL_NS).get() == null
                        && client.resources(Application.class)
                                .inNamespace(NS)
                                .withLabel("bench", LABEL)
                                .list(new ListOptionsBuilder().withLimit(1L).build())
                                .getItems()
                                .isEmpty());
    }

    private void deleteNamespace(String ns) {
        client.namespaces().withName(ns).delete();
        Awaitility.await()
                .atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> client.namespaces().withName(ns).get() == null);
    }

    private void awaitIdle() throws InterruptedException {
        for (int quiet = 0; quiet < 3; ) {
            Thread.sleep(500);
            quiet = controller.idle() ? quiet + 1 : 0;
        }
    }

    /**
     * Waits until the controller's latest comparison of every bench app satisfies {@code done}. Reads
     * the controller's memory, not the API, so the wait costs next to no CPU; the status write that
     * shows it to users follows within one request (checked afterwards by {@link #verify}).
     */
    private void awaitAll(int n, Predicate<Comparison> done) throws InterruptedException {
        BenchSupport.awaitAll(controller, n, SyncBenchmark::app, done, LONG);
    }

    private Application application(int i, String url) {
        return client.getKubernetesSerialization()
                .unmarshal("""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: %s, namespace: %s, labels: {bench: %s}, annotations: {bench: sync}}
                spec:
                  project: default
                  source: {repoURL: '%s', path: %s, targetRevision: main}
                  destination: {server: https://kubernetes.default.svc, namespace: %s}
                  syncPolicy: {automated: {}}
                """.formatted(app(i), NS, LABEL, url, dir(i), TARGET_NS), Application.class);
    }

    private static String app(int i) {
        return "bsync-" + i;
    }

    private static String dir(int i) {
        return String.format(Locale.ROOT, "apps/app-%05d", i);
    }

    private static String configMap(int i, String value) {
        return """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: cm-%d
                data:
                  index: "%d"
                  value: %s
                """.formatted(i, i, value);
    }

    private static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        return s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
    }

    private static String fmt(List<Double> xs) {
        return xs.stream()
                .map(x -> String.format(Locale.ROOT, "%.2f", x))
                .toList()
                .toString()
                .replace(" ", "");
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
