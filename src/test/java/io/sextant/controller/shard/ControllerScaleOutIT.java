package io.sextant.controller.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.sextant.embedded.FixtureRepository;
import io.sextant.model.Application;
import io.sextant.model.OperationState;
import io.sextant.model.RevisionHistory;
import io.sextant.testing.ProjectPaths;
import io.sextant.testing.WithPackagedApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 9's "done when", on the testbed: two controller processes (the packaged application, started as
 * child processes with {@code sextant.roles=controller}, sharding on, a 10 s lease renewed every 2 s)
 * split 20 auto-synced Applications; one is killed with SIGKILL (no Lease released); after a new commit
 * the other syncs every Application, its own and the dead one's, within the lease duration plus 5 s of
 * the kill. Each sync appears once in the Applications' history and once in the two controllers' logs:
 * no Application was synced by both. The survivor, now leader, deletes the dead replica's Lease; stopped
 * cleanly, it deletes its own. A second test kills a replica while a sync of its own is under way: the
 * other one finishes that operation, once.
 *
 * <p>Runs after {@code package} (failsafe, in {@code ./mvnw verify}): it needs target/quarkus-app.
 */
class ControllerScaleOutIT extends WithPackagedApp {

    private static final String CONTROL = "sextant-scaleout";
    private static final int APPS = 20;
    private static final Duration LEASE = Duration.ofSeconds(10);
    private static final String CONFIG_MAP = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: scaleout}
            data: {version: "%s"}
            """;

    @Test
    void twoControllersSplitTheApplicationsAndTheSurvivorTakesOverWithinTheLease() throws Exception {
        assertThat(jar())
                .as("the packaged application: run ./mvnw package -DskipTests (./mvnw verify does)")
                .isRegularFile();
        List<String> names = IntStream.range(0, APPS)
                .mapToObj(i -> "scaleout-%02d".formatted(i))
                .toList();
        freshNamespaces(CONTROL, names);
        FixtureRepository repo = FixtureRepository.create(git);
        String v1 = repo.writeFile("master", "scaleout/configmap.yaml", CONFIG_MAP.formatted("1"), "scale-out v1");

        Path logs = Files.createDirectories(ProjectPaths.root().resolve("target/scaleout-it/takeover"));
        Process a = controller("replica-a", logs);
        awaitLease("replica-a");
        Process b = controller("replica-b", logs);
        awaitLease("replica-b");

        for (String name : names) {
            createApp(CONTROL, name, repo.url(), "scaleout", "{}");
        }
        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(names).allSatisfy(name -> assertSyncedTo(name, v1, "1")));

        Map<String, String> owners = new HashMap<>();
        names.forEach(
                name -> owners.put(name, app(name).getMetadata().getLabels().get(Sharding.OWNER_LABEL)));
        assertThat(owners.values())
                .as("both replicas work, on Applications of their own")
                .containsOnly("replica-a", "replica-b")
                .contains("replica-a", "replica-b");
        Map<String, List<String>> syncedBy = syncsInLogs(logs);
        for (String name : names) {
            assertThat(syncedBy.getOrDefault(name, List.of()))
                    .as("replicas that synced " + name)
                    .containsExactly(owners.get(name));
            assertThat(app(name).getStatus().getHistory())
                    .extracting(RevisionHistory::getRevision)
                    .containsExactly(v1);
        }
        long ofA = owners.values().stream().filter("replica-a"::equals).count();
        System.out.printf("scale-out: replica-a owned %d, replica-b %d of %d Applications%n", ofA, APPS - ofA, APPS);

        long killed = System.nanoTime();
        Instant killedAt = Instant.now();
        a.destroyForcibly().waitFor();
        String v2 = repo.writeFile("master", "scaleout/configmap.yaml", CONFIG_MAP.formatted("2"), "scale-out v2");
        names.forEach(name -> annotateRefresh(name)); // what a webhook does for a push

        Map<String, Long> syncedAt = new HashMap<>();
        await().atMost(LEASE.plusSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    for (String name : names) {
                        if (!syncedAt.containsKey(name) && syncedTo(name, v2, "2")) {
                            syncedAt.put(name, System.nanoTime() - killed);
                        }
                    }
                    assertThat(syncedAt).hasSize(APPS);
                });
        Duration allSynced =
                Duration.ofNanos(syncedAt.values().stream().max(Long::compare).orElseThrow());
        Duration ownSynced = Duration.ofNanos(names.stream()
                .filter(n -> owners.get(n).equals("replica-b"))
                .mapToLong(syncedAt::get)
                .max()
                .orElse(0));
        Duration takeover = Duration.between(killedAt, tookOverAll(logs.resolve("replica-b.log"), killedAt));
        System.out.printf(
                "scale-out: after the kill of replica-a (lease %ds), replica-b owned all %d Applications in "
                        + "%d ms, synced its own to the new commit in %d ms and all of them in %d ms%n",
                LEASE.toSeconds(), APPS, takeover.toMillis(), ownSynced.toMillis(), allSynced.toMillis());
        assertThat(takeover)
                .as("replica-b takes over within the lease duration plus 5 s of the kill")
                .isLessThanOrEqualTo(LEASE.plusSeconds(5));
        // Syncing itself takes what it takes on this machine (replica-b's own Applications show how long):
        // the dead replica's Applications may be late by no more than the lease duration plus 5 s.
        assertThat(allSynced)
                .as("every Application synced again within the lease duration plus 5 s of replica-b's own")
                .isLessThanOrEqualTo(ownSynced.plus(LEASE).plusSeconds(5));

        Map<String, List<String>> after = syncsInLogs(logs);
        for (String name : names) {
            Application app = app(name);
            assertThat(app.getMetadata().getLabels()).containsEntry(Sharding.OWNER_LABEL, "replica-b");
            assertThat(app.getStatus().getHistory())
                    .as("history of " + name)
                    .extracting(RevisionHistory::getRevision)
                    .containsExactly(v1, v2);
            List<String> expected = owners.get(name).equals("replica-a")
                    ? List.of("replica-a", "replica-b")
                    : List.of("replica-b", "replica-b");
            assertThat(after.get(name))
                    .as("replicas that synced " + name + ", one sync per commit")
                    .containsExactlyInAnyOrderElementsOf(expected);
        }

        // The survivor becomes the leader and deletes the dead replica's Lease; stopping cleanly, it deletes its own.
        await().atMost(Duration.ofSeconds(60)).until(() -> lease("replica-a") == null);
        b.destroy();
        assertThat(b.waitFor(30, TimeUnit.SECONDS))
                .as("replica-b stops on SIGTERM")
                .isTrue();
        assertThat(lease("replica-b"))
                .as("a replica stopping cleanly deletes its Lease")
                .isNull();
        names.forEach(name -> client.resources(Application.class)
                .inNamespace(CONTROL)
                .withName(name)
                .delete());
    }

    /**
     * A sync waiting for a Deployment to become available (wave 0) before it applies a ConfigMap (wave 1)
     * is under way when its replica is killed: the survivor resumes it from status.operationState and
     * finishes it, once (same start time, one history entry, one "Succeeded" in the logs, the killed
     * replica's not among them).
     */
    @Test
    void anOperationUnderWayWhenItsReplicaIsKilledIsFinishedOnceByTheOther() throws Exception {
        List<String> names = IntStream.range(0, 6)
                .mapToObj(i -> "inflight-%02d".formatted(i))
                .toList();
        freshNamespaces(CONTROL, names);
        FixtureRepository repo =
                FixtureRepository.create(git, "inflight", FixtureRepository.locateFixtures(), null, null);
        repo.writeFile("master", "inflight/deployment.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: slow, annotations: {argocd.argoproj.io/sync-wave: "0"}}
                spec:
                  replicas: 1
                  # Available (so healthy, so wave 1 may start) only 20 s after its pod is ready: the sync
                  # stays Running long enough to be caught and killed in the middle, however fast the pod.
                  minReadySeconds: 20
                  selector: {matchLabels: {app: slow}}
                  template:
                    metadata: {labels: {app: slow}}
                    spec: {containers: [{name: main, image: "example.invalid/slow:1"}]}
                """, "a Deployment in wave 0");
        String revision = repo.writeFile("master", "inflight/configmap.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: after, annotations: {argocd.argoproj.io/sync-wave: "1"}}
                data: {wave: "1"}
                """, "a ConfigMap in wave 1");
        Path logs = Files.createDirectories(ProjectPaths.root().resolve("target/scaleout-it/in-flight"));
        Process a = controller("replica-a", logs);
        awaitLease("replica-a");
        controller("replica-b", logs);
        awaitLease("replica-b");
        names.forEach(name -> createApp(CONTROL, name, repo.url(), "inflight", "{}"));

        // Kill replica-a while operations of its own are Running (waiting for the Deployment).
        Map<String, String> startedAt = new HashMap<>();
        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> {
                    for (String name : names) {
                        Application app = app(name);
                        Map<String, String> labels = app.getMetadata().getLabels();
                        OperationState state =
                                app.getStatus() == null ? null : app.getStatus().getOperationState();
                        if (labels != null
                                && "replica-a".equals(labels.get(Sharding.OWNER_LABEL))
                                && state != null
                                && "Running".equals(state.getPhase())) {
                            startedAt.put(name, state.getStartedAt());
                        }
                    }
                    return !startedAt.isEmpty();
                });
        a.destroyForcibly().waitFor();
        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(names).allSatisfy(name -> {
                    Application app = app(name);
                    assertThat(app.getOperation()).isNull();
                    assertThat(app.getStatus().getOperationState().getPhase()).isEqualTo("Succeeded");
                    assertThat(app.getStatus()
                                    .getOperationState()
                                    .getSyncResult()
                                    .getRevision())
                            .isEqualTo(revision);
                }));

        Map<String, List<String>> syncedBy = syncsInLogs(logs, "inflight");
        List<String> resumed = startedAt.keySet().stream()
                .filter(name -> !syncedBy.getOrDefault(name, List.of()).contains("replica-a"))
                .toList();
        assertThat(resumed)
                .as("operations replica-a left Running when it was killed")
                .isNotEmpty();
        System.out.printf(
                "scale-out: replica-b finished %d operation(s) replica-a was killed in: %s%n", resumed.size(), resumed);
        for (String name : resumed) {
            Application app = app(name);
            assertThat(app.getStatus().getOperationState().getStartedAt())
                    .as(name + ": the same operation, resumed")
                    .isEqualTo(startedAt.get(name));
            assertThat(app.getStatus().getHistory())
                    .as(name + " history")
                    .extracting(RevisionHistory::getRevision)
                    .containsExactly(revision);
            assertThat(syncedBy.get(name)).as("replicas that finished " + name).containsExactly("replica-b");
            assertThat(client.configMaps().inNamespace(name).withName("after").get())
                    .as(name + " wave 1")
                    .isNotNull();
        }
        for (String name : names) {
            assertThat(syncedBy.get(name)).as("replicas that finished " + name).hasSize(1);
        }
    }

    private Process controller(String id, Path logs) throws IOException {
        return startController(
                id,
                CONTROL,
                logs,
                "-Dsextant.controller.sharding=on",
                "-Dsextant.controller.replica-id=" + id,
                "-Dsextant.controller.lease-duration=" + LEASE.toSeconds() + "s",
                "-Dsextant.controller.lease-renew-period=2s");
    }

    private void awaitLease(String id) {
        await().atMost(Duration.ofSeconds(120)).until(() -> lease(id) != null);
    }

    private static Lease lease(String id) {
        return client.leases()
                .inNamespace(CONTROL)
                .withName("sextant-controller-" + id)
                .get();
    }

    private static Application app(String name) {
        return client.resources(Application.class)
                .inNamespace(CONTROL)
                .withName(name)
                .get();
    }

    private static void annotateRefresh(String name) {
        client.resources(Application.class)
                .inNamespace(CONTROL)
                .withName(name)
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"metadata\":{\"annotations\":{\"argocd.argoproj.io/refresh\":\"normal\"}}}");
    }

    private static boolean syncedTo(String name, String revision, String version) {
        try {
            assertSyncedTo(name, revision, version);
            return true;
        } catch (AssertionError | KubernetesClientException | NullPointerException e) {
            return false;
        }
    }

    private static void assertSyncedTo(String name, String revision, String version) {
        Application app = app(name);
        assertThat(app.getOperation()).as(name + " operation").isNull();
        OperationState state = app.getStatus() == null ? null : app.getStatus().getOperationState();
        assertThat(state).as(name + " operationState").isNotNull();
        assertThat(state.getPhase()).as(name + " phase: " + state.getMessage()).isEqualTo("Succeeded");
        assertThat(state.getSyncResult().getRevision())
                .as(name + " synced revision")
                .isEqualTo(revision);
        assertThat(client.configMaps()
                        .inNamespace(name)
                        .withName("scaleout")
                        .get()
                        .getData())
                .as(name + " ConfigMap")
                .containsEntry("version", version);
    }

    /** When the replica's log first says it owns all Applications with no other replica live, after {@code since}. */
    private static Instant tookOverAll(Path log, Instant since) throws IOException {
        Pattern line = Pattern.compile("^(\\S+ \\S+) .*Sharding: replica \\S+ owns (\\d+) of (\\d+) Applications "
                + "\\(other live replicas: \\[\\]");
        DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
        for (String text : Files.readAllLines(log)) {
            Matcher m = line.matcher(text);
            if (m.find() && m.group(2).equals(m.group(3))) {
                Instant at = LocalDateTime.parse(m.group(1), format)
                        .atZone(ZoneId.systemDefault())
                        .toInstant();
                if (!at.isBefore(since.minusMillis(1))) {
                    return at;
                }
            }
        }
        throw new AssertionError("no line in " + log + " says the replica took over all Applications after " + since);
    }

    /** Application name → the replicas whose log says they finished a sync of it, in order. */
    private static Map<String, List<String>> syncsInLogs(Path logs) throws IOException {
        return syncsInLogs(logs, "scaleout");
    }

    private static Map<String, List<String>> syncsInLogs(Path logs, String prefix) throws IOException {
        Pattern done = Pattern.compile("Application (" + prefix + "-\\d+): operation Succeeded");
        Map<String, List<String>> out = new HashMap<>();
        for (String id : List.of("replica-a", "replica-b")) {
            Path log = logs.resolve(id + ".log");
            if (!Files.exists(log)) {
                continue;
            }
            for (String line : Files.readAllLines(log)) {
                Matcher m = done.matcher(line);
                if (m.find()) {
                    out.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(id);
                }
            }
        }
        return out;
    }
}
