package io.sextant.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.sextant.kube.CrdInstaller;
import io.sextant.model.Application;
import io.sextant.repo.TreeCommit;
import io.sextant.testing.ApplicationWrites;
import io.sextant.testing.ArgoExamples;
import io.sextant.testing.ProjectPaths;
import io.sextant.testing.SecondTestbed;
import io.sextant.testing.WithPackagedApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 24, fault 2: the controller's own kube-apiserver stops for 60 s while automated syncs of Argo CD's
 * sync-waves example run, then comes back. The packaged controller runs against the second testbed (its
 * control plane and the apps' destination both), so stopping that API server disturbs no other test. The
 * controller stays up, does not spin (its log over the outage is bounded), keeps no half-written status and
 * finishes every operation once when the API server is back: each app Synced and Succeeded at the commit
 * Git holds, one history entry, each hook object created once, the process serving.
 *
 * <p>Runs after {@code package} (failsafe, in {@code ./mvnw verify}): it needs target/quarkus-app.
 */
class ApiServerOutageIT extends WithPackagedApp {

    private static final String CONTROL = "sextant-outage";
    private static final List<String> APPS = List.of("outage-waves-1", "outage-waves-2", "outage-waves-3");
    /** Created the moment the restarted API server answers (faults 2 and 3). */
    private static final String LATE_APP = "outage-waves-late";

    private static final Pattern LISTENING = Pattern.compile("Listening on: (http://\\S+)");

    @Test
    void theControllersApiServerStoppedForAMinuteMidSyncAndEveryOperationEndsOnceAfterIt() throws Exception {
        assertThat(jar())
                .as("the packaged application: run ./mvnw package -DskipTests (./mvnw verify does)")
                .isRegularFile();
        Path cluster = SecondTestbed.kubeconfig();
        Path logs = Files.createDirectories(ProjectPaths.root().resolve("target/outage-it"));
        Path log = logs.resolve("controller.log");
        try (KubernetesClient second = SecondTestbed.adminClient()) {
            CrdInstaller.install(second, Duration.ofSeconds(60));
            List<String> destinations = new java.util.ArrayList<>(APPS);
            destinations.add(LATE_APP);
            freshNamespaces(second, CONTROL, destinations);
            String url = ArgoExamples.repository(git, "outage-examples");
            String head = FaultInjectionIT.head(git.repositoryDir("outage-examples"));

            Map<String, Set<String>> jobs = new ConcurrentHashMap<>();
            Watch watch = second.batch().v1().jobs().inAnyNamespace().watch(new Watcher<Job>() {
                @Override
                public void eventReceived(Action action, Job job) {
                    if (action == Action.ADDED
                            && APPS.contains(job.getMetadata().getNamespace())) {
                        jobs.computeIfAbsent(
                                        job.getMetadata().getNamespace() + "/"
                                                + job.getMetadata().getName(),
                                        k -> ConcurrentHashMap.newKeySet())
                                .add(job.getMetadata().getUid());
                    }
                }

                @Override
                public void onClose(WatcherException cause) {}
            });
            // The server role too: its pages must say the cluster is unreachable while it is.
            // fabric8's informers say at DEBUG when a watch was answered 410 Gone and they list again.
            Process controller = startControllerOn(
                    cluster,
                    "controller",
                    CONTROL,
                    logs,
                    "-Dsextant.roles=server,controller",
                    "-Dquarkus.log.category.\"io.fabric8.kubernetes.client.informers.impl.cache.Reflector\".level=DEBUG");
            try {
                await().atMost(Duration.ofSeconds(120))
                        .until(() -> Files.readString(log).contains("Controller started"));
                for (String name : APPS) {
                    createApp(second, CONTROL, name, url, "sync-waves", "{prune: true, selfHeal: true}");
                }
                await().atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> APPS.stream().anyMatch(n -> {
                            Application a = app(second, n);
                            return a != null
                                    && a.getStatus() != null
                                    && a.getStatus().getOperationState() != null
                                    && "Running"
                                            .equals(a.getStatus()
                                                    .getOperationState()
                                                    .getPhase());
                        }));

                String base = base(log);
                String token = login(second, base);
                assertThat(page(base, token)).doesNotContain("id=\"api-server-down\"");

                long recordsBefore = records(log);
                SecondTestbed.stopApiServer();
                try {
                    Thread.sleep(20_000);
                    String during = page(base, token);
                    assertThat(during)
                            .as("the Applications page while the API server is down")
                            .contains("id=\"api-server-down\"")
                            .contains("Sextant cannot reach its Kubernetes API server")
                            .contains("may be stale");
                    Thread.sleep(40_000);
                    assertThat(controller.isAlive())
                            .as("the controller outlives its API server (" + log + ")")
                            .isTrue();
                } finally {
                    SecondTestbed.startApiServer();
                }
                long recordsDuring = records(log) - recordsBefore;
                System.out.printf("BENCH api-server outage: %d controller log records in 60 s%n", recordsDuring);
                assertThat(recordsDuring)
                        .as("the controller backs off instead of spinning (" + log + ")")
                        .isLessThan(120);

                for (String name : APPS) {
                    await().atMost(Duration.ofSeconds(240))
                            .pollInterval(Duration.ofSeconds(1))
                            .untilAsserted(() -> FaultInjectionIT.assertSettled(second, CONTROL, name, head, 1));
                }
                Thread.sleep(5000);
                for (String name : APPS) {
                    FaultInjectionIT.assertSettled(second, CONTROL, name, head, 1);
                    List<Job> live =
                            second.batch().v1().jobs().inNamespace(name).list().getItems();
                    assertThat(live.stream()
                                    .filter(j -> j.getMetadata().getName().startsWith("upgrade-sql-schema")))
                            .as(name + ": one PreSync hook object")
                            .hasSize(1);
                    jobs.forEach((k, uids) -> {
                        if (k.startsWith(name + "/")) {
                            assertThat(uids).as(k + " created once").hasSize(1);
                        }
                    });
                }

                assertThat(page(base, token))
                        .as("the banner goes when the API server is back")
                        .doesNotContain("id=\"api-server-down\"");
                HttpResponse<String> ready = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(base + "/q/health/ready"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);

                etcdRestartedDuringTheSyncsOfANewCommit(second, jobs);
                apiServerRestartedMidSyncAndItsWatchesAnswered410(second, jobs, log, url);
                controller.destroy();
                assertThat(controller.waitFor(10, TimeUnit.SECONDS)).isTrue();
            } finally {
                watch.close();
            }
        }
    }

    /**
     * Issue 24, fault 3: etcd stops for 15 s and starts again while every app syncs a new commit (the API
     * server answers errors meanwhile; the watches it serves break and are resumed or listed again). Each
     * operation ends once at the new commit, each hook is created once more, and the writes to the
     * Applications after the restart are few (no burst of status writes from the re-list).
     */
    private void etcdRestartedDuringTheSyncsOfANewCommit(KubernetesClient second, Map<String, Set<String>> jobs)
            throws Exception {
        String manifests = Files.readString(
                ProjectPaths.root().resolve("testbed/fixtures/argo-examples/sync-waves/manifests.yaml"));
        Path bare = git.repositoryDir("outage-examples");
        TreeCommit.tree()
                .file(
                        "sync-waves/manifests.yaml",
                        manifests + "\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: after-etcd-restart}\n"
                                + "data: {k: v}\n")
                .commitTo(bare, "master");
        String next = FaultInjectionIT.head(bare);
        refresh(second);
        awaitRunningAt(second, next);
        SecondTestbed.stopEtcd();
        try {
            Thread.sleep(15_000);
        } finally {
            SecondTestbed.startEtcd();
        }
        for (String name : APPS) {
            await().atMost(Duration.ofSeconds(240))
                    .pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions()
                    .untilAsserted(() -> FaultInjectionIT.assertSettled(second, CONTROL, name, next, 2));
        }
        int writes = ApplicationWrites.during(second, CONTROL, null, Duration.ofSeconds(30));
        System.out.printf("BENCH etcd restart: %d Application writes in the 30 s after all settled%n", writes);
        assertThat(writes).as("writes to %d settled apps in 30 s", APPS.size()).isLessThanOrEqualTo(APPS.size() * 2);
        for (String name : APPS) {
            FaultInjectionIT.assertSettled(second, CONTROL, name, next, 2);
            jobs.forEach((k, uids) -> {
                if (k.startsWith(name + "/upgrade-sql-schema")) {
                    assertThat(uids).as(k + ": one hook object per operation").hasSizeLessThanOrEqualTo(2);
                }
            });
            assertThat(second.configMaps()
                            .inNamespace(name)
                            .withName("after-etcd-restart")
                            .get())
                    .as(name + ": the new commit's object")
                    .isNotNull();
        }
    }

    /**
     * Issue 24, faults 2 and 3: the API server is restarted while every app syncs a third commit, and etcd's
     * revision moves on while it is down, so the watch cache it starts with begins after every resource version the
     * controller's informers had seen: their watches are answered 410 Gone and they list again. An app created the
     * moment the API server is back must not be lost in that gap. Each operation ends once at the new commit, each
     * hook is created once more, the new app syncs, and the writes after all settled are few.
     */
    private void apiServerRestartedMidSyncAndItsWatchesAnswered410(
            KubernetesClient second, Map<String, Set<String>> jobs, Path log, String url) throws Exception {
        Path bare = git.repositoryDir("outage-examples");
        String manifests = Files.readString(
                ProjectPaths.root().resolve("testbed/fixtures/argo-examples/sync-waves/manifests.yaml"));
        TreeCommit.tree()
                .file(
                        "sync-waves/manifests.yaml",
                        manifests + "\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: after-api-restart}\n"
                                + "data: {k: v}\n")
                .commitTo(bare, "master");
        String third = FaultInjectionIT.head(bare);
        refresh(second);
        awaitRunningAt(second, third);
        long goneBefore = gone(log);
        SecondTestbed.stopApiServer();
        try {
            SecondTestbed.advanceEtcdRevision();
        } finally {
            SecondTestbed.startApiServer();
        }
        createApp(second, CONTROL, LATE_APP, url, "sync-waves", "{prune: true, selfHeal: true}");
        for (String name : APPS) {
            await().atMost(Duration.ofSeconds(240))
                    .pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions()
                    .untilAsserted(() -> FaultInjectionIT.assertSettled(second, CONTROL, name, third, 3));
        }
        await().atMost(Duration.ofSeconds(240))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .untilAsserted(() -> FaultInjectionIT.assertSettled(second, CONTROL, LATE_APP, third, 1));
        long goneAfter = gone(log) - goneBefore;
        System.out.printf(
                "BENCH api-server restart: %d Application informer watches answered 410 Gone and listed again%n",
                goneAfter);
        assertThat(goneAfter)
                .as("Application informers whose watch was answered 410 Gone after the restart (" + log + ")")
                .isPositive();
        int writes = ApplicationWrites.during(second, CONTROL, null, Duration.ofSeconds(30));
        System.out.printf("BENCH api-server restart: %d Application writes in the 30 s after all settled%n", writes);
        assertThat(writes)
                .as("writes to %d settled apps in 30 s", APPS.size() + 1)
                .isLessThanOrEqualTo((APPS.size() + 1) * 2);
        for (String name : APPS) {
            FaultInjectionIT.assertSettled(second, CONTROL, name, third, 3);
            jobs.forEach((k, uids) -> {
                if (k.startsWith(name + "/upgrade-sql-schema")) {
                    assertThat(uids).as(k + ": one hook object per operation").hasSizeLessThanOrEqualTo(3);
                }
            });
            assertThat(second.configMaps()
                            .inNamespace(name)
                            .withName("after-api-restart")
                            .get())
                    .as(name + ": the third commit's object")
                    .isNotNull();
        }
    }

    private static void refresh(KubernetesClient second) {
        for (String name : APPS) {
            second.resources(Application.class)
                    .inNamespace(CONTROL)
                    .withName(name)
                    .patch(
                            PatchContext.of(PatchType.JSON_MERGE),
                            "{\"metadata\": {\"annotations\": {\"argocd.argoproj.io/refresh\": \"normal\"}}}");
        }
    }

    /** Waits until one of the apps runs an operation at {@code revision}. */
    private static void awaitRunningAt(KubernetesClient second, String revision) {
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> APPS.stream().anyMatch(n -> {
                    Application a = app(second, n);
                    return a.getStatus().getOperationState() != null
                            && "Running"
                                    .equals(a.getStatus().getOperationState().getPhase())
                            && a.getStatus().getOperationState().getOperation() != null
                            && revision.equals(a.getStatus()
                                    .getOperationState()
                                    .getOperation()
                                    .getSync()
                                    .getRevision());
                }));
    }

    /**
     * How often the controller's Application informers (the server's and the controller's) were answered 410
     * Gone so far (fabric8 logs it at DEBUG).
     */
    private static long gone(Path log) throws java.io.IOException {
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains("Watch restarting due to http gone") && l.endsWith("/applications"))
                    .count();
        }
    }

    private static String base(Path log) throws java.io.IOException {
        Matcher listening = LISTENING.matcher(Files.readString(log));
        assertThat(listening.find()).as(log.toString()).isTrue();
        return listening.group(1).replace("0.0.0.0", "localhost");
    }

    /** A session token of admin, whose initial password is in the control-plane namespace. */
    private static String login(KubernetesClient second, String base) throws Exception {
        String password = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> {
                            var secret = second.secrets()
                                    .inNamespace(CONTROL)
                                    .withName("sextant-initial-admin-secret")
                                    .get();
                            return secret == null
                                    ? null
                                    : new String(
                                            java.util.Base64.getDecoder()
                                                    .decode(secret.getData().get("password")),
                                            java.nio.charset.StandardCharsets.UTF_8);
                        },
                        p -> p != null);
        HttpResponse<String> session = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(base + "/api/v1/session"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"username\": \"admin\", \"password\": \"" + password + "\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(session.statusCode()).as(session.body()).isEqualTo(200);
        Matcher token = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"").matcher(session.body());
        assertThat(token.find()).as(session.body()).isTrue();
        return token.group(1);
    }

    /** The Applications page as admin sees it. */
    private static String page(String base, String token) throws Exception {
        HttpResponse<String> page = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .build()
                .send(
                        HttpRequest.newBuilder(URI.create(base + "/applications"))
                                .header("Cookie", "argocd.token=" + token)
                                .timeout(Duration.ofSeconds(20))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return page.body();
    }

    /** Log records at INFO and above (lines that start with a timestamp; a stack trace is part of its record). */
    private static long records(Path log) throws java.io.IOException {
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.matches("^\\d{4}-\\d{2}-\\d{2} .*") && !l.contains(" DEBUG "))
                    .count();
        }
    }

    private static Application app(KubernetesClient second, String name) {
        return second.resources(Application.class)
                .inNamespace(CONTROL)
                .withName(name)
                .get();
    }
}
