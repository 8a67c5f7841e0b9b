package io.sextant.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sextant.model.Application;
import io.sextant.model.OperationState;
import io.sextant.testing.ArgoExamples;
import io.sextant.testing.ProjectPaths;
import io.sextant.testing.WithPackagedApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 21 item 5: the packaged application, busy with automated syncs of Argo CD's hook examples
 * (sync-waves, helm-hooks), gets SIGTERM in the middle of them. It exits within 10 s, saying so in its
 * log; a controller started afterwards finishes the operations left under way, each hook once.
 *
 * <p>Runs after {@code package} (failsafe, in {@code ./mvnw verify}): it needs target/quarkus-app.
 */
class GracefulShutdownIT extends WithPackagedApp {

    private static final String CONTROL = "sextant-shutdown";
    private static final List<String> APPS = List.of("stop-waves-1", "stop-waves-2", "stop-hooks-1", "stop-hooks-2");

    @Test
    void sigtermInTheMiddleOfSyncsEndsTheProcessWithinTenSecondsAndTheNextStartFinishesTheWork() throws Exception {
        assertThat(jar())
                .as("the packaged application: run ./mvnw package -DskipTests (./mvnw verify does)")
                .isRegularFile();
        String url = ArgoExamples.repository(git, "shutdown-examples");
        freshNamespaces(CONTROL, APPS);
        Path logs = Files.createDirectories(ProjectPaths.root().resolve("target/shutdown-it"));
        Process first = startController("first", CONTROL, logs);
        await().atMost(Duration.ofSeconds(120))
                .until(() -> Files.readString(logs.resolve("first.log")).contains("Controller started"));
        for (String name : APPS) {
            createApp(
                    CONTROL,
                    name,
                    url,
                    name.startsWith("stop-waves") ? "sync-waves" : "helm-hooks",
                    "{prune: true, selfHeal: true}");
        }
        // In the middle: some operation is running.
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> APPS.stream()
                        .map(GracefulShutdownIT::app)
                        .anyMatch(a -> a != null
                                && a.getStatus() != null
                                && a.getStatus().getOperationState() != null
                                && "Running"
                                        .equals(a.getStatus()
                                                .getOperationState()
                                                .getPhase())));
        long t0 = System.nanoTime();
        first.destroy(); // SIGTERM
        boolean exited = first.waitFor(10, TimeUnit.SECONDS);
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("BENCH shutdown under syncs: exited=%s in %d ms%n", exited, tookMs);
        assertThat(exited)
                .as("the process exits within 10 s of SIGTERM (log: target/shutdown-it/first.log)")
                .isTrue();
        assertThat(Files.readString(logs.resolve("first.log"))).contains("stopped in");

        Process second = startController("second", CONTROL, logs);
        for (String name : APPS) {
            await().atMost(Duration.ofSeconds(240))
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> {
                        Application a = app(name);
                        assertThat(a.getOperation()).as(name + " operation").isNull();
                        OperationState s = a.getStatus().getOperationState();
                        assertThat(s).as(name).isNotNull();
                        assertThat(s.getPhase())
                                .as(name + ": " + s.getMessage())
                                .isEqualTo("Succeeded");
                        assertThat(a.getStatus().getSync().getStatus()).as(name).isEqualTo("Synced");
                    });
            Map<String, Integer> runs = new HashMap<>();
            app(name).getStatus().getOperationState().getSyncResult().getResources().stream()
                    .filter(r -> r.getHookType() != null && !r.getHookType().isEmpty())
                    .forEach(r -> runs.merge(r.getKind() + "/" + r.getName(), 1, Integer::sum));
            assertThat(runs)
                    .as(name + ": each hook once")
                    .allSatisfy((k, v) -> assertThat(v).isEqualTo(1));
        }
        second.destroy();
        assertThat(second.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    private static Application app(String name) {
        return client.resources(Application.class)
                .inNamespace(CONTROL)
                .withName(name)
                .get();
    }
}
