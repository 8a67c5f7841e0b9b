package io.sextant.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.sextant.embedded.FixtureRepository;
import io.sextant.testing.ApiLogin;
import io.sextant.testing.Apps;
import io.sextant.testing.TestbedResource;
import io.sextant.testing.WithGitServer;
import jakarta.inject.Inject;
import java.time.Duration;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The applications API over real HTTP, as a client written for Argo CD's REST API uses it: create,
 * list, get with refresh, update the spec, sync, rollback, terminate, delete with cascade, and the
 * error bodies.
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
class ApplicationsApiTest extends WithGitServer {

    private static FixtureRepository repo;

    @Inject
    KubernetesClient client;

    @BeforeAll
    static void gitServer() throws Exception {
        repo = FixtureRepository.create(git);
    }

    @BeforeEach
    void login() {
        ApiLogin.asAdmin(client);
    }

    @AfterEach
    void logoutOfRestAssured() {
        ApiLogin.reset();
    }

    private String app(String name, String ns, String revision) {
        return """
                {"metadata": {"name": "%s"},
                 "spec": {"project": "default",
                          "source": {"repoURL": "%s", "path": ".", "targetRevision": "%s"},
                          "destination": {"server": "https://kubernetes.default.svc", "namespace": "%s"},
                          "syncPolicy": {"syncOptions": ["CreateNamespace=true"]}}}""".formatted(name, repo.url(), revision, ns);
    }

    @Test
    void createListGetSyncRollbackAndDeleteLikeArgoClients() {
        Apps apps = new Apps(client);
        String ns = "api-kubercoins";
        client.namespaces().withName(ns).delete();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> client.namespaces().withName(ns).get() == null);
        apps.delete("api-kc");
        await().atMost(Duration.ofSeconds(30)).until(() -> apps.get("api-kc") == null);

        given().contentType(ContentType.JSON)
                .body(app("api-kc", ns, "prod"))
                .post("/api/v1/applications")
                .then()
                .statusCode(200)
                .body("metadata.name", equalTo("api-kc"))
                .body("spec.source.targetRevision", equalTo("prod"));
        given().contentType(ContentType.JSON)
                .body(app("api-kc", ns, "prod"))
                .post("/api/v1/applications")
                .then()
                .statusCode(200); // the same spec again is fine
        given().contentType(ContentType.JSON)
                .body(app("api-kc", ns, "stage"))
                .post("/api/v1/applications")
                .then()
                .statusCode(400)
                .body("code", equalTo(9))
                .body("message", containsString("use upsert flag"))
                .body("error", containsString("use upsert flag"));
        given().contentType(ContentType.JSON)
                .body(app("api-kc", ns, "stage"))
                .queryParam("upsert", true)
                .post("/api/v1/applications")
                .then()
                .statusCode(200)
                .body("spec.source.targetRevision", equalTo("stage"));

        given().get("/api/v1/applications").then().statusCode(200).body("items.metadata.name", hasItem("api-kc"));
        given().queryParam("name", "api-kc")
                .get("/api/v1/applications")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(1));
        given().queryParam("projects", "other")
                .get("/api/v1/applications")
                .then()
                .statusCode(200)
                .body("items.metadata.name", not(hasItem("api-kc")));
        given().queryParam("repo", repo.url().replace(".git", ""))
                .get("/api/v1/applications")
                .then()
                .statusCode(200)
                .body("items.metadata.name", hasItem("api-kc"));

        given().queryParam("refresh", "normal")
                .get("/api/v1/applications/api-kc")
                .then()
                .statusCode(200)
                .body("status.sync.status", equalTo("OutOfSync"))
                .body("metadata.annotations", not(Matchers.hasKey("argocd.argoproj.io/refresh")));

        given().contentType(ContentType.JSON)
                .body("{\"prune\": false}")
                .post("/api/v1/applications/api-kc/sync")
                .then()
                .statusCode(200)
                .body("operation.sync.prune", equalTo(false));
        OperationStateWait.awaitPhase("api-kc", "Succeeded");
        apps.awaitSyncAndHealth("api-kc", "Synced", "Healthy");

        given().get("/api/v1/applications/api-kc/managed-resources")
                .then()
                .statusCode(200)
                .body(
                        "items.find { it.kind == 'Deployment' && it.name == 'worker' }.targetState",
                        containsString("dockercoins/worker:v0.1"))
                .body(
                        "items.find { it.kind == 'Deployment' && it.name == 'worker' }.liveState",
                        containsString("dockercoins/worker:v0.1"));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().get("/api/v1/applications/api-kc/resource-tree")
                        .then()
                        .statusCode(200)
                        .body("nodes.kind", hasItem("ReplicaSet"))
                        .body("nodes.kind", hasItem("Pod"))
                        .body("nodes.find { it.kind == 'ReplicaSet' }.parentRefs[0].kind", equalTo("Deployment")));

        given().contentType(ContentType.JSON)
                .body("{}")
                .post("/api/v1/applications/api-kc/rollback")
                .then()
                .statusCode(400)
                .body("code", equalTo(3))
                .body("message", containsString("history id"));
        given().contentType(ContentType.JSON)
                .body("{\"id\": 42}")
                .post("/api/v1/applications/api-kc/rollback")
                .then()
                .statusCode(404)
                .body("code", equalTo(5))
                .body("message", containsString("no history id 42"));
        given().delete("/api/v1/applications/api-kc/operation")
                .then()
                .statusCode(404)
                .body("message", containsString("No operation is in progress"));

        given().contentType(ContentType.JSON)
                .body("""
                {"project": "default", "source": {"repoURL": "%s", "path": ".", "targetRevision": "prod"},
                 "destination": {"server": "https://kubernetes.default.svc", "namespace": "%s"},
                 "syncPolicy": {"syncOptions": ["CreateNamespace=true"]}}""".formatted(repo.url(), ns))
                .put("/api/v1/applications/api-kc/spec")
                .then()
                .statusCode(200)
                .body("source.targetRevision", equalTo("prod"));

        given().queryParam("cascade", true)
                .delete("/api/v1/applications/api-kc")
                .then()
                .statusCode(200);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(apps.get("api-kc"))
                    .as("the app goes once its resources are gone")
                    .isNull();
            assertThat(client.apps().deployments().inNamespace(ns).list().getItems())
                    .isEmpty();
        });
    }

    @Test
    void errorsHaveArgosShape() {
        given().get("/api/v1/applications/no-such-app")
                .then()
                .statusCode(404)
                .contentType(ContentType.JSON)
                .body("code", equalTo(5))
                .body("message", containsString("no-such-app"));
        given().contentType(ContentType.JSON)
                .body("{not json")
                .post("/api/v1/applications")
                .then()
                .statusCode(400)
                .body("code", equalTo(3));
        given().contentType(ContentType.JSON)
                .body("{\"metadata\": {\"name\": \"Bad_Name\"}, \"spec\": {}}")
                .post("/api/v1/applications")
                .then()
                .statusCode(400)
                .body("code", equalTo(3))
                .body("message", containsString("not a valid name"));
        given().contentType(ContentType.JSON)
                .body("{\"metadata\": {\"name\": \"no-spec\"}}")
                .post("/api/v1/applications")
                .then()
                .statusCode(400)
                .body("message", containsString("spec is required"));
        given().queryParam("refresh", "sometimes")
                .get("/api/v1/applications/no-such-app")
                .then()
                .statusCode(400);
        given().get("/api/version").then().statusCode(200).body("Version", containsString("sextant"));
    }

    /** Polls the app through the API, as a client waiting for its sync does. */
    static final class OperationStateWait {
        static void awaitPhase(String name, String phase) {
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> given().get("/api/v1/applications/" + name)
                            .then()
                            .statusCode(200)
                            .body("status.operationState.phase", equalTo(phase))
                            .body("operation", Matchers.nullValue()));
        }
    }
}
