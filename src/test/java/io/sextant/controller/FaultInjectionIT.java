package io.sextant.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.sextant.model.Application;
import io.sextant.model.OperationState;
import io.sextant.repo.TreeCommit;
import io.sextant.testing.ArgoExamples;
import io.sextant.testing.ProjectPaths;
import io.sextant.testing.WithPackagedApp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 24, fault 1: the packaged controller is stopped (SIGKILL in one test, SIGTERM in the other) while
 * four automated syncs each hold at a named point of their steps ({@code sextant.testing.fault-points}):
 * right after a PreSync hook was created and before it was recorded, between two waves, after an apply and
 * before its status write, and after a prune. A second controller, without fault points, finishes every
 * operation. The check is the same for every fault: every app Synced and Succeeded at the revision Git
 * holds, one history entry per operation, every hook object created once (a watch counts the Jobs the API
 * server saw), no Secret value in any Application or log, the new process serving.
 *
 * <p>Runs after {@code package} (failsafe, in {@code ./mvnw verify}): it needs target/quarkus-app.
 */
class FaultInjectionIT extends WithPackagedApp {

    private static final String SECRET_VALUE = "fault-test-s3cr3t-value";

    @Test
    void sigkillAtEachNamedPointOfASyncAndTheNextControllerFinishesEveryOperationOnce() throws Exception {
        stoppedAtEachPoint("faults-kill", "k", true);
    }

    @Test
    void sigtermAtEachNamedPointOfASyncEndsWithinTenSecondsAndTheNextControllerFinishesOnce() throws Exception {
        stoppedAtEachPoint("faults-term", "t", false);
    }

    private void stoppedAtEachPoint(String control, String prefix, boolean kill) throws Exception {
        assertThat(jar())
                .as("the packaged application: run ./mvnw package -DskipTests (./mvnw verify does)")
                .isRegularFile();
        String hook = prefix + "-hook";
        String waves = prefix + "-waves";
        String apply = prefix + "-apply";
        String prune = prefix + "-prune";
        List<String> apps = List.of(hook, waves, apply, prune);
        freshNamespaces(control, apps);
        String examples = ArgoExamples.repository(git, control + "-examples");
        Path pruneRepo = git.addAnonymous(control + "-prune");
        String first = pruneTree(true).commitToDefaultBranch(pruneRepo, "master");
        Path logs = Files.createDirectories(ProjectPaths.root().resolve("target/fault-it"));

        // Every Job the API server creates in the apps' namespaces, by namespace/name: the uids seen.
        Map<String, Set<String>> jobs = new ConcurrentHashMap<>();
        try (Watch watch = client.batch().v1().jobs().inAnyNamespace().watch(new Watcher<Job>() {
            @Override
            public void eventReceived(Action action, Job job) {
                if (action == Action.ADDED && apps.contains(job.getMetadata().getNamespace())) {
                    jobs.computeIfAbsent(
                                    job.getMetadata().getNamespace() + "/"
                                            + job.getMetadata().getName(),
                                    k -> ConcurrentHashMap.newKeySet())
                            .add(job.getMetadata().getUid());
                }
            }

            @Override
            public void onClose(WatcherException cause) {}
        })) {
            Process faulty = startController(
                    "first-" + prefix,
                    control,
                    logs,
                    "-Dsextant.testing.fault-points=hook-created@" + hook + ",between-waves@" + waves + ",after-apply@"
                            + apply + ",during-prune@" + prune);
            Path faultyLog = logs.resolve("first-" + prefix + ".log");
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> Files.readString(faultyLog).contains("Controller started"));

            // The prune app syncs once as it is, then Git drops one of its objects.
            createApp(control, prune, git.url(control + "-prune"), "app", "{prune: true, selfHeal: true}");
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertSettled(control, prune, first, 1));
            String second = pruneTree(false).commitTo(pruneRepo, "master");
            client.resources(Application.class)
                    .inNamespace(control)
                    .withName(prune)
                    .edit(a -> {
                        a.getMetadata().getAnnotations().put("argocd.argoproj.io/refresh", "normal");
                        return a;
                    });
            createApp(control, hook, examples, "sync-waves", "{prune: true, selfHeal: true}");
            createApp(control, waves, examples, "sync-waves", "{prune: true, selfHeal: true}");
            createApp(control, apply, examples, "sync-waves", "{prune: true, selfHeal: true}");

            await().atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(Files.readString(faultyLog))
                            .contains("fault point hook-created reached by " + hook)
                            .contains("fault point between-waves reached by " + waves)
                            .contains("fault point after-apply reached by " + apply)
                            .contains("fault point during-prune reached by " + prune));
            assertThat(client.configMaps()
                            .inNamespace(prune)
                            .withName("dropped")
                            .get())
                    .as("held after the prune")
                    .isNull();

            if (kill) {
                faulty.destroyForcibly();
                assertThat(faulty.waitFor(10, TimeUnit.SECONDS)).isTrue();
            } else {
                faulty.destroy();
                assertThat(faulty.waitFor(10, TimeUnit.SECONDS))
                        .as("SIGTERM ends the process within 10 s though four syncs hold (" + faultyLog + ")")
                        .isTrue();
                assertThat(Files.readString(faultyLog)).contains("stopped in");
            }
            for (String name : List.of(hook, waves, apply)) {
                assertThat(app(control, name).getStatus().getOperationState().getPhase())
                        .as(name + ": the operation was stored as Running before its first step")
                        .isEqualTo("Running");
            }

            Process next = startController("second-" + prefix, control, logs);
            Path nextLog = logs.resolve("second-" + prefix + ".log");
            String examplesHead = head(git.repositoryDir(control + "-examples"));
            for (String name : List.of(hook, waves, apply)) {
                await().atMost(Duration.ofSeconds(240))
                        .pollInterval(Duration.ofSeconds(1))
                        .untilAsserted(() -> assertSettled(control, name, examplesHead, 1));
            }
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertSettled(control, prune, second, 2));
            assertThat(client.configMaps().inNamespace(prune).withName("kept").get())
                    .isNotNull();

            // Settled: a few more reconciles change nothing.
            Thread.sleep(5000);
            for (String name : List.of(hook, waves, apply)) {
                assertSettled(control, name, examplesHead, 1);
                Map<String, Set<String>> own = jobsOf(jobs, name);
                assertThat(own.keySet())
                        .as(name + ": the PreSync hook (generateName), the Sync and the PostSync hook")
                        .hasSize(3)
                        .anyMatch(n -> n.startsWith("upgrade-sql-schema"))
                        .contains("maint-page-up", "maint-page-down");
                assertThat(own)
                        .as(name + ": no hook created twice")
                        .allSatisfy((n, uids) -> assertThat(uids).hasSize(1));
            }
            assertSettled(control, prune, second, 2);

            for (String name : apps) {
                String json = client.getKubernetesSerialization().asJson(app(control, name));
                assertThat(json)
                        .doesNotContain(SECRET_VALUE)
                        .doesNotContain(
                                Base64.getEncoder().encodeToString(SECRET_VALUE.getBytes(StandardCharsets.UTF_8)));
            }
            assertThat(Files.readString(faultyLog) + Files.readString(nextLog)).doesNotContain(SECRET_VALUE);

            assertReady(nextLog);
            next.destroy();
            assertThat(next.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Synced and Succeeded at {@code revision}, no operation left, {@code entries} history entries. */
    private static void assertSettled(String control, String name, String revision, int entries) {
        assertSettled(client, control, name, revision, entries);
    }

    /** As above, in the cluster of {@code cluster}; shared with the other fault tests. */
    static void assertSettled(
            io.fabric8.kubernetes.client.KubernetesClient cluster,
            String control,
            String name,
            String revision,
            int entries) {
        Application a = cluster.resources(Application.class)
                .inNamespace(control)
                .withName(name)
                .get();
        assertThat(a).as(name).isNotNull();
        assertThat(a.getStatus()).as(name + " status").isNotNull();
        assertThat(a.getStatus().getSync()).as(name + " sync").isNotNull();
        assertThat(a.getOperation()).as(name + " operation").isNull();
        OperationState s = a.getStatus().getOperationState();
        assertThat(s).as(name).isNotNull();
        assertThat(s.getPhase()).as(name + ": " + s.getMessage()).isEqualTo("Succeeded");
        assertThat(a.getStatus().getSync().getStatus()).as(name).isEqualTo("Synced");
        assertThat(a.getStatus().getSync().getRevision()).as(name).isEqualTo(revision);
        assertThat(a.getStatus().getHistory())
                .as(name + ": one history entry per operation")
                .hasSize(entries);
        assertThat(a.getStatus().getHistory().get(entries - 1).getRevision()).isEqualTo(revision);
    }

    private static Map<String, Set<String>> jobsOf(Map<String, Set<String>> jobs, String namespace) {
        Map<String, Set<String>> own = new java.util.TreeMap<>();
        jobs.forEach((k, v) -> {
            if (k.startsWith(namespace + "/")) {
                own.put(k.substring(namespace.length() + 1), v);
            }
        });
        return own;
    }

    /**
     * Two waves (so the sync is stored and run in steps), a Secret, and {@code dropped} only in the first
     * commit: the second sync prunes it in wave 0.
     */
    private static TreeCommit pruneTree(boolean withDropped) {
        TreeCommit tree = TreeCommit.tree()
                .file("app/kept.yaml", """
                        apiVersion: v1
                        kind: ConfigMap
                        metadata: {name: kept}
                        data: {k: v}
                        """)
                .file("app/later.yaml", """
                        apiVersion: v1
                        kind: ConfigMap
                        metadata:
                          name: later
                          annotations: {argocd.argoproj.io/sync-wave: "1"}
                        data: {k: v}
                        """)
                .file("app/secret.yaml", """
                        apiVersion: v1
                        kind: Secret
                        metadata: {name: credentials}
                        stringData: {password: %s}
                        """.formatted(SECRET_VALUE));
        if (withDropped) {
            tree.file("app/dropped.yaml", """
                    apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: dropped}
                    data: {k: v}
                    """);
        }
        return tree;
    }

    static String head(Path bare) throws java.io.IOException {
        try (org.eclipse.jgit.lib.Repository repo = new org.eclipse.jgit.storage.file.FileRepositoryBuilder()
                .setGitDir(bare.toFile())
                .build()) {
            return repo.resolve("refs/heads/master").name();
        }
    }

    private static Application app(String control, String name) {
        return client.resources(Application.class)
                .inNamespace(control)
                .withName(name)
                .get();
    }
}
