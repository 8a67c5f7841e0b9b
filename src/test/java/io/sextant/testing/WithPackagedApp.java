package io.sextant.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.sextant.model.Application;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * For tests that run the packaged application (target/quarkus-app) as child processes against the
 * testbed, beside a git server: a client of the testbed, processes started with the flags every such
 * test needs and killed after each test, and fresh namespaces. Failsafe runs these after
 * {@code package}.
 */
public abstract class WithPackagedApp extends WithGitServer {

    protected static KubernetesClient client;
    protected static Path kubeconfig;
    private final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void cluster() throws IOException {
        kubeconfig = TestbedResource.kubeconfig();
        client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
                .build();
    }

    @AfterAll
    static void closeClient() {
        if (client != null) {
            client.close();
        }
    }

    @AfterEach
    void killProcesses() {
        processes.forEach(Process::destroyForcibly);
    }

    /** The packaged application's launcher jar. */
    protected static Path jar() {
        return ProjectPaths.buildDir().resolve("quarkus-app/quarkus-run.jar");
    }

    /**
     * Starts the packaged application as controller {@code id} for the control-plane namespace
     * {@code control}, its output in {@code logs/<id>.log}; {@code settings} are more {@code -D} flags.
     */
    protected Process startController(String id, String control, Path logs, String... settings) throws IOException {
        return startControllerOn(kubeconfig, id, control, logs, settings);
    }

    /** As {@link #startController}, against the control plane of {@code cluster} (a kubeconfig file). */
    protected Process startControllerOn(Path cluster, String id, String control, Path logs, String... settings)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-XX:TieredStopAtLevel=1",
                "-Dsextant.roles=controller",
                "-Dsextant.namespace=" + control,
                "-Dsextant.kubeconfig=" + cluster,
                "-Dsextant.embedded.testbed=never",
                "-Dquarkus.http.port=0",
                "-Dsextant.repo.cache-dir=" + Files.createTempDirectory("sextant-" + control + "-" + id)));
        command.addAll(List.of(settings));
        command.addAll(List.of("-jar", jar().toString()));
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve(id + ".log").toFile())
                .start();
        processes.add(p);
        return p;
    }

    /** The packaged process whose log is {@code log} answers its readiness check with 200. */
    protected static void assertReady(Path log) throws IOException, InterruptedException {
        java.util.regex.Matcher listening =
                java.util.regex.Pattern.compile("Listening on: (http://\\S+)").matcher(Files.readString(log));
        org.assertj.core.api.Assertions.assertThat(listening.find())
                .as(log.toString())
                .isTrue();
        java.net.http.HttpResponse<String> ready = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                        listening.group(1).replace("0.0.0.0", "localhost") + "/q/health/ready"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        org.assertj.core.api.Assertions.assertThat(ready.statusCode())
                .as(ready.body())
                .isEqualTo(200);
    }

    /** The control-plane namespace, empty, and none of {@code others} (the apps' destinations). */
    protected static void freshNamespaces(String control, List<String> others) {
        freshNamespaces(client, control, others);
    }

    /** As {@link #freshNamespaces(String, List)}, in the cluster of {@code client}. */
    protected static void freshNamespaces(KubernetesClient client, String control, List<String> others) {
        List<String> all = new ArrayList<>(List.of(control));
        all.addAll(others);
        all.forEach(ns -> client.namespaces().withName(ns).delete());
        await().atMost(Duration.ofSeconds(120))
                .until(() -> all.stream()
                        .allMatch(ns -> client.namespaces().withName(ns).get() == null));
        client.resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(control)
                        .endMetadata()
                        .build())
                .create();
    }

    /**
     * Creates an automated Application {@code name} in {@code control}, deploying {@code path} of
     * {@code repoUrl} (branch master) to a namespace of its own name; {@code automated} is the body of
     * {@code syncPolicy.automated}, e.g. {@code {prune: true, selfHeal: true}}.
     */
    protected static void createApp(String control, String name, String repoUrl, String path, String automated) {
        createApp(client, control, name, repoUrl, path, automated);
    }

    /** As {@link #createApp(String, String, String, String, String)}, in the cluster of {@code client}. */
    protected static void createApp(
            KubernetesClient client, String control, String name, String repoUrl, String path, String automated) {
        client.resource(client.getKubernetesSerialization()
                        .unmarshal("""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: %s, namespace: %s}
                spec:
                  project: default
                  source: {repoURL: '%s', path: %s, targetRevision: master}
                  destination: {server: https://kubernetes.default.svc, namespace: %s}
                  syncPolicy:
                    automated: %s
                    syncOptions: [CreateNamespace=true]
                """.formatted(name, control, repoUrl, path, name, automated), Application.class))
                .create();
    }
}
