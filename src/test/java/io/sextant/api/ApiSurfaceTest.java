package io.sextant.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.sextant.embedded.FixtureRepository;
import io.sextant.model.AppProject;
import io.sextant.model.Application;
import io.sextant.service.RepositoryService;
import io.sextant.testing.ApiLogin;
import io.sextant.testing.Apps;
import io.sextant.testing.TestbedResource;
import io.sextant.testing.WithGitServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rest of Argo's API surface over real HTTP: projects, repositories (credentials kept in labelled
 * Secrets, tested before they are stored, never returned), clusters, public settings, an app's
 * events, manifests and revision metadata, and list paging and field trimming.
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
class ApiSurfaceTest extends WithGitServer {

    private static FixtureRepository repo;
    private static FixtureRepository secretRepo;

    @Inject
    KubernetesClient client;

    @BeforeAll
    static void gitServer() {
        repo = FixtureRepository.create(git);
        secretRepo = FixtureRepository.create(
                git, "private-kc", FixtureRepository.locateFixtures(), "alice", "s3cret-pass-9731");
    }

    @BeforeEach
    void login() {
        ApiLogin.asAdmin(client);
    }

    @AfterEach
    void logout() {
        ApiLogin.reset();
    }

    @Test
    void everyEndpointNeedsASessionExceptSettings() {
        RestAssured.requestSpecification = null;
        for (String path : List.of(
                "/api/v1/projects",
                "/api/v1/repositories",
                "/api/v1/clusters",
                "/api/v1/applications/x/events",
                "/api/v1/applications/x/manifests",
                "/api/v1/applications/x/revisions/HEAD/metadata",
                "/api/v1/stream/applications")) {
            given().get(path).then().statusCode(401).body("code", equalTo(16));
        }
        given().get("/api/v1/settings").then().statusCode(200);
    }

    /**
     * The security review's H3 (Argo's CVE-2024-22424): a same-site page can POST with the cookie and no
     * Content-Type (no preflight), and RESTEasy would parse the body as JSON. Every POST, PUT and PATCH
     * must say it is JSON (415 otherwise, nothing created), and a state-changing call from another
     * Origin, or Origin null, is 403.
     */
    @Test
    void apiWritesNeedJsonContentTypeAndTheirOwnOrigin() {
        RestAssured.requestSpecification = null;
        String cookie = ApiLogin.sessionCookie(client);
        String body = "{\"project\": {\"metadata\": {\"name\": \"csrf-made\"}, \"spec\": {}}}";
        // What a forging page sends: fetch(..., {mode: 'no-cors', credentials: 'include', body: bytes}), no
        // Content-Type.
        HttpResponse<String> bare =
                send(HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/api/v1/projects"))
                        .header("Cookie", "argocd.token=" + cookie)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build());
        assertThat(bare.request().headers().firstValue("Content-Type")).isEmpty();
        assertThat(bare.statusCode()).as(bare.body()).isEqualTo(415);
        assertThat(bare.body()).contains("Content-Type: application/json");
        for (String type :
                List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x")) {
            HttpResponse<String> r =
                    send(HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/api/v1/projects"))
                            .header("Cookie", "argocd.token=" + cookie)
                            .header("Content-Type", type)
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build());
            assertThat(r.statusCode()).as("POST with Content-Type %s", type).isEqualTo(415);
        }
        HttpResponse<String> sync = send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + RestAssured.port + "/api/v1/applications/any/sync"))
                .header("Cookie", "argocd.token=" + cookie)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(sync.statusCode())
                .as("a sync with no body and no Content-Type")
                .isEqualTo(415);
        assertThat(client.resources(AppProject.class)
                        .inNamespace(Apps.NAMESPACE)
                        .withName("csrf-made")
                        .get())
                .as("no forged request created the project")
                .isNull();
        for (String origin : List.of("http://evil.example", "null")) {
            given().cookie("argocd.token", cookie)
                    .header("Origin", origin)
                    .contentType(ContentType.JSON)
                    .body(body)
                    .post("/api/v1/projects")
                    .then()
                    .statusCode(403);
            given().cookie("argocd.token", cookie)
                    .header("Origin", origin)
                    .delete("/api/v1/projects/default")
                    .then()
                    .statusCode(403);
        }
        // The real thing: JSON from no Origin or our own, which reads as application/json; charset too.
        int port = RestAssured.port;
        given().cookie("argocd.token", cookie)
                .header("Origin", "http://localhost:" + port)
                .contentType("application/json; charset=utf-8")
                .body(body)
                .post("/api/v1/projects")
                .then()
                .statusCode(200);
        given().cookie("argocd.token", cookie)
                .delete("/api/v1/projects/csrf-made")
                .then()
                .statusCode(200);
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void projectsCanBeCreatedUpdatedAndDeletedAndDefaultAlwaysExists() {
        given().get("/api/v1/projects").then().statusCode(200).body("items.metadata.name", hasItem("default"));
        given().get("/api/v1/projects/default")
                .then()
                .statusCode(200)
                .body("spec.sourceRepos", hasItem("*"))
                .body("spec.destinations[0].namespace", equalTo("*"));
        given().delete("/api/v1/projects/team-a");
        String project = """
                {"project": {"metadata": {"name": "team-a"},
                  "spec": {"description": "Team A", "sourceRepos": ["%s"],
                           "destinations": [{"server": "https://kubernetes.default.svc", "namespace": "team-a-*"}]}}}""".formatted(repo.url());
        given().contentType(ContentType.JSON)
                .body(project)
                .post("/api/v1/projects")
                .then()
                .statusCode(200)
                .body("metadata.name", equalTo("team-a"))
                .body("spec.description", equalTo("Team A"));
        assertThat(client.resources(AppProject.class)
                        .inNamespace(Apps.NAMESPACE)
                        .withName("team-a")
                        .get())
                .isNotNull();
        String changed = project.replace("Team A", "Team A (changed)");
        given().contentType(ContentType.JSON)
                .body(changed)
                .post("/api/v1/projects")
                .then()
                .statusCode(400)
                .body("message", containsString("use upsert flag"));
        given().contentType(ContentType.JSON)
                .body(changed)
                .put("/api/v1/projects/team-a")
                .then()
                .statusCode(200)
                .body("spec.description", equalTo("Team A (changed)"));
        given().contentType(ContentType.JSON)
                .body(changed)
                .put("/api/v1/projects/other")
                .then()
                .statusCode(400);
        given().contentType(ContentType.JSON)
                .body("{\"project\": {\"metadata\": {\"name\": \"Bad_Name\"}}}")
                .post("/api/v1/projects")
                .then()
                .statusCode(400)
                .body("message", containsString("not a valid name"));

        // A project in use cannot go.
        new Apps(client).create("proj-user", repo.url(), "prod", ".", "team-a-1", "");
        client.resources(Application.class)
                .inNamespace(Apps.NAMESPACE)
                .withName("proj-user")
                .edit(a -> {
                    a.getSpec().setProject("team-a");
                    return a;
                });
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> given().delete("/api/v1/projects/team-a")
                        .then()
                        .statusCode(400)
                        .body("message", containsString("referenced by 1 application")));
        new Apps(client).delete("proj-user");
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () -> given().delete("/api/v1/projects/team-a").then().statusCode(200));
        given().get("/api/v1/projects/team-a").then().statusCode(404).body("code", equalTo(5));
    }

    @Test
    void repositoriesAreTestedStoredInLabelledSecretsAndNeverShowTheirCredentials() {
        String url = secretRepo.url();
        String encoded = URLEncoder.encode(url, StandardCharsets.UTF_8);
        given().urlEncodingEnabled(false).delete("/api/v1/repositories/" + encoded);

        Response wrong = given().contentType(ContentType.JSON)
                .body("{\"repo\": \"%s\", \"username\": \"alice\", \"password\": \"wrong-pass-5531\"}".formatted(url))
                .post("/api/v1/repositories");
        wrong.then()
                .statusCode(400)
                .body("message", containsString("Unable to connect to repository"))
                .body("message", containsString("refused the configured credentials"));
        assertThat(wrong.asString()).doesNotContain("wrong-pass-5531");
        assertThat(client.secrets()
                        .inNamespace(Apps.NAMESPACE)
                        .withLabel("argocd.argoproj.io/secret-type", "repository")
                        .list()
                        .getItems())
                .noneMatch(s -> s.getMetadata().getName().equals(RepositoryService.secretName(url)));

        given().contentType(ContentType.JSON)
                .body("{\"repo\": \"file:///etc\"}")
                .post("/api/v1/repositories")
                .then()
                .statusCode(400)
                .body("message", containsString("file"));
        given().contentType(ContentType.JSON)
                .body("{\"repo\": \"%s\", \"type\": \"svn\"}".formatted(url))
                .post("/api/v1/repositories")
                .then()
                .statusCode(400)
                .body("message", containsString("'git' or 'helm'"));
        given().contentType(ContentType.JSON)
                .body("{\"repo\": \"%s\", \"username\": \"alice\", \"password\": \"nope\"}".formatted(url))
                .urlEncodingEnabled(false)
                .post("/api/v1/repositories/" + encoded + "/validateaccess")
                .then()
                .statusCode(400);
        given().contentType(ContentType.JSON)
                .body("{\"repo\": \"%s\", \"username\": \"alice\", \"password\": \"s3cret-pass-9731\"}".formatted(url))
                .urlEncodingEnabled(false)
                .post("/api/v1/repositories/" + encoded + "/validateaccess")
                .then()
                .statusCode(200);

        Response added = given().contentType(ContentType.JSON)
                .body(
                        "{\"repo\": \"%s\", \"name\": \"private\", \"username\": \"alice\", \"password\": \"s3cret-pass-9731\"}"
                                .formatted(url))
                .post("/api/v1/repositories");
        added.then()
                .statusCode(200)
                .body("repo", equalTo(url))
                .body("connectionState.status", equalTo("Successful"))
                .body("password", nullValue())
                .body("hasCredentials", equalTo(true));
        Response listed = given().get("/api/v1/repositories");
        listed.then().statusCode(200).body("items.repo", hasItem(url));
        Response one = given().urlEncodingEnabled(false)
                .queryParam("forceRefresh", true)
                .get("/api/v1/repositories/" + encoded);
        one.then()
                .statusCode(200)
                .body("connectionState.status", equalTo("Successful"))
                .body("name", equalTo("private"));
        for (Response r : List.of(added, listed, one)) {
            assertThat(r.asString()).doesNotContain("s3cret-pass-9731");
        }
        var secret = client.secrets()
                .inNamespace(Apps.NAMESPACE)
                .withName(RepositoryService.secretName(url))
                .get();
        assertThat(secret.getMetadata().getLabels()).containsEntry("argocd.argoproj.io/secret-type", "repository");

        // The controller fetches with the stored credentials.
        Apps apps = new Apps(client);
        apps.create("private-app", url, "prod", ".", "private-app-ns", "");
        apps.awaitSyncAndHealth("private-app", "OutOfSync", "Missing");
        apps.delete("private-app");

        given().urlEncodingEnabled(false)
                .delete("/api/v1/repositories/" + encoded)
                .then()
                .statusCode(200);
        given().urlEncodingEnabled(false)
                .get("/api/v1/repositories/" + encoded)
                .then()
                .statusCode(404);
        assertThat(client.secrets()
                        .inNamespace(Apps.NAMESPACE)
                        .withName(RepositoryService.secretName(url))
                        .get())
                .isNull();
    }

    @Test
    void clustersListInClusterFirstAndHideClusterSecretsConfig() {
        client.resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("cluster-far")
                        .withNamespace(Apps.NAMESPACE)
                        .addToLabels("argocd.argoproj.io/secret-type", "cluster")
                        .endMetadata()
                        .addToStringData("name", "far")
                        .addToStringData("server", "https://far.example:6443")
                        .addToStringData("config", "{\"bearerToken\": \"tok-secret-4471\"}")
                        .build())
                .serverSideApply();
        Response clusters = given().get("/api/v1/clusters");
        clusters.then()
                .statusCode(200)
                .body("items[0].server", equalTo("https://kubernetes.default.svc"))
                .body("items[0].name", equalTo("in-cluster"))
                .body("items[0].connectionState.status", equalTo("Successful"))
                .body("items.name", hasItem("far"));
        assertThat(clusters.asString()).doesNotContain("tok-secret-4471").doesNotContain("bearerToken");
        given().urlEncodingEnabled(false)
                .get("/api/v1/clusters/" + URLEncoder.encode("https://kubernetes.default.svc", StandardCharsets.UTF_8))
                .then()
                .statusCode(200)
                .body("name", equalTo("in-cluster"));
        given().get("/api/v1/clusters/nowhere").then().statusCode(404);
        client.secrets().inNamespace(Apps.NAMESPACE).withName("cluster-far").delete();
    }

    @Test
    void settingsArePublicAndHoldNoSecrets() {
        var cm = client.configMaps()
                .inNamespace(Apps.NAMESPACE)
                .withName("sextant-cm")
                .get();
        var original = cm == null ? null : cm.getData();
        try {
            client.resource(new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName("sextant-cm")
                            .withNamespace(Apps.NAMESPACE)
                            .endMetadata()
                            .addToData("url", "https://sextant.example")
                            .addToData(
                                    "oidc.config",
                                    "name: Okta\nissuer: https://idp.example\nclientID: sextant\n"
                                            + "clientSecret: oidc-secret-8812\nrequestedScopes: [openid, groups]\n")
                            .addToData(
                                    "dex.config",
                                    "connectors:\n- type: github\n  name: GitHub\n  config:\n"
                                            + "    clientSecret: dex-secret-2291\n")
                            .build())
                    .serverSideApply();
            RestAssured.requestSpecification = null;
            // Answers are reused for 5 s (anyone may ask): the change shows within that.
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() ->
                            given().get("/api/v1/settings").then().body("url", equalTo("https://sextant.example")));
            Response settings = given().get("/api/v1/settings");
            settings.then()
                    .statusCode(200)
                    .body("url", equalTo("https://sextant.example"))
                    .body("oidcConfig.issuer", equalTo("https://idp.example"))
                    .body("oidcConfig.clientID", equalTo("sextant"))
                    .body("oidcConfig.scopes", hasItem("groups"))
                    .body("dexConfig.connectors[0].name", equalTo("GitHub"));
            assertThat(settings.asString())
                    .doesNotContain("oidc-secret-8812")
                    .doesNotContain("dex-secret-2291")
                    .doesNotContain("clientSecret");
        } finally {
            var restored = new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName("sextant-cm")
                    .withNamespace(Apps.NAMESPACE)
                    .endMetadata()
                    .withData(original)
                    .build();
            client.configMaps()
                    .inNamespace(Apps.NAMESPACE)
                    .withName("sextant-cm")
                    .delete();
            if (original != null) {
                client.resource(restored).create();
            }
        }
    }

    @Test
    void appEventsManifestsAndRevisionMetadata() {
        Apps apps = new Apps(client);
        apps.create("surface-kc", repo.url(), "prod", ".", "surface-kc", "");
        apps.awaitSyncAndHealth("surface-kc", "OutOfSync", "Missing");

        given().get("/api/v1/applications/surface-kc/manifests")
                .then()
                .statusCode(200)
                .body("manifests.size()", equalTo(9))
                .body("sourceType", equalTo("Directory"))
                .body("revision", equalTo(repo.headOf("prod")))
                .body("manifests", hasItem(containsString("dockercoins/worker:v0.1")));
        String sha = repo.replaceInFile(
                "stage",
                "worker-deployment.yaml",
                "dockercoins/worker:v0.1",
                "dockercoins/worker:v0.3",
                "Use worker v0.3\n\nThe body of the message.");
        given().queryParam("revision", "stage")
                .get("/api/v1/applications/surface-kc/manifests")
                .then()
                .statusCode(200)
                .body("revision", equalTo(sha))
                .body("manifests", hasItem(containsString("dockercoins/worker:v0.3")));
        given().queryParam("revision", "no-such-branch")
                .get("/api/v1/applications/surface-kc/manifests")
                .then()
                .statusCode(404)
                .body("message", containsString("no-such-branch"));

        given().get("/api/v1/applications/surface-kc/revisions/" + sha + "/metadata")
                .then()
                .statusCode(200)
                .body("message", containsString("Use worker v0.3"))
                .body("message", containsString("The body"))
                .body("author", containsString("<"))
                .body("date", not(equalTo("")));
        given().get("/api/v1/applications/surface-kc/revisions/stage/metadata")
                .then()
                .statusCode(200)
                .body("message", containsString("Use worker v0.3"));
        given().get("/api/v1/applications/nope/revisions/stage/metadata").then().statusCode(404);

        client.resource(new EventBuilder()
                        .withNewMetadata()
                        .withName("surface-kc.1")
                        .withNamespace(Apps.NAMESPACE)
                        .endMetadata()
                        .withNewInvolvedObject()
                        .withKind("Application")
                        .withName("surface-kc")
                        .withNamespace(Apps.NAMESPACE)
                        .withApiVersion("argoproj.io/v1alpha1")
                        .endInvolvedObject()
                        .withReason("OperationStarted")
                        .withMessage("Initiated automated sync")
                        .withType("Normal")
                        .build())
                .serverSideApply();
        given().get("/api/v1/applications/surface-kc/events")
                .then()
                .statusCode(200)
                .body("items.reason", hasItem("OperationStarted"))
                .body("items.message", hasItem("Initiated automated sync"));
        // The security review's M3: the Events of an object outside the app's resource tree are not for
        // its viewers (the same answer whether that object exists or not).
        client.resource(new EventBuilder()
                        .withNewMetadata()
                        .withName("elsewhere.1")
                        .withNamespace("default")
                        .endMetadata()
                        .withNewInvolvedObject()
                        .withKind("ConfigMap")
                        .withName("elsewhere")
                        .withNamespace("default")
                        .withApiVersion("v1")
                        .endInvolvedObject()
                        .withReason("Private")
                        .withMessage("not this app's")
                        .withType("Normal")
                        .build())
                .serverSideApply();
        for (String name : List.of("elsewhere", "no-such-object")) {
            Response outside = given().queryParam("resourceNamespace", "default")
                    .queryParam("resourceName", name)
                    .get("/api/v1/applications/surface-kc/events");
            assertThat(outside.statusCode()).isEqualTo(404);
            assertThat(outside.asString()).doesNotContain("not this app's").contains("is not part of application");
        }
        apps.delete("surface-kc");
    }

    @Test
    void listPagesAndTrimsFields() {
        Apps apps = new Apps(client);
        for (int i = 0; i < 5; i++) {
            apps.create("page-" + i, repo.url(), "prod", ".", "page-ns", "");
        }
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> given().queryParam("name", "page-4")
                        .get("/api/v1/applications")
                        .then()
                        .body("items.size()", equalTo(1)));
        List<String> seen = new ArrayList<>();
        String next = "page-"; // sorts before every page-N, after anything earlier
        while (true) {
            Response page =
                    given().queryParam("limit", 2).queryParam("continue", next).get("/api/v1/applications");
            page.then().statusCode(200);
            List<String> names = page.path("items.metadata.name");
            names.stream().filter(n -> n.startsWith("page-")).forEach(seen::add);
            next = page.path("metadata.continue");
            if (next == null || !names.stream().allMatch(n -> n.startsWith("page-"))) {
                break;
            }
        }
        assertThat(seen).containsExactly("page-0", "page-1", "page-2", "page-3", "page-4");
        given().queryParam("limit", -1).get("/api/v1/applications").then().statusCode(400);

        Response trimmed = given().queryParam("fields", "items.metadata.name,items.spec.source.targetRevision")
                .queryParam("name", "page-1")
                .get("/api/v1/applications");
        trimmed.then()
                .statusCode(200)
                .body("items[0].metadata.name", equalTo("page-1"))
                .body("items[0].spec.source.targetRevision", equalTo("prod"))
                .body("items[0].spec.destination", nullValue())
                .body("items[0].status", nullValue());
        given().queryParam("selector", "bad label!")
                .get("/api/v1/applications")
                .then()
                .statusCode(400)
                .body("message", containsString("invalid label selector"));
        for (int i = 0; i < 5; i++) {
            apps.delete("page-" + i);
        }
    }
}
