package io.sextant.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sextant.model.AppProject;
import io.sextant.model.Application;
import io.sextant.model.ApplicationCondition;
import io.sextant.model.OperationState;
import io.sextant.repo.TreeCommit;
import io.sextant.service.ApplicationEditor;
import io.sextant.service.ApplicationOperations;
import io.sextant.service.ApplicationResources;
import io.sextant.testing.Apps;
import io.sextant.testing.TestbedResource;
import io.sextant.testing.WithGitServer;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * AppProject bounds on the testbed: an app whose destination namespace, repository or resources its
 * project does not allow shows an InvalidSpecError condition, is never synced (neither automatically
 * nor on request: nothing is applied), and the API refuses to create it. Loosening the project lifts
 * the condition without a restart.
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
class ProjectBoundsEnforcementTest extends WithGitServer {

    private static String url;
    private static String otherUrl;

    @Inject
    KubernetesClient client;

    @Inject
    ApplicationOperations operations;

    @Inject
    ApplicationEditor editor;

    @Inject
    ApplicationResources resources;

    @BeforeAll
    static void repositories() throws Exception {
        Path bare = git.addAnonymous("bounds");
        url = git.url("bounds");
        TreeCommit.tree()
                .file("a/cm.yaml", SyncRulesTest.configMap("bounded", "", "1"))
                .commitTo(bare, "plain");
        TreeCommit.tree()
                .file("a/cm.yaml", SyncRulesTest.configMap("beside-role", "", "1"))
                .file("a/role.yaml", """
                        apiVersion: rbac.authorization.k8s.io/v1
                        kind: ClusterRole
                        metadata: {name: sextant-test-bounds}
                        rules: [{apiGroups: [''], resources: [pods], verbs: [get]}]
                        """)
                .commitTo(bare, "cluster-role");
        TreeCommit.tree()
                .file("a/cm.yaml", SyncRulesTest.configMap("private-data", "namespace: bounds-private", "from-git"))
                .commitTo(bare, "elsewhere");
        TreeCommit.tree()
                .file("a/cm.yaml", SyncRulesTest.configMap("beside-hook", "", "1"))
                .file(
                        "a/hook.yaml",
                        SyncRulesTest.configMap(
                                "hook-elsewhere",
                                "namespace: bounds-hooks\nannotations: {argocd.argoproj.io/hook: PreSync}",
                                "from-hook"))
                .commitTo(bare, "hook-elsewhere");
        Path other = git.addAnonymous("not-allowed");
        otherUrl = git.url("not-allowed");
        TreeCommit.tree()
                .file("a/cm.yaml", SyncRulesTest.configMap("elsewhere", "", "1"))
                .commitTo(other, "plain");
    }

    private void project(String extraSpec) {
        AppProject p = client.getKubernetesSerialization()
                .unmarshal("""
                apiVersion: argoproj.io/v1alpha1
                kind: AppProject
                metadata: {name: team, namespace: %s}
                spec:
                  sourceRepos: ['%s']
                  destinations: [{server: https://kubernetes.default.svc, namespace: 'team-*'}]
                %s
                """.formatted(Apps.NAMESPACE, url, extraSpec.indent(2)), AppProject.class);
        // Forced: a test may have edited the project with another field manager.
        client.resource(p).forceConflicts().serverSideApply();
    }

    private Application app(String name, String repo, String revision, String namespace, boolean auto) {
        return client.getKubernetesSerialization()
                .unmarshal(
                        """
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: %s, namespace: %s}
                spec:
                  project: team
                  source: {repoURL: '%s', path: a, targetRevision: %s}
                  destination: {server: https://kubernetes.default.svc, namespace: %s}
                  syncPolicy: {%s syncOptions: [CreateNamespace=true]}
                """.formatted(name, Apps.NAMESPACE, repo, revision, namespace, auto ? "automated: {}," : ""),
                        Application.class);
    }

    private Application createDirectly(Application app) {
        client.resource(app).delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> client.resource(app).get() == null);
        return client.resource(app).create();
    }

    private List<String> invalidSpec(Apps apps, String name) {
        Application a = apps.get(name);
        if (a.getStatus() == null || a.getStatus().getConditions() == null) {
            return List.of();
        }
        return a.getStatus().getConditions().stream()
                .filter(c -> "InvalidSpecError".equals(c.getType()))
                .map(ApplicationCondition::getMessage)
                .toList();
    }

    @Test
    void anAppOutsideItsProjectIsFlaggedNeverSyncedAndRefusedByTheApi() {
        Apps apps = new Apps(client);
        project("");
        for (String ns : List.of("team-ok", "outside")) {
            client.namespaces().withName(ns).delete();
            client.rbac().clusterRoles().withName("sextant-test-bounds").delete();
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> client.namespaces().withName(ns).get() == null);
        }

        // A destination namespace the project does not list: flagged, auto-sync never runs.
        createDirectly(app("bounds-ns", url, "plain", "outside", true));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(invalidSpec(apps, "bounds-ns"))
                        .singleElement()
                        .asString()
                        .contains("destination")
                        .contains("outside")
                        .contains("not permitted in project 'team'"));
        // A repository the project does not list.
        createDirectly(app("bounds-repo", otherUrl, "plain", "team-ok", true));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(invalidSpec(apps, "bounds-repo"))
                        .singleElement()
                        .asString()
                        .contains("application repo " + otherUrl)
                        .contains("sourceRepos"));
        // A cluster-scoped kind the project does not whitelist, beside a ConfigMap it would allow.
        createDirectly(app("bounds-kind", url, "cluster-role", "team-ok", false));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(invalidSpec(apps, "bounds-kind"))
                        .singleElement()
                        .asString()
                        .contains("ClusterRole")
                        .contains("sextant-test-bounds")
                        .contains("clusterResourceWhitelist"));

        // Asked for by hand, the sync fails and applies nothing at all.
        operations.sync("bounds-kind", null, false, false, List.of(), List.of(), "admin");
        OperationState failed = apps.awaitOperation("bounds-kind", "Failed", Duration.ofSeconds(60));
        assertThat(failed.getMessage()).contains("ClusterRole").contains("not permitted in project 'team'");
        operations.sync("bounds-ns", null, false, false, List.of(), List.of(), "admin");
        assertThat(apps.awaitOperation("bounds-ns", "Failed", Duration.ofSeconds(60))
                        .getMessage())
                .contains("not permitted in project 'team'");
        assertThat(client.rbac().clusterRoles().withName("sextant-test-bounds").get())
                .isNull();
        assertThat(client.namespaces().withName("outside").get())
                .as("nothing created, not even the namespace")
                .isNull();
        assertThat(client.configMaps()
                        .inNamespace("team-ok")
                        .withName("beside-role")
                        .get())
                .isNull();
        assertThat(client.configMaps()
                        .inNamespace("team-ok")
                        .withName("elsewhere")
                        .get())
                .isNull();

        // The API refuses to create such an app in the first place, saying what to fix.
        Application refused = app("bounds-api", url, "plain", "kube-system", false);
        assertThatThrownBy(() -> editor.create(refused, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kube-system")
                .hasMessageContaining("project's destinations");

        // Loosening the project lifts the condition at once, and auto-sync then does its work (the refused
        // sync never reached a revision, so it does not count as this revision's failed attempt).
        project("""
                clusterResourceWhitelist: [{group: rbac.authorization.k8s.io, kind: ClusterRole}]
                """.stripTrailing());
        client.resources(AppProject.class)
                .inNamespace(Apps.NAMESPACE)
                .withName("team")
                .edit(p -> {
                    p.getSpec().getDestinations().get(0).setNamespace("*");
                    return p;
                });
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(invalidSpec(apps, "bounds-ns")).isEmpty());
        await().atMost(Duration.ofSeconds(60))
                .until(() -> client.configMaps()
                                .inNamespace("outside")
                                .withName("bounded")
                                .get()
                        != null);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(invalidSpec(apps, "bounds-kind")).isEmpty());

        for (String name : List.of("bounds-ns", "bounds-repo", "bounds-kind")) {
            apps.delete(name);
        }
    }

    /**
     * Issue 23: an app migrated from Argo CD whose destination is a cluster Sextant does not know (by name or by
     * server) is never deployed into the cluster Sextant runs in: an InvalidSpecError with Argo's words, no
     * auto-sync, a requested sync fails before anything is written, and the API refuses to create one. A cluster
     * it knows from a cluster Secret but cannot reach gives a ComparisonError naming it, and nothing is written
     * here either. A project allowing every destination changes nothing.
     */
    @Test
    void anAppForAnotherClusterIsRefusedAndNothingIsWrittenHere() {
        Apps apps = new Apps(client);
        project("");
        client.resources(AppProject.class)
                .inNamespace(Apps.NAMESPACE)
                .withName("team")
                .edit(p -> {
                    p.getSpec().getDestinations().forEach(d -> {
                        d.setServer("*");
                        d.setNamespace("*");
                    });
                    return p;
                });
        client.namespaces().withName("remote-only").delete();
        await().atMost(Duration.ofSeconds(90))
                .until(() -> client.namespaces().withName("remote-only").get() == null);
        var clusterSecret = new SecretBuilder()
                .withNewMetadata()
                .withName("cluster-prod-eu")
                .withNamespace(Apps.NAMESPACE)
                .addToLabels("argocd.argoproj.io/secret-type", "cluster")
                .endMetadata()
                .addToStringData("name", "prod-eu")
                .addToStringData("server", "https://prod-eu.invalid:6443")
                .addToStringData("config", "{\"bearerToken\": \"remote-token-4711\"}")
                .build();
        client.resource(clusterSecret).serverSideApply();
        try {
            Application byName = app("remote-by-name", url, "plain", "remote-only", true);
            byName.getSpec().getDestination().setServer(null);
            byName.getSpec().getDestination().setName("nowhere");
            createDirectly(byName);
            Application byServer = app("remote-by-server", url, "plain", "remote-only", true);
            byServer.getSpec().getDestination().setServer("https://10.255.0.1:6443");
            createDirectly(byServer);
            Application both = app("remote-both", url, "plain", "remote-only", true);
            both.getSpec().getDestination().setName("in-cluster");
            createDirectly(both);
            Application unreachable = app("remote-unreachable", url, "plain", "remote-only", true);
            unreachable.getSpec().getDestination().setServer(null);
            unreachable.getSpec().getDestination().setName("prod-eu");
            createDirectly(unreachable);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(invalidSpec(apps, "remote-by-name"))
                        .singleElement()
                        .asString()
                        .startsWith("unable to find destination server: there are no clusters with this name: nowhere")
                        .contains("sextant cluster add");
                assertThat(invalidSpec(apps, "remote-by-server"))
                        .singleElement()
                        .asString()
                        .startsWith("cluster 'https://10.255.0.1:6443' has not been configured");
                assertThat(invalidSpec(apps, "remote-both"))
                        .singleElement()
                        .asString()
                        .startsWith("application destination can't have both name and server defined");
                assertThat(conditions(apps, "remote-unreachable", "ComparisonError"))
                        .singleElement()
                        .asString()
                        .contains("cluster prod-eu (https://prod-eu.invalid:6443)")
                        .doesNotContain("remote-token-4711");
            });
            operations.sync("remote-by-server", null, false, false, List.of(), List.of(), "admin");
            assertThat(apps.awaitOperation("remote-by-server", "Failed", Duration.ofSeconds(60))
                            .getMessage())
                    .contains("https://10.255.0.1:6443")
                    .doesNotContain("remote-token-4711");
            operations.sync("remote-unreachable", null, false, false, List.of(), List.of(), "admin");
            assertThat(apps.awaitOperation("remote-unreachable", "Failed", Duration.ofSeconds(60))
                            .getMessage())
                    .contains("prod-eu")
                    .doesNotContain("remote-token-4711");
            // Auto-sync never ran, nor did the hand syncs: nothing of the apps exists here.
            assertThat(client.namespaces().withName("remote-only").get())
                    .as("not even the namespace")
                    .isNull();
            for (String name : List.of("remote-by-name", "remote-by-server", "remote-both", "remote-unreachable")) {
                assertThat(apps.get(name).getStatus().getSync().getStatus()).isNotEqualTo("Synced");
            }

            Application refused = app("remote-api", url, "plain", "remote-only", false);
            refused.getSpec().getDestination().setServer(null);
            refused.getSpec().getDestination().setName("nowhere");
            assertThatThrownBy(() -> editor.create(refused, false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("there are no clusters with this name: nowhere");
        } finally {
            for (String name : List.of("remote-by-name", "remote-by-server", "remote-both", "remote-unreachable")) {
                apps.delete(name);
            }
            client.resource(clusterSecret).delete();
        }
    }

    private List<String> conditions(Apps apps, String name, String type) {
        Application a = apps.get(name);
        if (a.getStatus() == null || a.getStatus().getConditions() == null) {
            return List.of();
        }
        return a.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()))
                .map(ApplicationCondition::getMessage)
                .toList();
    }

    /**
     * The security review's H2: a manifest in Git naming an object of a namespace the project may not
     * touch. The comparison never reads that object (nor dry-runs it): the app's viewers see its Git
     * manifest, status Unknown and no live state, never the live object's contents.
     */
    /**
     * Anchor case 20: a hook is held to the project like any resource. A sync of an app whose PreSync hook
     * names a namespace the project does not allow fails before anything is created, saying which, as Argo
     * CD's sync does (a hook is not a managed resource, so, as in Argo, the comparison shows no condition).
     */
    @Test
    void aHookOutsideTheProjectIsRefusedAndNothingOfTheSyncRuns() {
        Apps apps = new Apps(client);
        project("");
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName("bounds-hooks")
                        .endMetadata()
                        .build())
                .serverSideApply();
        try {
            createDirectly(app("bounds-hook", url, "hook-elsewhere", "team-hook", false));
            apps.awaitStatus("bounds-hook");
            apps.patch("bounds-hook", """
                    {"operation": {"initiatedBy": {"username": "admin"}, "sync": {"revision": "hook-elsewhere"}}}""");
            var op = apps.awaitOperation("bounds-hook", "Failed", Duration.ofSeconds(60));
            assertThat(op.getMessage()).contains("bounds-hooks");
            assertThat(client.configMaps()
                            .inNamespace("bounds-hooks")
                            .withName("hook-elsewhere")
                            .get())
                    .as("the hook was never created")
                    .isNull();
            assertThat(client.configMaps()
                            .inNamespace("team-hook")
                            .withName("beside-hook")
                            .get())
                    .as("nor the resource beside it")
                    .isNull();
        } finally {
            apps.delete("bounds-hook");
            client.namespaces().withName("bounds-hooks").delete();
            client.namespaces().withName("team-hook").delete();
        }
    }

    @Test
    void anObjectOutsideTheProjectIsNeverReadNorShown() {
        Apps apps = new Apps(client);
        project("");
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName("bounds-private")
                        .endMetadata()
                        .build())
                .serverSideApply();
        client.configMaps()
                .inNamespace("bounds-private")
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("private-data")
                        .endMetadata()
                        .addToData("value", "live-only-value-42")
                        .build())
                .serverSideApply();
        try {
            createDirectly(app("bounds-read", url, "elsewhere", "team-ok", false));
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(invalidSpec(apps, "bounds-read"))
                            .singleElement()
                            .asString()
                            .contains("bounds-private/private-data")
                            .contains("not permitted in project 'team'"));
            var shown = resources.managedResources("bounds-read");
            assertThat(shown.toString())
                    .contains("private-data")
                    .contains("from-git")
                    .doesNotContain("live-only-value-42");
            assertThat(shown.get(0).live()).isNull();
            var resource = apps.get("bounds-read").getStatus().getResources().get(0);
            assertThat(resource.getStatus()).isEqualTo("Unknown");
            assertThat(client.configMaps()
                            .inNamespace("bounds-private")
                            .withName("private-data")
                            .get()
                            .getData())
                    .containsEntry("value", "live-only-value-42");
        } finally {
            apps.delete("bounds-read");
            client.namespaces().withName("bounds-private").delete();
        }
    }

    /**
     * The security review's L1: an object outside the project that carries the app's tracking id (planted
     * by someone, or left from wider bounds) is neither pruned by a sync nor deleted with the app, while
     * the app's own objects are.
     */
    @Test
    void pruneAndCascadeDeleteLeaveObjectsOutsideTheProjectAlone() {
        Apps apps = new Apps(client);
        project("");
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName("bounds-planted")
                        .endMetadata()
                        .build())
                .serverSideApply();
        client.configMaps()
                .inNamespace("bounds-planted")
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("planted")
                        .addToAnnotations(
                                "argocd.argoproj.io/tracking-id", "bounds-prune:/ConfigMap:bounds-planted/planted")
                        .endMetadata()
                        .addToData("v", "keep me")
                        .build())
                .serverSideApply();
        try {
            Application app = app("bounds-prune", url, "plain", "team-ok", false);
            app.getMetadata().setFinalizers(List.of("resources-finalizer.argocd.argoproj.io"));
            createDirectly(app);
            apps.awaitStatus("bounds-prune");
            operations.sync("bounds-prune", null, true, false, List.of(), List.of(), "admin");
            apps.awaitOperation("bounds-prune", "Succeeded", Duration.ofSeconds(60));
            assertThat(client.configMaps()
                            .inNamespace("team-ok")
                            .withName("bounded")
                            .get())
                    .isNotNull();
            assertThat(client.configMaps()
                            .inNamespace("bounds-planted")
                            .withName("planted")
                            .get())
                    .as("not pruned")
                    .isNotNull();
            assertThat(apps.get("bounds-prune").getStatus().getResources())
                    .extracting(r -> r.getName())
                    .doesNotContain("planted");

            apps.delete("bounds-prune");
            await().atMost(Duration.ofSeconds(60)).until(() -> apps.get("bounds-prune") == null);
            assertThat(client.configMaps()
                            .inNamespace("team-ok")
                            .withName("bounded")
                            .get())
                    .as("cascade deleted")
                    .isNull();
            assertThat(client.configMaps()
                            .inNamespace("bounds-planted")
                            .withName("planted")
                            .get())
                    .as("not deleted with the app")
                    .isNotNull();
        } finally {
            if (apps.get("bounds-prune") != null) {
                client.resources(Application.class)
                        .inNamespace(Apps.NAMESPACE)
                        .withName("bounds-prune")
                        .edit(a -> {
                            a.getMetadata().setFinalizers(List.of());
                            return a;
                        });
                apps.delete("bounds-prune");
            }
            client.namespaces().withName("bounds-planted").delete();
        }
    }
}
