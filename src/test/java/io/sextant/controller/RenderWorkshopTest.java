package io.sextant.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sextant.embedded.FixtureRepository;
import io.sextant.model.Application;
import io.sextant.model.ApplicationCondition;
import io.sextant.repo.TreeCommit;
import io.sextant.service.ApplicationOperations;
import io.sextant.testing.Apps;
import io.sextant.testing.TestbedResource;
import io.sextant.testing.WithGitServer;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Helm, Kustomize and Jsonnet sources through the whole controller on the testbed: the workshop's Helm
 * exercise (one app per kubercoins service from the {@code helm} branch's chart, value files from
 * outside the chart directory), an app of apps whose children's health rolls up, the {@code kustomize}
 * branch with Argo's overrides, a chart from a Helm repository served by this JVM, a Jsonnet source,
 * and render failures as ComparisonError conditions that keep the last good state.
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
class RenderWorkshopTest extends WithGitServer {

    static final List<String> SERVICES = List.of("hasher", "redis", "rng", "webui", "worker");

    private static FixtureRepository repo;
    private static HttpServer charts;

    @Inject
    KubernetesClient client;

    @Inject
    ApplicationOperations operations;

    @BeforeAll
    static void servers() throws Exception {
        repo = FixtureRepository.create(git);
        charts = chartRepository();
    }

    @AfterAll
    static void stopCharts() {
        if (charts != null) {
            charts.stop(0);
        }
    }

    static String helmSpec(String service) {
        return """
                spec:
                  source:
                    helm:
                      valueFiles: [values.yaml, ../values/%s.yaml]
                """.formatted(service);
    }

    @Test
    void theWorkshopsHelmExerciseCreatesOneAppPerService() {
        Apps apps = new Apps(client);
        apps.freshNamespace("helmcoins");
        for (String svc : SERVICES) {
            apps.create("kc-" + svc, repo.url(), "helm", "generic-service", "helmcoins", "");
            apps.patch(
                    "kc-" + svc,
                    "{\"spec\":{\"source\":{\"helm\":{\"valueFiles\":[\"values.yaml\",\"../values/" + svc
                            + ".yaml\"]}}}}");
        }
        for (String svc : SERVICES) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
                Application a = apps.get("kc-" + svc);
                assertThat(a.getStatus()).isNotNull();
                assertThat(a.getStatus().getSourceType()).isEqualTo("Helm");
                assertThat(a.getStatus().getSync().getStatus())
                        .as(() -> String.valueOf(a.getStatus().getConditions()))
                        .isEqualTo("OutOfSync");
                assertThat(a.getStatus().getResources()).anySatisfy(r -> {
                    assertThat(r.getKind()).isEqualTo("Deployment");
                    assertThat(r.getName()).isEqualTo("kc-" + svc);
                });
            });
        }
        operations.sync("kc-worker", null, false, false, List.of(), List.of(), "admin");
        apps.awaitOperation("kc-worker", "Succeeded", Duration.ofSeconds(60));
        assertThat(client.apps()
                        .deployments()
                        .inNamespace("helmcoins")
                        .withName("kc-worker")
                        .get()
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage())
                .startsWith("dockercoins/worker:");
        apps.awaitSyncAndHealth("kc-worker", "Synced", "Healthy");
        SERVICES.forEach(svc -> apps.delete("kc-" + svc));
    }

    @Test
    void anAppOfAppsCreatesItsChildrenAndTheirHealthRollsUp() {
        Apps apps = new Apps(client);
        apps.freshNamespace("helmcoins-aoa");
        for (String child : List.of("aoa-rng", "aoa-hasher")) { // left by an interrupted earlier run
            apps.delete(child);
            await().atMost(Duration.ofSeconds(30)).until(() -> apps.get(child) == null);
        }
        TreeCommit tree = TreeCommit.tree();
        for (String svc : List.of("rng", "hasher")) {
            tree.file("apps/" + svc + ".yaml", """
                    apiVersion: argoproj.io/v1alpha1
                    kind: Application
                    metadata:
                      name: aoa-%s
                      namespace: sextant
                    spec:
                      project: default
                      source:
                        repoURL: '%s'
                        path: generic-service
                        targetRevision: helm
                        helm:
                          valueFiles: [values.yaml, ../values/%s.yaml]
                      destination: {server: 'https://kubernetes.default.svc', namespace: helmcoins-aoa}
                      syncPolicy:
                        automated: {}
                    """.formatted(svc, repo.url(), svc));
        }
        tree.commitTo(git.addAnonymous("app-of-apps"), "main");
        apps.create("aoa-parent", git.url("app-of-apps"), "main", "apps", "sextant", "");
        await().atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .untilAsserted(
                        () -> assertThat(apps.get("aoa-parent").getStatus().getResources())
                                .hasSize(2));
        operations.sync("aoa-parent", null, false, false, List.of(), List.of(), "admin");
        apps.awaitOperation("aoa-parent", "Succeeded", Duration.ofSeconds(60));
        for (String svc : List.of("rng", "hasher")) {
            apps.awaitStatus("aoa-" + svc);
            apps.awaitSyncAndHealth("aoa-" + svc, "Synced", "Healthy");
        }
        // The parent's health is its children's: Healthy once each child Application reports Healthy.
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            Application parent = apps.get("aoa-parent");
            assertThat(parent.getStatus().getSync().getStatus()).isEqualTo("Synced");
            assertThat(parent.getStatus().getHealth().getStatus()).isEqualTo("Healthy");
            assertThat(parent.getStatus().getResources()).hasSize(2).allSatisfy(r -> {
                assertThat(r.getKind()).isEqualTo("Application");
                assertThat(r.getHealth().getStatus()).isEqualTo("Healthy");
            });
        });
        // A child whose new image cannot be pulled (a Helm parameter changed: auto-sync applies it) is no longer
        // Healthy, and the parent shows the child's health.
        apps.patch(
                "aoa-rng",
                "{\"spec\":{\"source\":{\"helm\":{\"parameters\":[{\"name\":\"image.repository\","
                        + "\"value\":\"sextant.test/missing\"},{\"name\":\"image.tag\",\"value\":\"latest\"}]}}}}");
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            Application child = apps.get("aoa-rng");
            assertThat(child.getStatus().getSync().getStatus()).isEqualTo("Synced");
            assertThat(child.getStatus().getHealth().getStatus()).isIn("Progressing", "Degraded");
            assertThat(apps.get("aoa-parent").getStatus().getHealth().getStatus())
                    .isEqualTo(child.getStatus().getHealth().getStatus());
        });
        apps.delete("aoa-rng");
        apps.delete("aoa-hasher");
        apps.delete("aoa-parent");
    }

    static String hookJob(String name, String event) {
        return """
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: {{ .Release.Name }}-%s
                  annotations:
                    "helm.sh/hook": %s
                    "helm.sh/hook-delete-policy": before-hook-creation
                spec:
                  backoffLimit: 0
                  template:
                    spec:
                      restartPolicy: Never
                      containers: [{name: main, image: 'busybox:1.36'}]
                """.formatted(name, event);
    }

    @Test
    void helmHooksRunInTheirSyncPhases() {
        Apps apps = new Apps(client);
        apps.freshNamespace("helm-hooks");
        TreeCommit.tree()
                .file("chart/Chart.yaml", "apiVersion: v2\nname: hooked\nversion: 0.1.0\n")
                .file("chart/templates/pre.yaml", hookJob("migrate", "pre-install,pre-upgrade"))
                .file("chart/templates/post.yaml", hookJob("smoke", "post-install"))
                .file(
                        "chart/templates/cm.yaml",
                        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-settings\n")
                .commitTo(git.addAnonymous("hooked"), "main");
        // (app names are unique across test classes: they share the testbed)
        apps.create("helm-hooked", git.url("hooked"), "main", "chart", "helm-hooks", "");
        apps.awaitStatus("helm-hooked");
        operations.sync("helm-hooked", null, false, false, List.of(), List.of(), "admin");
        var state = apps.awaitOperation("helm-hooked", "Succeeded", Duration.ofSeconds(90));
        assertThat(state.getSyncResult().getResources())
                .extracting(r -> r.getSyncPhase() + " " + r.getKind() + "/" + r.getName())
                .containsExactly(
                        "PreSync Job/helm-hooked-migrate",
                        "Sync ConfigMap/helm-hooked-settings",
                        "PostSync Job/helm-hooked-smoke");
        apps.delete("helm-hooked");
    }

    @Test
    void theKustomizeBranchWithOverrides() {
        Apps apps = new Apps(client);
        apps.freshNamespace("kustomized");
        apps.create("kc-kustomize", repo.url(), "kustomize", ".", "kustomized", "");
        apps.patch("kc-kustomize", """
                {"spec":{"source":{"kustomize":{"namePrefix":"k-","commonLabels":{"stage":"test"},"images":["dockercoins/worker:v0.2"]}}}}""");
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            Application a = apps.get("kc-kustomize");
            assertThat(a.getStatus().getSourceType()).isEqualTo("Kustomize");
            assertThat(a.getStatus().getResources())
                    .hasSize(9)
                    .anySatisfy(r -> assertThat(r.getName()).isEqualTo("k-worker"));
            assertThat(a.getStatus().getSummary().getImages()).contains("dockercoins/worker:v0.2");
        });
        apps.delete("kc-kustomize");
    }

    @Test
    void aChartFromAHelmRepository() {
        Apps apps = new Apps(client);
        apps.freshNamespace("charted");
        String url = "http://127.0.0.1:" + charts.getAddress().getPort() + "/charts";
        client.resource(client.getKubernetesSerialization().unmarshal("""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: from-chart-repo, namespace: sextant}
                spec:
                  project: default
                  source:
                    repoURL: '%s'
                    chart: hello
                    targetRevision: 1.2.0
                    helm:
                      parameters: [{name: message, value: from-a-parameter}]
                  destination: {server: 'https://kubernetes.default.svc', namespace: charted}
                """.formatted(url), Application.class))
                .createOr(op -> op.update());
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            Application a = apps.get("from-chart-repo");
            assertThat(a.getStatus().getSourceType()).isEqualTo("Helm");
            assertThat(a.getStatus().getSync().getRevision()).isEqualTo("1.2.0");
            assertThat(a.getStatus().getResources())
                    .singleElement()
                    .satisfies(r -> assertThat(r.getName()).isEqualTo("from-chart-repo-hello"));
        });
        operations.sync("from-chart-repo", null, false, false, List.of(), List.of(), "admin");
        apps.awaitOperation("from-chart-repo", "Succeeded", Duration.ofSeconds(60));
        assertThat(client.configMaps()
                        .inNamespace("charted")
                        .withName("from-chart-repo-hello")
                        .get()
                        .getData())
                .containsEntry("message", "from-a-parameter");
        apps.delete("from-chart-repo");
    }

    @Test
    void aJsonnetSource() {
        Apps apps = new Apps(client);
        apps.freshNamespace("jsonnet");
        TreeCommit.tree()
                .file(
                        "lib/k.libsonnet",
                        "{ cm(n, v):: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: n }, data: { v: v } } }")
                .file(
                        "app/main.jsonnet",
                        "local k = import 'k.libsonnet'; function(tier) [k.cm('jsonnet-' + tier, std.extVar('v'))]")
                .commitTo(git.addAnonymous("jsonnet"), "main");
        apps.create("jsonnet-app", git.url("jsonnet"), "main", "app", "jsonnet", "");
        apps.patch("jsonnet-app", """
                {"spec":{"source":{"directory":{"jsonnet":{"libs":["lib"],"extVars":[{"name":"v","value":"ext"}],
                 "tlas":[{"name":"tier","value":"db"}]}}}}}""");
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            Application a = apps.get("jsonnet-app");
            assertThat(a.getStatus().getSourceType()).isEqualTo("Directory");
            assertThat(a.getStatus().getResources())
                    .singleElement()
                    .satisfies(r -> assertThat(r.getName()).isEqualTo("jsonnet-db"));
        });
        apps.delete("jsonnet-app");
    }

    @Test
    void renderFailuresAreComparisonErrorsAndTheLastGoodStateStays() {
        Apps apps = new Apps(client);
        apps.freshNamespace("broken-helm");
        apps.create("kc-broken", repo.url(), "helm", "generic-service", "broken-helm", "");
        apps.patch(
                "kc-broken",
                "{\"spec\":{\"source\":{\"helm\":{\"valueFiles\":[\"values.yaml\",\"../values/rng.yaml\"]}}}}");
        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .untilAsserted(
                        () -> assertThat(apps.get("kc-broken").getStatus().getResources())
                                .isNotEmpty());
        int good = apps.get("kc-broken").getStatus().getResources().size();

        apps.patch(
                "kc-broken",
                "{\"spec\":{\"source\":{\"helm\":{\"valueFiles\":[\"values.yaml\",\"../values/nope.yaml\"]}}}}");
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            Application a = apps.get("kc-broken");
            assertThat(comparisonError(a))
                    .hasValueSatisfying(m -> assertThat(m)
                            .contains("../values/nope.yaml")
                            .doesNotContain("sextant-render-")
                            .doesNotContain("/tmp/"));
            assertThat(a.getStatus().getSync().getStatus()).isEqualTo("Unknown");
            assertThat(a.getStatus().getResources())
                    .as("the last good state stays")
                    .hasSize(good);
        });

        apps.patch(
                "kc-broken",
                "{\"spec\":{\"source\":{\"helm\":{\"valueFiles\":[\"values.yaml\"],"
                        + "\"parameters\":[{\"name\":\"image.tag\",\"value\":\"{{ oops\"}],\"values\":\"replicaCount: [\"}}}}");
        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(comparisonError(apps.get("kc-broken")))
                        .hasValueSatisfying(m ->
                                assertThat(m).contains("helm template failed").doesNotContain("sextant-render-")));

        apps.patch("kc-broken", "{\"spec\":{\"source\":{\"helm\":{\"values\":null,\"parameters\":null}}}}");
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            Application a = apps.get("kc-broken");
            assertThat(comparisonError(a)).isEmpty();
            assertThat(a.getStatus().getSync().getStatus()).isEqualTo("OutOfSync");
        });
        apps.delete("kc-broken");
    }

    private static Optional<String> comparisonError(Application a) {
        return a.getStatus() == null || a.getStatus().getConditions() == null
                ? Optional.empty()
                : a.getStatus().getConditions().stream()
                        .filter(c -> "ComparisonError".equals(c.getType()))
                        .map(ApplicationCondition::getMessage)
                        .findFirst();
    }

    /** A Helm chart repository (index.yaml + the packaged chart) served over http by this JVM. */
    static HttpServer chartRepository() throws Exception {
        Path dir = Files.createTempDirectory("sextant-test-charts");
        Path chart = dir.resolve("src/hello");
        Files.createDirectories(chart.resolve("templates"));
        Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: hello\nversion: 1.2.0\n");
        Files.writeString(chart.resolve("values.yaml"), "message: default\n");
        Files.writeString(chart.resolve("templates/cm.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: {{ .Release.Name }}-hello
                data:
                  message: {{ .Values.message | quote }}
                """);
        Path out = Files.createDirectories(dir.resolve("out"));
        new Helm(chart).packageIt().withDestination(out).call();
        byte[] archive = Files.readAllBytes(out.resolve("hello-1.2.0.tgz"));
        byte[] index = """
                apiVersion: v1
                entries:
                  hello:
                  - name: hello
                    version: 1.2.0
                    urls: [hello-1.2.0.tgz]
                  - name: hello
                    version: 1.1.0
                    urls: [hello-1.1.0.tgz]
                """.getBytes();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/charts/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body = path.endsWith("/index.yaml") ? index : path.endsWith("/hello-1.2.0.tgz") ? archive : null;
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        return server;
    }
}
