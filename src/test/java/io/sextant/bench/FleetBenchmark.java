package io.sextant.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.sextant.model.Application;
import io.sextant.repo.TreeCommit;
import io.sextant.testing.ApiServerRequests;
import io.sextant.testing.Apps;
import io.sextant.testing.ProjectPaths;
import io.sextant.testing.WithPackagedApp;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The fleet benchmark of bench/fleet (issue 28; not a test: tagged {@code bench}). Sextant runs as it is
 * deployed, the packaged application in a process of its own (controller and server roles, the install's
 * JIT setting, {@code bench.fleet.heap}), against the testbed; the benchmark's JVM holds only the git server
 * and the clients. N one-ConfigMap apps with {@code syncPolicy.automated}, spread over ten repositories:
 * <ol>
 * <li>initial: from the first create to every app Synced and Healthy at its repository's commit;</li>
 * <li>push, webhook: a commit changing every ConfigMap in each repository, then one GitHub-shaped push
 * webhook per repository, to every app Synced at the new commit;</li>
 * <li>push, refresh annotation: the same with the refresh annotation set on every app instead of the webhooks
 * (what {@code argocd app get --refresh} does per app; the periodic refresh, every
 * {@code sextant.controller.reconciliation-timeout}, does the same work but starts when its timer says);</li>
 * <li>the dashboard and the API at N: the Applications page (tiles, list, filter, search) p50/p95, the API
 * list with and without {@code fields=} and a page of {@code limit=500} (first byte and whole answer), and
 * {@code ./sextant app list};</li>
 * <li>restart: SIGTERM, a new process, the time until it has compared every app with an empty queue (its
 * metrics), and no app synced twice (history and operation unchanged);</li>
 * <li>the floor, in the same run with Sextant stopped: the requests such a sync cannot avoid, one server-side
 * apply of a ConfigMap and one merge patch of an Application's status (a copy of a synced app's status), sent by
 * this JVM with 16 threads for min(N, 5,000) apps of another namespace; per app, times N, over the push
 * phases' times.</li>
 * </ol>
 * For each phase: CPU seconds of Sextant's process, kube-apiserver and etcd, the API requests per app;
 * Sextant's heap after a full GC (jcmd) and RSS with 0 and N apps. The benchmark follows the apps through a
 * watch of its own (one more watcher for the API server, about 4 % of a patch's cost, RESULTS.md).
 *
 * <p>System properties: {@code bench.fleet.apps} (default 10000), {@code bench.fleet.heap} (the process's
 * -Xmx, default 2g), {@code bench.fleet.period} (the refresh period, default 180s), {@code bench.fleet.jfr} (a file: record the process with JFR's profile settings).
 */
@Tag("bench")
class FleetBenchmark extends WithPackagedApp {

    private static final String CONTROL = Apps.NAMESPACE;
    private static final String TARGET = "bench-fleet";
    private static final String FLOOR = "bench-fleet-floor";
    private static final int REPOS = 10;
    private static final Duration LONG = Duration.ofMinutes(60);

    /** What the benchmark keeps of each app: enough to tell synced, healthy, compared again, synced twice. */
    record Seen(String revision, String sync, String health, int history, String operationStarted, Instant reconciled) {
        static Seen of(Application a) {
            var s = a.getStatus();
            if (s == null) {
                return new Seen(null, null, null, 0, null, null);
            }
            return new Seen(
                    s.getSync() == null ? null : s.getSync().getRevision(),
                    s.getSync() == null ? null : s.getSync().getStatus(),
                    s.getHealth() == null ? null : s.getHealth().getStatus(),
                    s.getHistory() == null ? 0 : s.getHistory().size(),
                    s.getOperationState() == null ? null : s.getOperationState().getStartedAt(),
                    s.getReconciledAt() == null ? null : Instant.parse(s.getReconciledAt()));
        }
    }

    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private int n;
    private String[] sha = new String[REPOS];
    private Path[] bare = new Path[REPOS];
    private Process sextant;
    private String base;
    private Path logs;

    @Test
    void fleet() throws Exception {
        n = Integer.getInteger("bench.fleet.apps", 10_000);
        logs = Files.createTempDirectory("bench-fleet-logs");
        System.out.println("BENCH fleet logs=" + logs);
        freshNamespaces(CONTROL, List.of(TARGET, FLOOR));
        // Deleting a namespace (even one that is not there) makes the API server's NamespaceLifecycle
        // admission look that name up live, a GET per request in it, for the next 30 s: wait that out, or
        // the first phase counts the API server's own lookups (1.7 per app, seen in the audit log).
        Thread.sleep(31_000);
        for (String ns : List.of(TARGET, FLOOR)) {
            client.resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(ns)
                            .endMetadata()
                            .build())
                    .create();
        }
        for (int r = 0; r < REPOS; r++) {
            bare[r] = git.addAnonymous("fleet-" + r);
            sha[r] = commit(r, "A");
        }
        SharedIndexInformer<Application> informer = follow();
        try {
            sextant = start("first");
            Memory empty = Memory.of(sextant);
            report("memory_empty", empty.toString());

            // 1. Initial.
            Phase initial = Phase.start(this);
            BenchSupport.parallel(n, i -> client.resource(application(i)).create());
            double created = initial.elapsed();
            awaitAll("initial", (name, s) -> current(name, s) && "Healthy".equals(s.health()));
            initial.stop(this);
            initial.report("initial", String.format(Locale.ROOT, "created_s=%.1f", created));
            awaitQuiet();
            Memory full = Memory.of(sextant);
            report(
                    "memory_full",
                    full
                            + String.format(
                                    Locale.ROOT,
                                    " heap_per_app_mib=%.4f rss_per_app_mib=%.4f",
                                    (full.heapMib - empty.heapMib) / n,
                                    (full.rssMib - empty.rssMib) / n));

            // 2. Push, one webhook per repository.
            push("B");
            Phase webhook = Phase.start(this);
            for (int r = 0; r < REPOS; r++) {
                webhook(r);
            }
            awaitAll("push_webhook", this::current);
            webhook.stop(this);
            webhook.report("push_webhook", "");
            awaitQuiet();

            // 3. Push, then the refresh annotation on every app (what `argocd app get --refresh` does for
            // each), written as `kubectl annotate` does: a merge patch per app, 16 at a time. The periodic
            // round does the same work once it starts, but when it starts depends on the timer, not the push.
            push("C");
            Phase round = Phase.start(this);
            BenchSupport.parallel(
                    n,
                    i -> io.sextant.kube.MergePatch.apply(
                            client,
                            Application.class,
                            CONTROL,
                            app(i),
                            "{\"metadata\":{\"annotations\":{\"argocd.argoproj.io/refresh\":\"normal\"}}}"));
            double annotated = round.elapsed();
            awaitAll("push_refresh_annotation", this::current);
            round.stop(this);
            round.report(
                    "push_refresh_annotation", String.format(Locale.ROOT, "annotations_written_s=%.1f", annotated));
            awaitQuiet();

            // 5. Pages, API and CLI at N.
            pagesAndApi();
            cli();

            // 6. Restart.
            restart();

            // 7. The floor of a sync: the apply and the one Application write, as fast as a client sends them,
            // with Sextant stopped so that it competes with nothing.
            sextant.destroy();
            assertThat(sextant.waitFor(60, TimeUnit.SECONDS)).isTrue();
            floor(Math.min(n, 5000), webhook.seconds(), round.seconds());
        } finally {
            informer.close();
            if (sextant != null) {
                sextant.destroy();
                sextant.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    // ---- phases --------------------------------------------------------------------------------

    private void push(String value) {
        for (int r = 0; r < REPOS; r++) {
            sha[r] = commit(r, value);
        }
    }

    private void webhook(int r) throws Exception {
        String url = git.url("fleet-" + r);
        String body = "{\"ref\": \"refs/heads/main\", \"repository\": {\"html_url\": \"" + url.replace(".git", "")
                + "\", \"clone_url\": \"" + url + "\", \"default_branch\": \"main\"}}";
        HttpResponse<String> r2 = java.net.http.HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(base + "/api/webhook"))
                                .header("X-GitHub-Event", "push")
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r2.statusCode()).as(r2.body()).isEqualTo(200);
    }

    /**
     * The requests a sync of one one-ConfigMap app cannot avoid, sent for {@code m} apps by 16 threads: one
     * server-side apply of the ConfigMap (changed) and one merge patch of the Application's status (a synced
     * app's status, at a new revision). The Applications are created first (not timed) in a namespace the
     * controller does not watch. The floor ratio of a phase is this time per app times N over the phase's.
     */
    private void floor(int m, double webhookSeconds, double annotationSeconds) throws Exception {
        Application model = client.resources(Application.class)
                .inNamespace(CONTROL)
                .withName(app(0))
                .get();
        String status = client.getKubernetesSerialization().asJson(model.getStatus());
        BenchSupport.parallel(m, i -> {
            Application a = application(i);
            a.getMetadata().setNamespace(FLOOR);
            a.getSpec().setSyncPolicy(null);
            client.resource(a).create();
        });
        Phase floor = Phase.start(this);
        BenchSupport.parallel(m, i -> {
            client.resource(new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName("cm-" + i)
                            .withNamespace(FLOOR)
                            .endMetadata()
                            .addToData("index", String.valueOf(i))
                            .addToData("value", "F")
                            .build())
                    .fieldManager("bench-floor")
                    .forceConflicts()
                    .serverSideApply();
            client.resources(Application.class)
                    .inNamespace(FLOOR)
                    .withName(app(i))
                    .patch(
                            PatchContext.of(PatchType.JSON_MERGE),
                            "{\"status\":" + status.replace(sha[0], "f".repeat(40)) + "}");
        });
        floor.stop(this);
        double perAppMs = floor.seconds() * 1000 / m;
        report(
                "floor",
                String.format(
                        Locale.ROOT,
                        "apps=%d sent=%d wall_s=%.1f per_app_ms=%.2f floor_at_n_s=%.1f ratio_push_webhook=%.2f "
                                + "ratio_push_refresh_annotation=%.2f status_bytes=%d cpu_s[%s]",
                        n,
                        m,
                        floor.seconds(),
                        perAppMs,
                        perAppMs * n / 1000,
                        perAppMs * n / 1000 / webhookSeconds,
                        perAppMs * n / 1000 / annotationSeconds,
                        status.length(),
                        floor.cpu()));
        client.namespaces().withName(FLOOR).delete();
    }

    private void pagesAndApi() throws Exception {
        BenchSession session = BenchSession.login(new URL(base + "/"), client);
        String some = app(n / 2);
        for (String[] page : new String[][] {
            {"page_tiles", "/applications"},
            {"page_list", "/applications?view=list"},
            {"page_list_filtered", "/applications?view=list&health=Healthy&sync=Synced&page=3"},
            {"page_search", "/applications?search=" + some},
            {"page_app", "/applications/" + some},
        }) {
            latency(session, page[0], page[1], 30);
        }
        for (String[] api : new String[][] {
            {"api_list_full", "/api/v1/applications"},
            {"api_list_fields", "/api/v1/applications?fields=items.metadata.name,items.status.sync.status"},
            {"api_list_page", "/api/v1/applications?limit=500"},
        }) {
            firstByte(session, api[0], api[1], 5);
        }
    }

    /** p50/p95/max of {@code runs} GETs after five to warm up. */
    private void latency(BenchSession session, String what, String path, int runs) throws Exception {
        HttpRequest req = session.get(path).build();
        for (int i = 0; i < 5; i++) {
            session.http.send(req, HttpResponse.BodyHandlers.discarding());
        }
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
        report(
                what,
                String.format(
                        Locale.ROOT,
                        "apps=%d p50_ms=%.1f p95_ms=%.1f max_ms=%.1f bytes=%d runs=%d",
                        n,
                        times[runs / 2] / 1e6,
                        times[(int) Math.ceil(runs * 0.95) - 1] / 1e6,
                        times[runs - 1] / 1e6,
                        bytes,
                        runs));
    }

    /** Median time to the answer's first byte and to its end, over {@code runs}. */
    private void firstByte(BenchSession session, String what, String path, int runs) throws Exception {
        HttpRequest req = session.get(path).build();
        session.http.send(req, HttpResponse.BodyHandlers.discarding());
        long[] first = new long[runs];
        long[] whole = new long[runs];
        long bytes = 0;
        for (int i = 0; i < runs; i++) {
            long s = System.nanoTime();
            HttpResponse<InputStream> r = session.http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            try (InputStream in = r.body()) {
                byte[] buffer = new byte[65536];
                int got = in.read(buffer);
                first[i] = System.nanoTime() - s;
                long total = Math.max(got, 0);
                while ((got = in.read(buffer)) >= 0) {
                    total += got;
                }
                whole[i] = System.nanoTime() - s;
                bytes = total;
            }
        }
        Arrays.sort(first);
        Arrays.sort(whole);
        report(
                what,
                String.format(
                        Locale.ROOT,
                        "apps=%d first_byte_ms=%.1f whole_ms=%.1f max_whole_ms=%.1f bytes=%d runs=%d",
                        n,
                        first[runs / 2] / 1e6,
                        whole[runs / 2] / 1e6,
                        whole[runs - 1] / 1e6,
                        bytes,
                        runs));
    }

    /** {@code ./sextant app list} against the process (logged in with the admin's password), three runs. */
    private void cli() throws Exception {
        Path config = Files.createTempFile("bench-fleet-cli", ".json");
        try {
            cliList(config);
        } finally {
            Files.deleteIfExists(config); // it holds the admin's session token
        }
    }

    private void cliList(Path config) throws Exception {
        String host = base.replace("http://", "");
        run(
                List.of(
                        "login",
                        host,
                        "--username",
                        "admin",
                        "--password",
                        io.sextant.testing.ApiLogin.adminPassword(client),
                        "--plaintext"),
                config);
        double[] times = new double[3];
        long lines = 0;
        for (int i = 0; i < times.length; i++) {
            long s = System.nanoTime();
            String out = run(List.of("app", "list"), config);
            times[i] = (System.nanoTime() - s) / 1e9;
            lines = out.lines().count();
        }
        Arrays.sort(times);
        assertThat(lines).as("lines of app list").isEqualTo(n + 1L);
        report("cli_app_list", String.format(Locale.ROOT, "apps=%d median_s=%.2f max_s=%.2f", n, times[1], times[2]));
    }

    private static String run(List<String> args, Path config) throws Exception {
        List<String> cmd = new ArrayList<>(
                List.of(ProjectPaths.root().resolve("sextant").toString(), "--config", config.toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("SEXTANT_BUILD_DIR", System.getProperty("build.dir", "target"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor())
                .as(out.length() > 2000 ? out.substring(0, 2000) : out)
                .isZero();
        return out;
    }

    /**
     * SIGTERM, then a new process: the time until it answers, and until every app was compared again after
     * its start; afterwards, no app has an operation or a history entry it did not have before.
     */
    private void restart() throws Exception {
        Map<String, Seen> before = Map.copyOf(seen);
        long stopping = System.nanoTime();
        sextant.destroy();
        assertThat(sextant.waitFor(60, TimeUnit.SECONDS))
                .as("stopped on SIGTERM")
                .isTrue();
        double stopped = (System.nanoTime() - stopping) / 1e9;
        Phase restart = Phase.start(this);
        sextant = start("restarted");
        double ready = restart.elapsed();
        awaitCompared();
        restart.stop(this);
        awaitQuiet();
        long syncedAgain = before.entrySet().stream()
                .filter(e -> {
                    Seen now = seen.get(e.getKey());
                    return now == null
                            || now.history() != e.getValue().history()
                            || !java.util.Objects.equals(
                                    now.operationStarted(), e.getValue().operationStarted());
                })
                .count();
        restart.report(
                "restart",
                String.format(
                        Locale.ROOT, "stop_s=%.1f ready_s=%.1f apps_synced_again=%d", stopped, ready, syncedAgain));
        assertThat(syncedAgain)
                .as("apps synced again by the restarted controller")
                .isZero();
    }

    /**
     * Until the restarted controller has compared every app and its queue is empty, read from its own
     * metrics ({@code sextant_apps} summed over its labels, {@code sextant_controller_queue_depth}): a
     * controller that finds an app's stored status current does not write it, so the apps themselves do
     * not show that they were compared.
     */
    private void awaitCompared() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        Pattern apps = Pattern.compile("(?m)^sextant_apps\\{[^}]*\\} (\\S+)$");
        Pattern depth = Pattern.compile("(?m)^sextant_controller_queue_depth(?:\\{[^}]*\\})? (\\S+)$");
        long deadline = System.nanoTime() + LONG.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(sextant.isAlive()).as("Sextant is running").isTrue();
            String metrics = http.send(
                            HttpRequest.newBuilder(URI.create(base + "/q/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            double compared = 0;
            for (Matcher m = apps.matcher(metrics); m.find(); ) {
                compared += Double.parseDouble(m.group(1));
            }
            Matcher d = depth.matcher(metrics);
            if (compared >= n && d.find() && Double.parseDouble(d.group(1)) == 0) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("restart: not every app compared within " + LONG);
    }

    // ---- the process ---------------------------------------------------------------------------

    private Process start(String id) throws Exception {
        List<String> settings = new ArrayList<>(List.of(
                "-Xmx" + System.getProperty("bench.fleet.heap", "2g"),
                "-Dsextant.roles=controller,server",
                "-Dsextant.controller.reconciliation-timeout=" + System.getProperty("bench.fleet.period", "180s")));
        String jfr = System.getProperty("bench.fleet.jfr", "");
        if (!jfr.isEmpty()) {
            settings.add(
                    "-XX:StartFlightRecording=settings=profile,filename=" + jfr.replace(".jfr", "-" + id + ".jfr"));
        }
        Process p = startController(id, CONTROL, logs, settings.toArray(String[]::new));
        Path log = logs.resolve(id + ".log");
        Pattern listening = Pattern.compile("Listening on: (http://\\S+)");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (true) {
            assertThat(p.isAlive()).as("Sextant is running (log " + log + ")").isTrue();
            Matcher m = listening.matcher(Files.readString(log));
            if (m.find()) {
                base = m.group(1).replace("0.0.0.0", "localhost");
                break;
            }
            assertThat(System.nanoTime()).as("Sextant started within 3 minutes").isLessThan(deadline);
            Thread.sleep(100);
        }
        return p;
    }

    /** Heap used after a full GC (jcmd GC.run, then GC.heap_info) and RSS of a process, in MiB. */
    record Memory(double heapMib, double rssMib) {
        static Memory of(Process p) throws Exception {
            jcmd(p, "GC.run");
            String info = jcmd(p, "GC.heap_info");
            Matcher used = Pattern.compile("used (\\d+)K").matcher(info);
            assertThat(used.find()).as(info).isTrue();
            double rss = 0;
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(p.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
            return new Memory(Long.parseLong(used.group(1)) / 1024.0, rss);
        }

        private static String jcmd(Process p, String command) throws Exception {
            Process j = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "jcmd")
                                    .toString(),
                            String.valueOf(p.pid()),
                            command)
                    .redirectErrorStream(true)
                    .start();
            String out = new String(j.getInputStream().readAllBytes());
            assertThat(j.waitFor()).as(out).isZero();
            return out;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "heap_after_gc_mib=%.1f rss_mib=%.1f", heapMib, rssMib);
        }
    }

    /** CPU seconds so far of a process (utime + stime from /proc, USER_HZ 100); 0 when it is gone. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (Exception e) {
            return 0;
        }
    }

    // ---- following the apps --------------------------------------------------------------------

    private SharedIndexInformer<Application> follow() {
        return client.resources(Application.class)
                .inNamespace(CONTROL)
                .withLabel("bench", "fleet")
                .inform(
                        new ResourceEventHandler<>() {
                            @Override
                            public void onAdd(Application a) {
                                see(a);
                            }

                            @Override
                            public void onUpdate(Application before, Application a) {
                                see(a);
                            }

                            @Override
                            public void onDelete(Application a, boolean unknown) {
                                seen.remove(a.getMetadata().getName());
                            }
                        },
                        0);
    }

    private void see(Application a) {
        seen.put(a.getMetadata().getName(), Seen.of(a));
    }

    /** Synced at the current commit of the app's repository. */
    private boolean current(String name, Seen s) {
        return "Synced".equals(s.sync()) && sha[repo(name)].equals(s.revision());
    }

    /** Waits until {@code done} holds for every app (its name, what the benchmark's watch saw of it). */
    private void awaitAll(String phase, java.util.function.BiPredicate<String, Seen> done) throws InterruptedException {
        long deadline = System.nanoTime() + LONG.toNanos();
        int from = 0;
        while (System.nanoTime() < deadline) {
            while (from < n) {
                Seen s = seen.get(app(from));
                if (s == null || !done.test(app(from), s)) {
                    break;
                }
                from++;
            }
            if (from == n) {
                return;
            }
            assertThat(sextant.isAlive()).as("Sextant is running").isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError(phase + ": only " + from + " of " + n + " apps were done within " + LONG);
    }

    /** No Application written for three seconds in a row (read from the API server's counters). */
    private void awaitQuiet() throws InterruptedException {
        long last = -1;
        for (int quiet = 0; quiet < 2; ) {
            Thread.sleep(1500);
            long now = ApiServerRequests.counts(client).getOrDefault("PATCH applications", 0L);
            quiet = now == last ? quiet + 1 : 0;
            last = now;
        }
    }

    // ---- measuring -----------------------------------------------------------------------------

    /** Wall time, CPU of Sextant, kube-apiserver and etcd, and the API requests of one phase. */
    static final class Phase {
        long start;
        long end;
        private FleetBenchmark b;
        private double sextantCpu;
        private SyncBenchmark.Cpu testbedCpu;
        private Map<String, Long> requests;

        static Phase start(FleetBenchmark b) {
            Phase p = new Phase();
            p.b = b;
            p.requests = ApiServerRequests.counts(b.client());
            p.testbedCpu = SyncBenchmark.Cpu.now();
            p.sextantCpu = b.sextant == null ? 0 : cpuSeconds(b.sextant.pid());
            p.start = System.nanoTime();
            return p;
        }

        double elapsed() {
            return (System.nanoTime() - start) / 1e9;
        }

        void stop(FleetBenchmark b) {
            end = System.nanoTime();
            sextantCpu = b.sextant == null ? 0 : cpuSeconds(b.sextant.pid()) - sextantCpu;
            testbedCpu = SyncBenchmark.Cpu.now().minus(testbedCpu);
            requests = ApiServerRequests.minus(ApiServerRequests.counts(b.client()), requests);
        }

        double seconds() {
            return (end - start) / 1e9;
        }

        String cpu() {
            return String.format(
                    Locale.ROOT,
                    "sextant=%.1f,apiserver=%.1f,etcd=%.1f,bench_jvm=%.1f",
                    sextantCpu,
                    testbedCpu.apiserver(),
                    testbedCpu.etcd(),
                    testbedCpu.jvm());
        }

        void report(String phase, String extra) {
            int apps = b.n;
            b.report(
                    phase,
                    String.format(
                            Locale.ROOT,
                            "apps=%d wall_s=%.1f %s sextant_cpu_ms_per_app=%.2f apiserver_cpu_ms_per_app=%.2f "
                                    + "requests_per_app=%.2f cpu_s[%s] requests[%s]",
                            apps,
                            seconds(),
                            extra,
                            sextantCpu * 1000 / apps,
                            testbedCpu.apiserver() * 1000 / apps,
                            ApiServerRequests.total(requests) / (double) apps,
                            cpu(),
                            ApiServerRequests.perApp(requests, apps)));
        }
    }

    io.fabric8.kubernetes.client.KubernetesClient client() {
        return client;
    }

    void report(String phase, String text) {
        System.out.println("BENCH fleet " + phase + " " + text);
    }

    // ---- the workload --------------------------------------------------------------------------

    private static String app(int i) {
        return String.format(Locale.ROOT, "fleet-%05d", i);
    }

    private static int repo(String name) {
        return Integer.parseInt(name.substring("fleet-".length())) % REPOS;
    }

    private String commit(int r, String value) {
        TreeCommit tree = TreeCommit.tree();
        for (int i = r; i < n; i += REPOS) {
            tree.file("apps/" + app(i) + "/configmap.yaml", """
                    apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: cm-%d
                    data:
                      index: "%d"
                      value: %s
                    """.formatted(i, i, value));
        }
        return tree.commitToDefaultBranch(bare[r], "main");
    }

    private Application application(int i) {
        return client.getKubernetesSerialization()
                .unmarshal(
                        """
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: %s, namespace: %s, labels: {bench: fleet}}
                spec:
                  project: default
                  source: {repoURL: '%s', path: apps/%s, targetRevision: main}
                  destination: {server: https://kubernetes.default.svc, namespace: %s}
                  syncPolicy: {automated: {}}
                """.formatted(app(i), CONTROL, git.url("fleet-" + (i % REPOS)), app(i), TARGET),
                        Application.class);
    }
}
