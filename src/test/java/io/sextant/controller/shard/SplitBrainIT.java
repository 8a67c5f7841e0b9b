package io.sextant.controller.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.sextant.model.Application;
import io.sextant.model.OperationState;
import io.sextant.testing.ArgoExamples;
import io.sextant.testing.ProjectPaths;
import io.sextant.testing.WithPackagedApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 24, fault 8: a split brain. Replica A, alone, is in the middle of a sync step of Argo CD's
 * sync-waves example (held just after its wave-0 apply by a test fault point) when its process is stopped
 * (SIGSTOP) for longer than its Lease. Replica B starts, counts A gone once its Lease is a lease duration
 * old, takes the Application over and finishes the operation. Then A wakes (SIGCONT) in the middle of its
 * step: its fence (the Lease lapsed on its own monotonic clock, and its renewal after the lapse moves the
 * epoch) stops the step before its next write, and A says so. The operation is recorded once, each hook
 * object created once, and A, still running, takes its share again only after the hand-over hold.
 *
 * <p>Runs after {@code package} (failsafe, in {@code ./mvnw verify}): it needs target/quarkus-app.
 */
class SplitBrainIT extends WithPackagedApp {

    private static final String CONTROL = "sextant-split-brain";
    private static final String APP = "split-waves";

    @Test
    void aReplicaStalledMidStepLongerThanItsLeaseWritesNothingWhenItWakes() throws Exception {
        assertThat(jar())
                .as("the packaged application: run ./mvnw package -DskipTests (./mvnw verify does)")
                .isRegularFile();
        freshNamespaces(CONTROL, List.of(APP));
        String url = ArgoExamples.repository(git, "split-brain-examples");
        Path logs = Files.createDirectories(ProjectPaths.root().resolve("target/split-brain-it"));
        Path aLog = logs.resolve("replica-a.log");

        Process a = controller("replica-a", logs, "-Dsextant.testing.fault-points=after-apply@" + APP + "/5s");
        await().atMost(Duration.ofSeconds(120))
                .until(() -> client.leases()
                                .inNamespace(CONTROL)
                                .withName("sextant-controller-replica-a")
                                .get()
                        != null);
        createApp(CONTROL, APP, url, "sync-waves", "{prune: true, selfHeal: true}");
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> Files.readString(aLog).contains("fault point after-apply reached by " + APP));
        signal(a, "STOP");
        try {
            Process b = controller("replica-b", logs);
            await().atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(this::assertSettled);
            // B logs the end after its write returns: the status can show it a moment before the log does.
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> assertThat(Files.readString(logs.resolve("replica-b.log")))
                            .contains("operation Succeeded"));
        } finally {
            signal(a, "CONT");
        }
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(Files.readString(aLog))
                        .as("A wakes in the middle of its step and stops before writing")
                        .contains("this controller replica no longer owns Application " + APP));
        assertThat(Files.readString(aLog))
                .as("A recorded nothing of the operation B finished")
                .doesNotContain("Application " + APP + ": operation Succeeded");

        Thread.sleep(5000);
        assertSettled();
        List<Job> jobs = client.batch().v1().jobs().inNamespace(APP).list().getItems();
        assertThat(jobs.stream().filter(j -> j.getMetadata().getName().startsWith("upgrade-sql-schema")))
                .as("one PreSync hook object")
                .hasSize(1);
        assertThat(a.isAlive()).isTrue();
        a.destroy();
        assertThat(a.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    private void assertSettled() {
        Application app = client.resources(Application.class)
                .inNamespace(CONTROL)
                .withName(APP)
                .get();
        assertThat(app.getStatus()).isNotNull();
        assertThat(app.getStatus().getSync()).isNotNull();
        assertThat(app.getOperation()).isNull();
        OperationState s = app.getStatus().getOperationState();
        assertThat(s).isNotNull();
        assertThat(s.getPhase()).as(s.getMessage()).isEqualTo("Succeeded");
        assertThat(app.getStatus().getSync().getStatus()).isEqualTo("Synced");
        assertThat(app.getStatus().getHistory()).as("one history entry").hasSize(1);
    }

    private Process controller(String id, Path logs, String... more) throws IOException {
        List<String> settings = new java.util.ArrayList<>(List.of(
                "-Dsextant.controller.sharding=on",
                "-Dsextant.controller.replica-id=" + id,
                "-Dsextant.controller.lease-duration=6s",
                "-Dsextant.controller.lease-renew-period=2s"));
        settings.addAll(List.of(more));
        return startController(id, CONTROL, logs, settings.toArray(String[]::new));
    }

    private static void signal(Process p, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid()))
                .inheritIO()
                .start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as("kill -" + signal).isZero();
    }
}
