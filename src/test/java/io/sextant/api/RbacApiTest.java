package io.sextant.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.sextant.auth.Passwords;
import io.sextant.embedded.FixtureRepository;
import io.sextant.model.Application;
import io.sextant.testing.ApiLogin;
import io.sextant.testing.AppStream;
import io.sextant.testing.Apps;
import io.sextant.testing.TestbedResource;
import io.sextant.testing.WithGitServer;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Argo's RBAC over the API with local accounts: a deployer of project team-a sees and syncs only
 * team-a's apps and cannot delete them; a read-only user cannot sync; a forbidden app and a missing
 * one get the same answer; the application stream carries only permitted apps; a policy change in
 * sextant-rbac-cm applies without a restart.
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
class RbacApiTest extends WithGitServer {

    private static FixtureRepository repo;
    private static final String PASSWORD = "rbac-pass-3310";

    @Inject
    KubernetesClient client;

    @TestHTTPResource("/")
    URL base;

    @BeforeAll
    static void gitServer() {
        repo = FixtureRepository.create(git);
    }

    @AfterEach
    void reset() {
        RestAssured.requestSpecification = null;
    }

    private void policy(String csv, String defaultRole) {
        client.resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("sextant-rbac-cm")
                        .withNamespace(Apps.NAMESPACE)
                        .endMetadata()
                        .addToData("policy.csv", csv)
                        .addToData("policy.default", defaultRole)
                        .build())
                .serverSideApply();
    }

    private void accounts(String... names) {
        // Whichever test runs first on a fresh cluster finds no sextant-cm to patch.
        if (client.configMaps()
                        .inNamespace(Apps.NAMESPACE)
                        .withName("sextant-cm")
                        .get()
                == null) {
            client.resource(new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName("sextant-cm")
                            .withNamespace(Apps.NAMESPACE)
                            .endMetadata()
                            .build())
                    .create();
        }
        Map<String, String> cm = new HashMap<>();
        Map<String, String> secret = new HashMap<>();
        String hash = new Passwords().hash(PASSWORD);
        for (String name : names) {
            cm.put("accounts." + name, "login");
            secret.put(
                    "accounts." + name + ".password",
                    Base64.getEncoder().encodeToString(hash.getBytes(StandardCharsets.UTF_8)));
        }
        client.configMaps()
                .inNamespace(Apps.NAMESPACE)
                .withName("sextant-cm")
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        client.getKubernetesSerialization().asJson(Map.of("data", cm)));
        client.secrets()
                .inNamespace(Apps.NAMESPACE)
                .withName("sextant-secret")
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        client.getKubernetesSerialization().asJson(Map.of("data", secret)));
    }

    private String login(String user) {
        String[] token = new String[1];
        // The server reads accounts with a 5 s cache: ask every 2 s, so the few early refusals stay
        // under the login throttle's 5 failures.
        await().atMost(Duration.ofSeconds(15))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    Response r = given().contentType(ContentType.JSON)
                            .body("{\"username\": \"" + user + "\", \"password\": \"" + PASSWORD + "\"}")
                            .post("/api/v1/session");
                    assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
                    token[0] = r.path("token");
                });
        return token[0];
    }

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    @AfterAll
    static void clearPolicy() {
        // the next test class starts from the built-in policy
    }

    @Test
    void projectScopedDeployerReadonlyUserAndIdenticalAnswers() throws Exception {
        if (client.configMaps()
                        .inNamespace(Apps.NAMESPACE)
                        .withName("sextant-cm")
                        .get()
                == null) {
            client.resource(new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName("sextant-cm")
                            .withNamespace(Apps.NAMESPACE)
                            .endMetadata()
                            .build())
                    .create();
        }
        accounts("alice", "carol");
        policy("""
                p, role:deployer, applications, get, team-a/*, allow
                p, role:deployer, applications, sync, team-a/*, allow
                g, alice, role:deployer
                g, carol, role:readonly
                """, "");
        Apps apps = new Apps(client);
        for (String team : List.of("a", "b")) {
            apps.create("rbac-" + team, repo.url(), "prod", ".", "rbac-" + team, "");
            client.resources(Application.class)
                    .inNamespace(Apps.NAMESPACE)
                    .withName("rbac-" + team)
                    .edit(a -> {
                        a.getSpec().setProject("team-" + team);
                        return a;
                    });
        }
        try {
            String alice = login("alice");
            String carol = login("carol");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                List<String> names = as(alice).get("/api/v1/applications").path("items.metadata.name");
                assertThat(names).contains("rbac-a").doesNotContain("rbac-b");
            });

            Response forbidden = as(alice).get("/api/v1/applications/rbac-b");
            Response missing = as(alice).get("/api/v1/applications/rbac-nowhere");
            forbidden.then().statusCode(403).body("code", equalTo(7)).body("message", equalTo("permission denied"));
            assertThat(missing.statusCode()).isEqualTo(forbidden.statusCode());
            assertThat(missing.asString()).isEqualTo(forbidden.asString());
            Response forbiddenSync =
                    as(alice).contentType(ContentType.JSON).body("{}").post("/api/v1/applications/rbac-b/sync");
            Response missingSync =
                    as(alice).contentType(ContentType.JSON).body("{}").post("/api/v1/applications/rbac-nowhere/sync");
            assertThat(missingSync.statusCode()).isEqualTo(403);
            assertThat(missingSync.asString()).isEqualTo(forbiddenSync.asString());
            for (String path : List.of("managed-resources", "resource-tree", "events", "manifests")) {
                as(alice).get("/api/v1/applications/rbac-b/" + path).then().statusCode(403);
            }
            // Clusters too (anchor case 19): one alice may not see answers as one that does not exist.
            Response forbiddenCluster = as(alice).get("/api/v1/clusters/in-cluster");
            Response missingCluster = as(alice).get("/api/v1/clusters/no-such-cluster");
            assertThat(forbiddenCluster.statusCode())
                    .isEqualTo(missingCluster.statusCode())
                    .isEqualTo(404);
            assertThat(forbiddenCluster.asString().replace("in-cluster", "NAME"))
                    .isEqualTo(missingCluster.asString().replace("no-such-cluster", "NAME"));
            assertThat(as(carol).get("/api/v1/clusters/in-cluster").statusCode())
                    .as("readonly may see it")
                    .isEqualTo(200);

            as(alice).get("/api/v1/applications/rbac-a").then().statusCode(200);
            as(alice)
                    .contentType(ContentType.JSON)
                    .body("{\"dryRun\": true}")
                    .post("/api/v1/applications/rbac-a/sync")
                    .then()
                    .statusCode(200);
            as(alice).delete("/api/v1/applications/rbac-a").then().statusCode(403);
            assertThat(apps.get("rbac-a")).isNotNull();

            as(carol).get("/api/v1/applications/rbac-b").then().statusCode(200);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> apps.get("rbac-a").getOperation() == null);
            as(carol)
                    .contentType(ContentType.JSON)
                    .body("{}")
                    .post("/api/v1/applications/rbac-a/sync")
                    .then()
                    .statusCode(403);
            as(carol)
                    .contentType(ContentType.JSON)
                    .body("{\"repo\": \"" + repo.url() + "\"}")
                    .post("/api/v1/repositories")
                    .then()
                    .statusCode(403);
            as(carol).delete("/api/v1/projects/default").then().statusCode(403);

            // The stream carries only what alice may see.
            List<String> seen = AppStream.linesAround(
                    base.toURI(),
                    alice,
                    () -> client.resources(Application.class)
                            .inNamespace(Apps.NAMESPACE)
                            .withName("rbac-b")
                            .edit(a -> {
                                a.getMetadata().setLabels(Map.of("touched", "yes"));
                                return a;
                            }),
                    "\"name\":\"rbac-a\"");
            assertThat(seen).noneMatch(l -> l.contains("rbac-b"));

            // A policy change applies without a restart.
            policy("""
                    p, role:deployer, applications, get, team-*/*, allow
                    g, alice, role:deployer
                    """, "");
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() ->
                            as(alice).get("/api/v1/applications/rbac-b").then().statusCode(200));
            // Admin is not limited by any of it.
            as(ApiLogin.asAdmin(client))
                    .get("/api/v1/applications/rbac-nowhere")
                    .then()
                    .statusCode(404);
        } finally {
            RestAssured.requestSpecification = null;
            client.configMaps()
                    .inNamespace(Apps.NAMESPACE)
                    .withName("sextant-rbac-cm")
                    .delete();
            apps.delete("rbac-a");
            apps.delete("rbac-b");
        }
    }

    /**
     * The security review's C1: a request carries one identity. A failed or empty Bearer token next
     * to a valid cookie of a user with no role was served as Sextant itself (every app, every
     * button, deletes). Now it is 401 on pages and API alike, and so are a Bearer and a cookie of two
     * different users; the cookie alone still gets exactly that user's rights.
     */
    @Test
    void aFailedBearerBesideAValidCookieIsRefusedNeverServedAsSextant() {
        if (client.configMaps()
                        .inNamespace(Apps.NAMESPACE)
                        .withName("sextant-cm")
                        .get()
                == null) {
            client.resource(new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName("sextant-cm")
                            .withNamespace(Apps.NAMESPACE)
                            .endMetadata()
                            .build())
                    .create();
        }
        accounts("dave", "erin");
        policy("g, erin, role:readonly\n", "");
        Apps apps = new Apps(client);
        apps.create("rbac-c1", repo.url(), "prod", ".", "rbac-c1", "");
        try {
            String dave = login("dave");
            String erin = login("erin");
            String page = given().cookie("argocd.token", dave)
                    .get("/applications")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertThat(page).as("a user with no role sees no app").doesNotContain("rbac-c1");
            Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
            assertThat(m.find()).isTrue();
            String csrf = m.group(1);

            for (String bearer : List.of("Bearer x", "Bearer ", "Basic YWRtaW46eA==", "Bearer " + erin)) {
                Response list = given().redirects()
                        .follow(false)
                        .header("Authorization", bearer)
                        .cookie("argocd.token", dave)
                        .get("/applications");
                assertThat(list.statusCode())
                        .as("GET /applications with %s and a valid cookie", bearer)
                        .isEqualTo(401);
                assertThat(list.asString()).doesNotContain("rbac-c1");
                Response delete = given().redirects()
                        .follow(false)
                        .header("Authorization", bearer)
                        .cookie("argocd.token", dave)
                        .contentType("application/x-www-form-urlencoded")
                        .formParam("_csrf", csrf)
                        .formParam("cascade", "foreground")
                        .post("/applications/rbac-c1/delete");
                assertThat(delete.statusCode())
                        .as("POST delete with %s and a valid cookie", bearer)
                        .isEqualTo(401);
                given().header("Authorization", bearer)
                        .cookie("argocd.token", dave)
                        .get("/api/v1/applications")
                        .then()
                        .statusCode(401);
            }
            // The cookie alone: dave's own rights, which are none.
            given().redirects()
                    .follow(false)
                    .cookie("argocd.token", dave)
                    .contentType("application/x-www-form-urlencoded")
                    .formParam("_csrf", csrf)
                    .formParam("cascade", "foreground")
                    .post("/applications/rbac-c1/delete")
                    .then()
                    .statusCode(403);
            assertThat(apps.get("rbac-c1")).as("nothing deleted the app").isNotNull();
            // The security review's M1: REFRESH APPS on the list page checks RBAC per app, and a forbidden
            // app reads exactly like a missing one.
            Function<String, Response> bulkRefresh = app -> given().redirects()
                    .follow(false)
                    .cookie("argocd.token", dave)
                    .contentType("application/x-www-form-urlencoded")
                    .formParam("_csrf", csrf)
                    .formParam("action", "refresh")
                    .formParam("hard", "on")
                    .formParam("app", app)
                    .post("/bulk-actions");
            Response forbiddenRefresh = bulkRefresh.apply("rbac-c1");
            Response missingRefresh = bulkRefresh.apply("rbac-c1-nowhere");
            assertThat(forbiddenRefresh.statusCode()).isEqualTo(409);
            assertThat(forbiddenRefresh.asString()).contains("rbac-c1: permission denied");
            assertThat(missingRefresh.asString()).contains("rbac-c1-nowhere: permission denied");
            // L8: the delete dialog does not open for an app the user cannot see, exactly as for a missing one.
            String dialogForbidden = given().cookie("argocd.token", dave)
                    .queryParam("delete", "rbac-c1")
                    .get("/applications")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertThat(dialogForbidden).doesNotContain("non-cascading");
            var annotations = apps.get("rbac-c1").getMetadata().getAnnotations();
            assertThat(annotations == null ? Map.<String, String>of() : annotations)
                    .doesNotContainEntry("argocd.argoproj.io/refresh", "hard");
            List<String> seen = given().cookie("argocd.token", dave)
                    .get("/api/v1/applications")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("items.metadata.name");
            assertThat(seen == null ? List.<String>of() : seen).doesNotContain("rbac-c1");
            // A matching Bearer and cookie are one identity and fine (erin's role comes with the policy reload).
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> as(erin).cookie("argocd.token", erin)
                            .get("/api/v1/applications/rbac-c1")
                            .then()
                            .statusCode(200));
        } finally {
            client.configMaps()
                    .inNamespace(Apps.NAMESPACE)
                    .withName("sextant-rbac-cm")
                    .delete();
            apps.delete("rbac-c1");
        }
    }

    /**
     * The security review's L3: an open stream ends once its session is logged out; it carries no
     * change made after that.
     */
    @Test
    void anOpenStreamEndsOnceItsSessionIsLoggedOut() throws Exception {
        accounts("frank");
        policy("g, frank, role:readonly\n", "");
        Apps apps = new Apps(client);
        apps.create("rbac-l3", repo.url(), "prod", ".", "rbac-l3", "");
        try {
            String frank = login("frank");
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() ->
                            as(frank).get("/api/v1/applications/rbac-l3").then().statusCode(200));
            HttpResponse<InputStream> stream = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(base.toURI().resolve("api/v1/stream/applications"))
                                    .header("Authorization", "Bearer " + frank)
                                    .build(),
                            HttpResponse.BodyHandlers.ofInputStream());
            List<String> seen = Collections.synchronizedList(new ArrayList<>());
            Thread reader = new Thread(() -> {
                try (var lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        seen.add(line);
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            reader.setDaemon(true);
            reader.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.stream().anyMatch(l -> l.contains("rbac-l3")));
            as(frank).delete("/api/v1/session").then().statusCode(200);
            Thread.sleep(5_500); // past the stream's session re-check period
            client.resources(Application.class)
                    .inNamespace(Apps.NAMESPACE)
                    .withName("rbac-l3")
                    .edit(a -> {
                        a.getMetadata().setLabels(Map.of("touched", "after-logout"));
                        return a;
                    });
            await().atMost(Duration.ofSeconds(10)).until(() -> !reader.isAlive());
            assertThat(seen).noneMatch(l -> l.contains("after-logout"));
        } finally {
            client.configMaps()
                    .inNamespace(Apps.NAMESPACE)
                    .withName("sextant-rbac-cm")
                    .delete();
            apps.delete("rbac-l3");
        }
    }

    /** Previewing a set's apps is allowed to whoever may create the set, as in Argo CD: not to readonly. */
    @Test
    void generatingASetsAppsNeedsTheRightToCreateIt() {
        accounts("gina");
        policy("g, gina, role:readonly\n", "");
        String body = """
                {"applicationSet": {"apiVersion": "argoproj.io/v1alpha1", "kind": "ApplicationSet",
                  "metadata": {"name": "preview"},
                  "spec": {"generators": [{"list": {"elements": [{"env": "a"}]}}],
                           "template": {"metadata": {"name": "preview-{{env}}"},
                                        "spec": {"project": "default", "source": {"repoURL": "https://x.invalid/r"},
                                                 "destination": {"server": "https://kubernetes.default.svc"}}}}}}""";
        try {
            String gina = login("gina");
            as(gina).contentType("application/json")
                    .body(body)
                    .post("/api/v1/applicationsets/generate")
                    .then()
                    .statusCode(403);
            policy("p, gina, applicationsets, create, default/*, allow\n", "");
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> as(gina).contentType("application/json")
                            .body(body)
                            .post("/api/v1/applicationsets/generate")
                            .then()
                            .statusCode(200)
                            .body("applications[0].metadata.name", org.hamcrest.Matchers.equalTo("preview-a")));
        } finally {
            client.configMaps()
                    .inNamespace(Apps.NAMESPACE)
                    .withName("sextant-rbac-cm")
                    .delete();
        }
    }
}
