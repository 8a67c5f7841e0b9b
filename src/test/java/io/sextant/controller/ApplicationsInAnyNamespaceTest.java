package io.sextant.controller;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.sextant.model.AppProject;
import io.sextant.model.Application;
import io.sextant.model.ApplicationCondition;
import io.sextant.repo.TreeCommit;
import io.sextant.testing.ApiLogin;
import io.sextant.testing.Apps;
import io.sextant.testing.TestbedResource;
import io.sextant.testing.WithGitServer;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Argo CD's "Applications in any namespace" on the testbed, with the test profile's
 * {@code sextant.application-namespaces=argocd,apps-*}: an app in namespace {@code argocd} whose project
 * lists that namespace in {@code sourceNamespaces} syncs, its resources tracked as
 * {@code argocd_<name>} (Argo CD's instance name), and lives beside an app of the same name in the
 * control plane without either touching the other's resources; an app in a served namespace its
 * project does not allow gets a condition saying what to fix and is never synced; an app in a
 * namespace not served is never synced and gets one condition naming the setting, unless another
 * controller already wrote its status, which is then never touched.
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
class ApplicationsInAnyNamespaceTest extends WithGitServer {

    private static String url;

    @Inject
    KubernetesClient client;

    @BeforeAll
    static void repository() throws Exception {
        Path bare = git.addAnonymous("any-namespace");
        url = git.url("any-namespace");
        TreeCommit.tree()
                .file("a/cm.yaml", SyncRulesTest.configMap("greeting", "", "hello"))
                .commitTo(bare, "main");
    }

    private void namespace(String name) {
        client.resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .build())
                .serverSideApply();
    }

    private void project(String sourceNamespaces) {
        AppProject p = client.getKubernetesSerialization()
                .unmarshal("""
                apiVersion: argoproj.io/v1alpha1
                kind: AppProject
                metadata: {name: tenants, namespace: %s}
                spec:
                  sourceRepos: ['*']
                  sourceNamespaces: %s
                  destinations: [{server: https://kubernetes.default.svc, namespace: 'tenant-*'}]
                """.formatted(Apps.NAMESPACE, sourceNamespaces), AppProject.class);
        client.resource(p).forceConflicts().serverSideApply();
    }

    private Application create(String namespace, String name, String destination) {
        Application app = client.getKubernetesSerialization()
                .unmarshal("""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata:
                  name: %s
                  namespace: %s
                  finalizers: [resources-finalizer.argocd.argoproj.io]
                spec:
                  project: tenants
                  source: {repoURL: '%s', path: a, targetRevision: main}
                  destination: {server: https://kubernetes.default.svc, namespace: %s}
                  syncPolicy: {automated: {prune: true, selfHeal: true}, syncOptions: [CreateNamespace=true]}
                """.formatted(name, namespace, url, destination), Application.class);
        return client.resource(app).create();
    }

    /** The New application panel's POST, as the browser sends it, for an app of project tenants. */
    private static Response newAppForm(String cookie, String csrf, String name, String appNamespace) {
        return given().cookie("argocd.token", cookie)
                .redirects()
                .follow(false)
                .contentType("application/x-www-form-urlencoded")
                .formParam("_csrf", csrf)
                .formParam("name", name)
                .formParam("appNamespace", appNamespace)
                .formParam("project", "tenants")
                .formParam("syncPolicy", "Manual")
                .formParam("repoURL", url)
                .formParam("revision", "main")
                .formParam("path", "a")
                .formParam("cluster", "https://kubernetes.default.svc")
                .formParam("namespace", "tenant-formed")
                .post("/applications");
    }

    private Application get(String namespace, String name) {
        return client.resources(Application.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    private static List<String> invalidSpec(Application a) {
        if (a == null || a.getStatus() == null || a.getStatus().getConditions() == null) {
            return List.of();
        }
        return a.getStatus().getConditions().stream()
                .filter(c -> "InvalidSpecError".equals(c.getType()))
                .map(ApplicationCondition::getMessage)
                .toList();
    }

    private String trackingId(String namespace) {
        var cm = client.configMaps().inNamespace(namespace).withName("greeting").get();
        return cm == null ? null : cm.getMetadata().getAnnotations().get("argocd.argoproj.io/tracking-id");
    }

    @Test
    void anAppInAServedNamespaceItsProjectAllowsSyncsBesideItsNamesakeInTheControlPlane() throws Exception {
        for (String ns : List.of("argocd", "apps-denied", "not-served")) {
            namespace(ns);
        }
        project("[argocd]");
        try {
            create("argocd", "guest", "tenant-argocd");
            create(Apps.NAMESPACE, "guest", "tenant-control");
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                for (Application a : List.of(get("argocd", "guest"), get(Apps.NAMESPACE, "guest"))) {
                    assertThat(a.getStatus()).isNotNull();
                    assertThat(a.getStatus().getSync().getStatus())
                            .as(a.getMetadata().getNamespace())
                            .isEqualTo("Synced");
                    assertThat(a.getStatus().getOperationState().getPhase()).isEqualTo("Succeeded");
                }
            });
            // Argo CD's instance name tracks what the app in argocd deployed; the namesake keeps its plain name.
            assertThat(trackingId("tenant-argocd")).isEqualTo("argocd_guest:/ConfigMap:tenant-argocd/greeting");
            assertThat(trackingId("tenant-control")).isEqualTo("guest:/ConfigMap:tenant-control/greeting");
            assertThat(get("argocd", "guest").getStatus().getResources())
                    .singleElement()
                    .satisfies(r -> assertThat(r.getNamespace()).isEqualTo("tenant-argocd"));
            assertThat(get(Apps.NAMESPACE, "guest").getStatus().getResources())
                    .singleElement()
                    .satisfies(r -> assertThat(r.getNamespace()).isEqualTo("tenant-control"));

            // The API names the app in argocd as Argo CD's does: appNamespace beside the name.
            ApiLogin.asAdmin(client);
            given().queryParam("appNamespace", "argocd")
                    .get("/api/v1/applications")
                    .then()
                    .statusCode(200)
                    .body("items.metadata.namespace", everyItem(equalTo("argocd")))
                    .body("items.metadata.name", hasItem("guest"));
            given().get("/api/v1/applications")
                    .then()
                    .statusCode(200)
                    .body("items.metadata.namespace", hasItem("argocd"))
                    .body("items.metadata.namespace", hasItem(Apps.NAMESPACE));
            given().queryParam("appNamespace", "argocd")
                    .get("/api/v1/applications/guest")
                    .then()
                    .statusCode(200)
                    .body("metadata.namespace", equalTo("argocd"))
                    .body("spec.destination.namespace", equalTo("tenant-argocd"));
            given().get("/api/v1/applications/guest")
                    .then()
                    .statusCode(200)
                    .body("metadata.namespace", equalTo(Apps.NAMESPACE))
                    .body("spec.destination.namespace", equalTo("tenant-control"));
            given().queryParam("appNamespace", "argocd")
                    .get("/api/v1/applications/guest/resource-tree")
                    .then()
                    .statusCode(200)
                    .body("nodes.namespace", hasItem("tenant-argocd"))
                    .body("nodes.namespace", Matchers.not(hasItem("tenant-control")));
            given().queryParam("appNamespace", "not-served")
                    .get("/api/v1/applications/guest")
                    .then()
                    .statusCode(400)
                    .body("message", containsString("namespace 'not-served' are not served"))
                    .body("message", containsString("sextant.application-namespaces"));
            given().contentType(ContentType.JSON)
                    .queryParam("appNamespace", "argocd")
                    .body("{\"prune\": true}")
                    .post("/api/v1/applications/guest/sync")
                    .then()
                    .statusCode(200)
                    .body("metadata.namespace", equalTo("argocd"))
                    .body("operation.sync.prune", equalTo(true));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> get("argocd", "guest").getOperation() == null
                            && "Succeeded"
                                    .equals(get("argocd", "guest")
                                            .getStatus()
                                            .getOperationState()
                                            .getPhase())
                            && get("argocd", "guest")
                                            .getStatus()
                                            .getOperationState()
                                            .getOperation()
                                            .getInitiatedBy()
                                    != null
                            && "admin"
                                    .equals(get("argocd", "guest")
                                            .getStatus()
                                            .getOperationState()
                                            .getOperation()
                                            .getInitiatedBy()
                                            .getUsername()));
            // Creating through the API in a namespace the project does not list is refused, saying what to fix.
            given().contentType(ContentType.JSON)
                    .body("""
                    {"metadata": {"name": "guest", "namespace": "apps-denied"},
                     "spec": {"project": "tenants", "source": {"repoURL": "%s", "path": "a", "targetRevision": "main"},
                              "destination": {"server": "https://kubernetes.default.svc", "namespace": "tenant-denied"}}}""".formatted(url))
                    .post("/api/v1/applications")
                    .then()
                    .statusCode(400)
                    .body("message", containsString("sourceNamespaces"));
            // The dashboard's page of the app in argocd is its own, not its namesake's.
            String cookie = ApiLogin.sessionCookie(client);
            given().cookie("argocd.token", cookie)
                    .get("/applications/argocd_guest")
                    .then()
                    .statusCode(200)
                    .body(containsString("tenant-argocd"))
                    .body(containsString("<h1>argocd/guest</h1>")); // Argo CD's qualified name, not the key
            String list = given().cookie("argocd.token", cookie)
                    .get("/applications?view=list")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertThat(list)
                    .contains("<a href=\"/applications/argocd_guest\">argocd/guest</a>")
                    .contains("<a href=\"/applications/guest\">guest</a>");
            // The New application panel names the Application's namespace; the page it leads to is that app's.
            Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(list);
            assertThat(csrf.find()).isTrue();
            newAppForm(cookie, csrf.group(1), "formed", "argocd")
                    .then()
                    .statusCode(303)
                    .header("Location", Matchers.endsWith("/applications/argocd_formed"));
            assertThat(get("argocd", "formed")).isNotNull();
            assertThat(get(Apps.NAMESPACE, "formed")).isNull();
            newAppForm(cookie, csrf.group(1), "formed2", "apps-denied")
                    .then()
                    .statusCode(409)
                    .body(containsString("sourceNamespaces"));
            client.resources(Application.class)
                    .inNamespace("argocd")
                    .withName("formed")
                    .delete();

            // A served namespace the project does not list: a condition says what to fix; nothing is synced.
            create("apps-denied", "guest", "tenant-denied");
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(invalidSpec(get("apps-denied", "guest")))
                            .singleElement()
                            .asString()
                            .contains("namespace 'apps-denied' is not permitted in project 'tenants'")
                            .contains("sourceNamespaces"));
            // A namespace not served: nothing synced; only a condition says why (nobody else had written a status).
            create("not-served", "guest", "tenant-not-served");

            // Deleting the app in argocd (through the API) deletes what it deployed, never its namesake's.
            given().queryParam("appNamespace", "argocd")
                    .delete("/api/v1/applications/guest")
                    .then()
                    .statusCode(200);
            await().atMost(Duration.ofSeconds(60)).until(() -> get("argocd", "guest") == null);
            await().atMost(Duration.ofSeconds(30)).until(() -> trackingId("tenant-argocd") == null);
            assertThat(trackingId("tenant-control")).isEqualTo("guest:/ConfigMap:tenant-control/greeting");
            assertThat(get(Apps.NAMESPACE, "guest").getStatus().getSync().getStatus())
                    .isEqualTo("Synced");

            // Settled past a refresh: the refused and unserved apps stayed as they were.
            assertThat(client.namespaces().withName("tenant-denied").get()).isNull();
            assertThat(client.namespaces().withName("tenant-not-served").get()).isNull();
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> !invalidSpec(get("not-served", "guest")).isEmpty());
            Application unserved = get("not-served", "guest");
            // Told why, and nothing else: no sync status, no reconciledAt, no label, its finalizer left alone.
            assertThat(invalidSpec(unserved))
                    .singleElement()
                    .asString()
                    .contains("namespace 'not-served' is not served")
                    .contains("sextant.application-namespaces");
            assertThat(unserved.getStatus().getSync()).isNull();
            assertThat(unserved.getStatus().getReconciledAt()).isNull();
            // One another controller reconciles (it has a status of its own) is never written.
            Application foreign = client.getKubernetesSerialization().unmarshal("""
                    apiVersion: argoproj.io/v1alpha1
                    kind: Application
                    metadata: {name: foreign, namespace: not-served}
                    spec:
                      project: tenants
                      source: {repoURL: '%s', path: a, targetRevision: main}
                      destination: {server: https://kubernetes.default.svc, namespace: tenant-not-served}
                    status: {sync: {status: Synced}, reconciledAt: '2026-01-01T00:00:00Z'}
                    """.formatted(url), Application.class);
            client.resource(foreign).create();
            Thread.sleep(3000);
            Application foreignNow = get("not-served", "foreign");
            assertThat(foreignNow.getStatus().getReconciledAt()).isEqualTo("2026-01-01T00:00:00Z");
            assertThat(foreignNow.getStatus().getConditions())
                    .as("another controller's app is not told anything")
                    .isNullOrEmpty();
            assertThat(unserved.getMetadata().getFinalizers())
                    .containsExactly("resources-finalizer.argocd.argoproj.io");
            assertThat(unserved.getMetadata().getLabels()).isNullOrEmpty();

            // Allowing the namespace in the project lifts the condition, and the app syncs.
            project("[argocd, 'apps-*']");
            await().atMost(Duration.ofSeconds(60)).until(() -> trackingId("tenant-denied") != null);
            assertThat(trackingId("tenant-denied")).isEqualTo("apps-denied_guest:/ConfigMap:tenant-denied/greeting");
            assertThat(invalidSpec(get("apps-denied", "guest"))).isEmpty();
        } finally {
            ApiLogin.reset();
            for (String[] app : new String[][] {
                {"argocd", "guest"},
                {"apps-denied", "guest"},
                {"not-served", "guest"},
                {"not-served", "foreign"},
                {Apps.NAMESPACE, "guest"}
            }) {
                String ns = app[0];
                Application a = get(ns, app[1]);
                if (a != null) {
                    if (ns.equals("not-served")) {
                        client.resource(a).edit(x -> {
                            x.getMetadata().setFinalizers(List.of());
                            return x;
                        });
                    }
                    client.resource(a).delete();
                }
            }
            for (String ns : List.of("apps-denied", "not-served", "tenant-argocd", "tenant-control", "tenant-denied")) {
                client.namespaces().withName(ns).delete();
            }
        }
    }
}
