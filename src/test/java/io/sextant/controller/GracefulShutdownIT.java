package io.sextant.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.sextant.model.Application;
import io.sextant.model.OperationState;
import io.sextant.repo.TreeCommit;
import io.sextant.testing.ProjectPaths;
import io.sextant.testing.TestbedResource;
import io.sextant.testing.WithGitServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 21 item 5: the packaged application, busy with automated syncs of Argo CD's hook examples
 * (sync-waves, helm-hooks), gets SIGTERM in the middle of them. It exits within 10 s, saying so in its
 * log; a controller started afterwards finishes the operations left under way, each hook once.
 *
 * <p>Runs after {@code package} (failsafe, in {@code ./mvnw verify}): it needs target/quarkus-app.
 */
class GracefulShutdownIT extends WithGitServer {

    private static final String CONTROL = "sextant-shutdown";
    private static final List<String> APPS = List.of("stop-waves-1", "stop-waves-2", "stop-hooks-1", "stop-hooks-2");

    private static KubernetesClient client;
    private static Path kubeconfig;
    private final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void cluster() throws IOException {
        kubeconfig = TestbedResource.kubeconfig();
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
    }

    @AfterAll
    static void closeClient() {
        if (client != null) {
            client.close();
        }
    }

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void sigtermInTheMiddleOfSyncsEndsTheProcessWithinTenSecondsAndTheNextStartFinishesTheWork() throws Exception {
        Path jar = ProjectPaths.buildDir().resolve("quarkus-app/quarkus-run.jar");
        assertThat(jar).as("the packaged application: run ./mvnw package -DskipTests (./mvnw verify does)").isRegularFile();
        String url = repository();
        freshNamespaces();
        Path logs = Files.createDirectories(ProjectPaths.root().resolve("target/shutdown-it"));
        Process first = controller("first", logs);
        await().atMost(Duration.ofSeconds(120)).until(() -> Files.readString(logs.resolve("first.log")).contains("Controller started"));
        for (String name : APPS) {
            createApp(name, url, name.startsWith("stop-waves") ? "sync-waves" : "helm-hooks");
        }
        // In the middle: some operation is running.
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> APPS.stream()
                .map(GracefulShutdownIT::app).anyMatch(a -> a != null && a.getStatus() != null
                        && a.getStatus().getOperationState() != null && "Running".equals(a.getStatus().getOperationState().getPhase())));
        long t0 = System.nanoTime();
        first.destroy(); // SIGTERM
        boolean exited = first.waitFor(10, TimeUnit.SECONDS);
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("BENCH shutdown under syncs: exited=%s in %d ms%n", exited, tookMs);
        assertThat(exited).as("the process exits within 10 s of SIGTERM (log: target/shutdown-it/first.log)").isTrue();
        assertThat(Files.readString(logs.resolve("first.log"))).contains("stopped in");

        Process second = controller("second", logs);
        for (String name : APPS) {
            await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                Application a = app(name);
                assertThat(a.getOperation()).as(name + " operation").isNull();
                OperationState s = a.getStatus().getOperationState();
                assertThat(s).as(name).isNotNull();
                assertThat(s.getPhase()).as(name + ": " + s.getMessage()).isEqualTo("Succeeded");
                assertThat(a.getStatus().getSync().getStatus()).as(name).isEqualTo("Synced");
            });
            Map<String, Integer> runs = new HashMap<>();
            app(name).getStatus().getOperationState().getSyncResult().getResources().stream()
                    .filter(r -> r.getHookType() != null && !r.getHookType().isEmpty())
                    .forEach(r -> runs.merge(r.getKind() + "/" + r.getName(), 1, Integer::sum));
            assertThat(runs).as(name + ": each hook once").allSatisfy((k, v) -> assertThat(v).isEqualTo(1));
        }
        second.destroy();
        assertThat(second.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    private static String repository() throws IOException {
        Path bare = git.addAnonymous("shutdown-examples");
        Path root = ProjectPaths.root().resolve("testbed/fixtures/argo-examples");
        TreeCommit tree = TreeCommit.tree();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String relative = root.relativize(f).toString();
                if (relative.contains("/")) {
                    tree.file(relative, Files.readAllBytes(f));
                }
            }
        }
        tree.commitToDefaultBranch(bare, "master");
        return git.url("shutdown-examples");
    }

    private Process controller(String id, Path logs) throws IOException {
        Path jar = ProjectPaths.buildDir().resolve("quarkus-app/quarkus-run.jar");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-Dsextant.roles=controller", "-Dsextant.namespace=" + CONTROL,
                "-Dsextant.kubeconfig=" + kubeconfig, "-Dsextant.embedded.testbed=never", "-Dquarkus.http.port=0",
                "-Dsextant.repo.cache-dir=" + Files.createTempDirectory("sextant-shutdown-" + id), "-jar", jar.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logs.resolve(id + ".log").toFile()).start();
        processes.add(p);
        return p;
    }

    private static void freshNamespaces() {
        List<String> all = new ArrayList<>(List.of(CONTROL));
        all.addAll(APPS);
        all.forEach(ns -> client.namespaces().withName(ns).delete());
        await().atMost(Duration.ofSeconds(120)).until(() -> all.stream().allMatch(ns -> client.namespaces().withName(ns).get() == null));
        client.resource(new NamespaceBuilder().withNewMetadata().withName(CONTROL).endMetadata().build()).create();
    }

    private static void createApp(String name, String repoUrl, String path) {
        client.resource(client.getKubernetesSerialization().unmarshal("""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: %s, namespace: %s}
                spec:
                  project: default
                  source: {repoURL: '%s', path: %s, targetRevision: master}
                  destination: {server: https://kubernetes.default.svc, namespace: %s}
                  syncPolicy:
                    automated: {prune: true, selfHeal: true}
                    syncOptions: [CreateNamespace=true]
                """.formatted(name, CONTROL, repoUrl, path, name), Application.class)).create();
    }

    private static Application app(String name) {
        return client.resources(Application.class).inNamespace(CONTROL).withName(name).get();
    }
}
