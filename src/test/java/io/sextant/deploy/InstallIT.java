package io.sextant.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.sextant.embedded.FixtureRepository;
import io.sextant.model.AppProject;
import io.sextant.model.Application;
import io.sextant.testing.ProjectPaths;
import io.sextant.testing.TestbedResource;
import io.sextant.testing.WithGitServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The install as a user does it, on the testbed: {@code kubectl create namespace sextant} and
 * {@code kubectl apply -n sextant -f deploy/k8s/install.yaml} (with the API server validating every
 * field). Then the two roles run apart, as the install's Deployments run them, but as processes of
 * the packaged application on this machine (the testbed's nodes run no containers), each with a
 * token of its own ServiceAccount: the workshop's first sync steps go through the server's API,
 * the server's token is refused what only the controller may do, Events land on the Application,
 * and the controller's /q/metrics shows the reconcile, sync and Git series.
 *
 * <p>An integration test (failsafe, in {@code verify}): it needs target/quarkus-app.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstallIT extends WithGitServer {

    private static final String NS = "sextant";
    private static final String DEST = "kubercoins-install";
    private static final String APP = "kubercoins-install";

    private static KubernetesClient admin;
    private static Path kubectl;
    private static Path kubeconfig;
    private static Path work;
    private static FixtureRepository repo;
    private static String applyOutput;
    private static final List<Process> processes = new ArrayList<>();
    private static Role server;
    private static Role controller;

    /** A role's process: its port, log and kubeconfig. */
    record Role(String name, int port, Path log, Path kubeconfig, Process process) {
        String logText() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }

        RequestSpecification http() {
            return given().baseUri("http://127.0.0.1:" + port);
        }
    }

    @BeforeAll
    static void install() throws Exception {
        kubeconfig = TestbedResource.kubeconfig();
        kubectl = TestbedResource.binDir().resolve("kubectl");
        admin = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(kubeconfig.toFile()))
                .build();
        work = Files.createDirectories(ProjectPaths.buildDir().resolve("install-it"));
        repo = FixtureRepository.create(git);

        freshSextantNamespace();
        kubectl("create", "namespace", NS);
        applyOutput = kubectl(
                "apply",
                "-n",
                NS,
                "--validate=strict",
                "-f",
                ProjectPaths.root().resolve("deploy/k8s/install.yaml").toString());
    }

    @AfterAll
    static void stop() {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (admin != null) {
            admin.resources(Application.class).inNamespace(NS).withName(APP).delete();
            admin.namespaces().withName(DEST).delete();
            admin.close();
        }
    }

    @Test
    @Order(1)
    void installAppliesWithServerSideValidationAndExposesNodePort30006() throws Exception {
        // Every object of the manifest was accepted (created, or unchanged/configured when an earlier
        // install or the test setup left the cluster-wide ones, such as the CRDs, in place).
        String manifest = Files.readString(ProjectPaths.root().resolve("deploy/k8s/install.yaml"));
        long objects =
                Pattern.compile("(?m)^kind: ").matcher(manifest).results().count();
        List<String> lines = applyOutput
                .lines()
                .filter(l -> l.matches("\\S+/\\S+ (created|configured|unchanged)"))
                .toList();
        assertThat(lines).as(applyOutput).hasSize((int) objects);
        assertThat(applyOutput).doesNotContain("Error", "unknown field");

        kubectl(
                "wait",
                "--for",
                "condition=established",
                "--timeout",
                "60s",
                "crd/applications.argoproj.io",
                "crd/appprojects.argoproj.io");
        Service svc =
                admin.services().inNamespace(NS).withName("sextant-server").get();
        assertThat(svc.getSpec().getType()).isEqualTo("NodePort");
        assertThat(svc.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(80);
            assertThat(p.getNodePort()).isEqualTo(30006);
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
        });
        // The testbed's kwok nodes schedule the pods and report them ready: the Deployments, their
        // security settings and the disruption budget are accepted and satisfiable.
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            Deployment s = admin.apps()
                    .deployments()
                    .inNamespace(NS)
                    .withName("sextant-server")
                    .get();
            Deployment c = admin.apps()
                    .deployments()
                    .inNamespace(NS)
                    .withName("sextant-application-controller")
                    .get();
            assertThat(s.getStatus().getAvailableReplicas()).isEqualTo(2);
            assertThat(c.getStatus().getAvailableReplicas()).isEqualTo(1);
        });
        assertThat(admin.policy()
                        .v1()
                        .podDisruptionBudget()
                        .inNamespace(NS)
                        .withName("sextant-server")
                        .get()
                        .getStatus()
                        .getDisruptionsAllowed())
                .isEqualTo(1);
    }

    @Test
    @Order(3)
    void rolesRunApartWithTheirOwnTokensThroughTheWorkshopFlow() throws Exception {
        startRoles();
        admin.namespaces().withName(DEST).delete();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> admin.namespaces().withName(DEST).get() == null);

        String token = server.http()
                .contentType(ContentType.JSON)
                .body(Map.of("username", "admin", "password", adminPassword()))
                .post("/api/v1/session")
                .then()
                .statusCode(200)
                .extract()
                .path("token");
        RequestSpecification api =
                server.http().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);

        // Step 1: create the kubercoins app through the server; the controller compares it.
        api.body("""
                {"metadata": {"name": "%s"},
                 "spec": {"project": "default",
                          "source": {"repoURL": "%s", "path": ".", "targetRevision": "prod"},
                          "destination": {"server": "https://kubernetes.default.svc", "namespace": "%s"}}}""".formatted(APP, repo.url(), DEST))
                .post("/api/v1/applications")
                .then()
                .statusCode(200);
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(getApp(api).getString("status.sync.status"))
                        .as(() -> controller.logText())
                        .isEqualTo("OutOfSync"));

        // Step 2: the sync fails: the destination namespace does not exist.
        api.body("{}").post("/api/v1/applications/" + APP + "/sync").then().statusCode(200);
        awaitPhase(api, "Failed");
        assertThat(getApp(api).getString("status.operationState.message"))
                .contains("namespaces \"" + DEST + "\" not found");

        // Step 3: CreateNamespace=true, sync again: Succeeded, Synced and Healthy.
        api.body("""
                {"project": "default", "source": {"repoURL": "%s", "path": ".", "targetRevision": "prod"},
                 "destination": {"server": "https://kubernetes.default.svc", "namespace": "%s"},
                 "syncPolicy": {"syncOptions": ["CreateNamespace=true"]}}""".formatted(repo.url(), DEST))
                .put("/api/v1/applications/" + APP + "/spec")
                .then()
                .statusCode(200);
        api.body("{}").post("/api/v1/applications/" + APP + "/sync").then().statusCode(200);
        awaitPhase(api, "Succeeded");
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            JsonPath app = getApp(api);
            assertThat(app.getString("status.sync.status")).isEqualTo("Synced");
            assertThat(app.getString("status.health.status")).isEqualTo("Healthy");
        });
        assertThat(admin.apps()
                        .deployments()
                        .inNamespace(DEST)
                        .withName("worker")
                        .get())
                .isNotNull();

        // Events on the Application: started and completed, failure as a Warning, read through the server.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath events = api.get("/api/v1/applications/" + APP + "/events")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            List<String> seen = events.getList("items.collect { it.type + ' ' + it.reason + ': ' + it.message }");
            assertThat(seen).anyMatch(e -> e.startsWith("Normal OperationStarted: admin initiated sync to prod"));
            assertThat(seen)
                    .anyMatch(e -> e.startsWith("Warning OperationCompleted: Sync operation to ")
                            && e.contains("failed: ")
                            && e.contains("namespaces \"" + DEST + "\" not found"));
            assertThat(seen)
                    .anyMatch(e -> e.equals(
                            "Normal OperationCompleted: Sync operation to " + repo.headOf("prod") + " succeeded"));
            assertThat(events.getList("items.involvedObject.kind", String.class))
                    .containsOnly("Application");
        });

        // The server, which runs no controller, shows the resource tree and the diff read from the controller.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath tree = api.get("/api/v1/applications/" + APP + "/resource-tree")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(tree.getList("nodes.kind", String.class)).contains("Deployment", "ReplicaSet", "Pod");
            assertThat(tree.getList("nodes.name", String.class)).contains("worker");
        });
        JsonPath managed = api.get("/api/v1/applications/" + APP + "/managed-resources")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(managed.getList("items.name", String.class)).contains("worker");
        api.get("/api/v1/applications/" + APP + "/manifests").then().statusCode(200);
        // A forged internal read is refused by the controller.
        RestAssured.given()
                .baseUri("http://127.0.0.1")
                .port(controller.port())
                .header("X-Sextant-Internal", Instant.now().getEpochSecond() + ".00ff")
                .get("/api/v1/applications/" + APP + "/resource-tree")
                .then()
                .statusCode(401);

        // Neither role needed more than its RBAC gives: no request of either was forbidden.
        assertThat(server.logText()).doesNotContainIgnoringCase("forbidden");
        assertThat(controller.logText()).doesNotContainIgnoringCase("forbidden");
        flowDone = true;
    }

    @Test
    @Order(2)
    void theServersTokenIsRefusedWhatOnlyTheControllerMayDo() throws Exception {
        try (KubernetesClient asServer = clientFor("sextant-server");
                KubernetesClient asController = clientFor("sextant-application-controller")) {
            Deployment d = new DeploymentBuilder()
                    .withNewMetadata()
                    .withName("not-allowed")
                    .withNamespace("default")
                    .endMetadata()
                    .withNewSpec()
                    .withNewSelector()
                    .addToMatchLabels("app", "x")
                    .endSelector()
                    .withNewTemplate()
                    .withNewMetadata()
                    .addToLabels("app", "x")
                    .endMetadata()
                    .withNewSpec()
                    .addNewContainer()
                    .withName("x")
                    .withImage("nginx")
                    .endContainer()
                    .endSpec()
                    .endTemplate()
                    .endSpec()
                    .build();
            assertThatThrownBy(() -> asServer.resource(d).create())
                    .isInstanceOf(KubernetesClientException.class)
                    .satisfies(e -> assertThat(((KubernetesClientException) e).getCode())
                            .isEqualTo(403));
            assertThatThrownBy(
                            () -> asServer.secrets().inNamespace("kube-system").list())
                    .isInstanceOf(KubernetesClientException.class)
                    .satisfies(e -> assertThat(((KubernetesClientException) e).getCode())
                            .isEqualTo(403));
            assertThat(canI(asServer, "*", "*", "*", null))
                    .as("the server is not cluster-admin")
                    .isFalse();
            assertThat(canI(asServer, "create", "argoproj.io", "applications", NS))
                    .isTrue();
            assertThat(canI(asServer, "update", "", "secrets", NS)).isTrue();
            assertThat(canI(asServer, "update", "", "secrets", "default")).isFalse();
            assertThat(canI(asServer, "create", "argoproj.io", "applications", "default"))
                    .isFalse();
            assertThat(canI(asServer, "list", "", "events", "default")).isTrue();
            // The controller manages any kind anywhere.
            assertThat(canI(asController, "create", "apps", "deployments", "default"))
                    .isTrue();
            assertThat(canI(asController, "create", "apiextensions.k8s.io", "customresourcedefinitions", null))
                    .isTrue();
        }
    }

    @Test
    @Order(4)
    void controllerMetricsShowReconcileSyncAndGitSeries() throws Exception {
        assertThat(flowDone).as("the workshop flow ran first (see @Order)").isTrue();
        String metrics = controller
                .http()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(value(metrics, "sextant_app_reconcile_seconds_count{result=\"ok\"}"))
                .isPositive();
        assertThat(value(metrics, "sextant_app_reconcile_seconds_sum{result=\"ok\"}"))
                .isPositive();
        assertThat(value(metrics, "sextant_app_sync_total{phase=\"Failed\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "sextant_app_sync_total{phase=\"Succeeded\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "sextant_git_fetch_seconds_count")).isPositive();
        assertThat(value(metrics, "sextant_git_fetch_errors_total")).isZero();
        assertThat(value(metrics, "sextant_apps{health_status=\"Healthy\",sync_status=\"Synced\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "sextant_controller_queue_depth")).isGreaterThanOrEqualTo(0);
        // Each cache's size next to its bound (issue 28).
        assertThat(value(metrics, "sextant_cache_entries{cache=\"comparisons\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "sextant_cache_entries{cache=\"live-objects\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "sextant_cache_max_entries{cache=\"manifests\"}"))
                .isEqualTo(20_000);
        assertThat(value(metrics, "sextant_cache_max_bytes{cache=\"manifests\"}"))
                .isEqualTo(512.0 * 1024 * 1024);
        assertThat(value(metrics, "sextant_cache_entries{cache=\"trees\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "sextant_cache_max_entries{cache=\"trees\"}")).isEqualTo(500_000);
    }

    /**
     * Two controller replicas (sharding on, each stating its URL on its Lease, as the install's
     * SEXTANT_CONTROLLER_ADVERTISE_URL does) share eight apps, and the server, whose configured controller URL
     * now answers nothing, reads every app's diff from the replica that owns it: only the owner has compared
     * an app. The server's own token must be allowed to read the Leases (the install's Role).
     */
    @Test
    @Order(5)
    void twoControllerReplicasShareTheAppsAndTheServerReadsEachFromItsOwner() throws Exception {
        startRoles();
        // The single controller owns everything (sharding off outside a pod): it stops first.
        controller.process().destroy();
        assertThat(controller.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        List<Role> replicas = new ArrayList<>();
        for (String id : List.of("c1", "c2")) {
            int port = freePort();
            replicas.add(start(
                    "controller",
                    "controller-" + id,
                    "sextant-application-controller",
                    port,
                    List.of(
                            "-Dsextant.controller.sharding=on",
                            "-Dsextant.controller.replica-id=" + id,
                            "-Dsextant.controller.advertise-url=http://127.0.0.1:" + port)));
        }
        awaitReady(replicas);
        String token = server.http()
                .contentType(ContentType.JSON)
                .body(Map.of("username", "admin", "password", adminPassword()))
                .post("/api/v1/session")
                .then()
                .statusCode(200)
                .extract()
                .path("token");
        RequestSpecification api =
                server.http().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
        List<String> names = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                String name = "shard-" + i;
                names.add(name);
                api.body("""
                                {"metadata": {"name": "%s"},
                                 "spec": {"project": "default",
                                          "source": {"repoURL": "%s", "path": ".", "targetRevision": "prod"},
                                          "destination": {"server": "https://kubernetes.default.svc", "namespace": "%s"}}}""".formatted(name, repo.url(), name))
                        .post("/api/v1/applications")
                        .then()
                        .statusCode(200);
            }
            await().atMost(Duration.ofSeconds(90))
                    .untilAsserted(() -> assertThat(names.stream()
                                    .map(n -> {
                                        var labels = admin.resources(Application.class)
                                                .inNamespace(NS)
                                                .withName(n)
                                                .get()
                                                .getMetadata()
                                                .getLabels();
                                        return labels == null
                                                ? ""
                                                : labels.getOrDefault("sextant.io/controller-replica", "");
                                    })
                                    .distinct()
                                    .sorted()
                                    .toList())
                            .as("both replicas own some of the apps")
                            .containsExactly("c1", "c2"));
            for (String name : names) {
                await().atMost(Duration.ofSeconds(60))
                        .untilAsserted(() -> assertThat(api.get("/api/v1/applications/" + name + "/managed-resources")
                                        .then()
                                        .statusCode(200)
                                        .extract()
                                        .jsonPath()
                                        .getList("items.name", String.class))
                                .as(name)
                                .contains("worker"));
            }
        } finally {
            for (String name : names) {
                api.delete("/api/v1/applications/" + name);
            }
            for (Role r : replicas) {
                r.process().destroy();
            }
        }
    }

    // --- helpers ---

    /** Set once the workshop flow passed; the metrics test reads what it left. */
    private static boolean flowDone;

    private static double value(String metrics, String series) {
        Matcher m =
                Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        assertThat(m.find())
                .as(
                        "series %s in:%n%s",
                        series,
                        metrics.lines().filter(l -> l.startsWith("sextant_")).reduce("", (a, b) -> a + b + "\n"))
                .isTrue();
        return Double.parseDouble(m.group(1));
    }

    private JsonPath getApp(RequestSpecification api) {
        return api.get("/api/v1/applications/" + APP)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private void awaitPhase(RequestSpecification api, String phase) {
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            JsonPath app = getApp(api);
            assertThat(app.getString("status.operationState.phase"))
                    .as(() -> app.prettify() + controller.logText())
                    .isEqualTo(phase);
            assertThat(app.getMap("operation"))
                    .as("the finished operation is cleared")
                    .isNull();
        });
    }

    private static boolean canI(KubernetesClient client, String verb, String group, String resource, String namespace) {
        SelfSubjectAccessReview review = new SelfSubjectAccessReviewBuilder()
                .withNewSpec()
                .withNewResourceAttributes()
                .withVerb(verb)
                .withGroup(group)
                .withResource(resource)
                .withNamespace(namespace)
                .endResourceAttributes()
                .endSpec()
                .build();
        return client.authorization()
                .v1()
                .selfSubjectAccessReview()
                .create(review)
                .getStatus()
                .getAllowed();
    }

    private static String adminPassword() {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> admin.secrets()
                                .inNamespace(NS)
                                .withName("sextant-initial-admin-secret")
                                .get()
                        != null);
        Secret s = admin.secrets()
                .inNamespace(NS)
                .withName("sextant-initial-admin-secret")
                .get();
        return new String(Base64.getDecoder().decode(s.getData().get("password")), StandardCharsets.UTF_8);
    }

    /** Starts the server and the controller (once for the class), each with its ServiceAccount's token. */
    private static synchronized void startRoles() throws Exception {
        if (server != null) {
            return;
        }
        int controllerPort = freePort();
        // As in the install: the server reads trees and diffs from the controller (Service there, loopback here).
        server = start(
                "server",
                "server",
                "sextant-server",
                freePort(),
                List.of("-Dsextant.controller-url=http://127.0.0.1:" + controllerPort));
        controller = start("controller", "controller", "sextant-application-controller", controllerPort, List.of());
        awaitReady(List.of(server, controller));
    }

    private static void awaitReady(List<Role> roles) {
        for (Role r : roles) {
            await().atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions()
                    .failFast(
                            r.name() + " exited (its log is in " + r.log() + ")",
                            () -> !r.process().isAlive())
                    .untilAsserted(
                            () -> assertThat(r.http().get("/q/health/ready").statusCode())
                                    .isEqualTo(200));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Role start(String role, String name, String serviceAccount, int port, List<String> extra)
            throws Exception {
        Path config = kubeconfigFor(serviceAccount);
        Path jar = ProjectPaths.buildDir().resolve("quarkus-app/quarkus-run.jar");
        assertThat(jar).as("the packaged application (./mvnw package)").isRegularFile();
        Path log = work.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.http.host=127.0.0.1",
                "-Dsextant.roles=" + role,
                "-Dsextant.namespace=" + NS,
                "-Dsextant.embedded.testbed=never",
                "-Dsextant.kubeconfig=" + config,
                "-Dsextant.repo.cache-dir=" + work.resolve(name + "-repos"),
                "-Dsextant.controller.reconciliation-timeout=30s"));
        command.addAll(extra);
        command.addAll(List.of("-jar", jar.toString()));
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        processes.add(p);
        return new Role(name, port, log, config, p);
    }

    /** A kubeconfig for the testbed's API server that authenticates with a fresh token of {@code serviceAccount}. */
    private static Path kubeconfigFor(String serviceAccount) throws IOException {
        String token = admin.serviceAccounts()
                .inNamespace(NS)
                .withName(serviceAccount)
                .tokenRequest(new TokenRequestBuilder()
                        .withNewSpec()
                        .withExpirationSeconds(3600L)
                        .endSpec()
                        .build())
                .getStatus()
                .getToken();
        Config base = Config.fromKubeconfig(kubeconfig.toFile());
        String ca = base.getCaCertData() != null
                ? "certificate-authority-data: " + base.getCaCertData()
                : "certificate-authority: " + base.getCaCertFile();
        Path file = work.resolve(serviceAccount + ".kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: testbed
                  cluster:
                    server: %s
                    %s
                users:
                - name: %s
                  user:
                    token: %s
                contexts:
                - name: %s
                  context: {cluster: testbed, user: %s, namespace: %s}
                current-context: %s
                """.formatted(
                base.getMasterUrl(), ca, serviceAccount, token, serviceAccount, serviceAccount, NS, serviceAccount));
        return file;
    }

    private static KubernetesClient clientFor(String serviceAccount) throws IOException {
        return new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(kubeconfigFor(serviceAccount).toFile()))
                .build();
    }

    /**
     * Namespace sextant as before a first install: deleted with what earlier tests left in it
     * (finalizers of their Applications are dropped, as no controller runs to honour them).
     */
    private static void freshSextantNamespace() {
        if (admin.namespaces().withName(NS).get() != null) {
            dropFinalizers(Application.class);
            // Projects too: a test that stores Argo's full AppProject leaves its resources finalizer behind.
            dropFinalizers(AppProject.class);
            admin.namespaces().withName(NS).delete();
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> admin.namespaces().withName(NS).get() == null);
        }
    }

    private static <T extends HasMetadata> void dropFinalizers(Class<T> kind) {
        for (T o : admin.resources(kind).inNamespace(NS).list().getItems()) {
            if (o.getMetadata().getFinalizers() != null
                    && !o.getMetadata().getFinalizers().isEmpty()) {
                admin.resources(kind)
                        .inNamespace(NS)
                        .withName(o.getMetadata().getName())
                        .edit(x -> {
                            x.getMetadata().setFinalizers(List.of());
                            return x;
                        });
            }
        }
    }

    private static String kubectl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(kubectl.toString(), "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + "\n" + out).isZero();
        return out;
    }
}
