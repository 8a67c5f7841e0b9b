package io.sextant.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sextant.embedded.FixtureRepository;
import io.sextant.model.Application;
import io.sextant.model.ApplicationCondition;
import io.sextant.repo.TreeCommit;
import io.sextant.service.ApplicationResources;
import io.sextant.testing.Apps;
import io.sextant.testing.SecondTestbed;
import io.sextant.testing.TestbedResource;
import io.sextant.testing.WithGitServer;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hub and spoke on two real control planes: the workshop's kubercoins app deployed by {@code destination.name}
 * to the cluster of a cluster Secret, kept there (self-heal, prune) under {@code automated}, its tree read
 * from that cluster; nothing of it lands in the cluster Sextant runs in. A cluster whose credentials are
 * refused gives its app a ComparisonError naming it, while the other app stays Synced.
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
class MultiClusterTest extends WithGitServer {

    private static FixtureRepository repo;

    @Inject
    KubernetesClient client;

    @Inject
    ApplicationResources resources;

    private static String scopedUrl;

    @BeforeAll
    static void gitServer() throws Exception {
        repo = FixtureRepository.create(git);
        Path bare = git.addAnonymous("scoped");
        scopedUrl = git.url("scoped");
        TreeCommit.tree()
                .file("cm/cm.yaml", SyncRulesTest.configMap("in-scope", "", "from-git"))
                .commitTo(bare, "main");
        TreeCommit.tree()
                .file("cm/cm.yaml", SyncRulesTest.configMap("in-scope", "", "from-git"))
                .file("cm/role.yaml", """
                        apiVersion: rbac.authorization.k8s.io/v1
                        kind: ClusterRole
                        metadata: {name: scoped-reader}
                        rules: [{apiGroups: [""], resources: [configmaps], verbs: [get]}]
                        """)
                .commitTo(bare, "cluster-level");
    }

    private void clusterSecret(String name, String config) {
        client.resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("cluster-" + name)
                        .withNamespace(Apps.NAMESPACE)
                        .addToLabels("argocd.argoproj.io/secret-type", "cluster")
                        .endMetadata()
                        .withStringData(Map.of(
                                "name",
                                name,
                                "server",
                                SecondTestbed.SERVER + (name.equals("edge") ? "" : "/" + name),
                                "config",
                                config))
                        .build())
                .serverSideApply();
    }

    @Test
    void kubercoinsDeploysToTheSecondClusterByNameAndStaysThere() {
        Apps apps = new Apps(client);
        String ns = "kc-edge";
        clusterSecret("edge", SecondTestbed.managerConfig());
        try (KubernetesClient edge = SecondTestbed.adminClient()) {
            edge.namespaces().withName(ns).delete();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> edge.namespaces().withName(ns).get() == null);
            client.namespaces().withName(ns).delete();
            Application app = apps.create(
                    "kc-edge",
                    repo.url(),
                    "prod",
                    ".",
                    ns,
                    "syncPolicy: {automated: {prune: true, selfHeal: true}, syncOptions: [CreateNamespace=true]}");
            app.getSpec().getDestination().setServer(null);
            app.getSpec().getDestination().setName("edge");
            client.resource(app).update();

            apps.awaitSyncAndHealth("kc-edge", "Synced", "Healthy");
            assertThat(edge.apps()
                            .deployments()
                            .inNamespace(ns)
                            .withName("worker")
                            .get())
                    .as("in the second cluster")
                    .isNotNull();
            assertThat(edge.apps()
                            .deployments()
                            .inNamespace(ns)
                            .withName("worker")
                            .get()
                            .getMetadata()
                            .getAnnotations())
                    .containsEntry("argocd.argoproj.io/tracking-id", "kc-edge:apps/Deployment:" + ns + "/worker");
            assertThat(client.namespaces().withName(ns).get())
                    .as("nothing in the cluster Sextant runs in")
                    .isNull();

            // Self-heal: a hand edit in the second cluster is undone.
            int replicas = edge.apps()
                    .deployments()
                    .inNamespace(ns)
                    .withName("worker")
                    .get()
                    .getSpec()
                    .getReplicas();
            edge.apps().deployments().inNamespace(ns).withName("worker").edit(d -> {
                d.getSpec().setReplicas(replicas + 3);
                return d;
            });
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(edge.apps()
                                    .deployments()
                                    .inNamespace(ns)
                                    .withName("worker")
                                    .get()
                                    .getSpec()
                                    .getReplicas())
                            .isEqualTo(replicas));

            // Prune: an object there of a kind the app deploys, carrying its tracking id but not in Git, goes.
            edge.resource(new ServiceBuilder()
                            .withNewMetadata()
                            .withName("stray")
                            .withNamespace(ns)
                            .addToAnnotations("argocd.argoproj.io/tracking-id", "kc-edge:/Service:" + ns + "/stray")
                            .endMetadata()
                            .withNewSpec()
                            .addNewPort()
                            .withPort(80)
                            .endPort()
                            .endSpec()
                            .build())
                    .create();
            await().atMost(Duration.ofSeconds(60))
                    .until(() ->
                            edge.services().inNamespace(ns).withName("stray").get() == null);
            apps.awaitSyncAndHealth("kc-edge", "Synced", "Healthy");

            // The tree is that cluster's: the Deployment's ReplicaSet and Pods come from there.
            var tree = resources.resourceTree("kc-edge");
            List<String> kinds = new ArrayList<>();
            tree.nodes().forEach(n -> kinds.add(n.key().kind() + "/" + n.key().name()));
            assertThat(kinds)
                    .contains("Deployment/worker")
                    .anyMatch(k -> k.startsWith("ReplicaSet/worker-"))
                    .anyMatch(k -> k.startsWith("Pod/worker-"));
            // So is the diff: Deployment/worker has a live side, and that object exists only in the second cluster.
            assertThat(client.apps()
                            .deployments()
                            .inNamespace(ns)
                            .withName("worker")
                            .get())
                    .as("nothing of kc-edge in the cluster Sextant runs in")
                    .isNull();
            assertThat(resources.managedResources("kc-edge"))
                    .filteredOn(r -> r.key().kind().equals("Deployment")
                            && r.key().name().equals("worker"))
                    .singleElement()
                    .satisfies(r -> {
                        assertThat(r.live()).as("the live object in the diff").isNotNull();
                        assertThat(r.live().path("spec").path("template").isMissingNode())
                                .isFalse();
                        assertThat(r.target()).isNotNull();
                    });

            // The second cluster's API server stops: its app says the cluster does not answer (not its last live
            // state as current), an in-cluster app keeps syncing; when it is back, the app is Synced again.
            SecondTestbed.stopApiServer();
            try {
                await().atMost(Duration.ofSeconds(60))
                        .ignoreExceptions()
                        .untilAsserted(() -> assertThat(
                                        apps.get("kc-edge").getStatus().getConditions())
                                .extracting(ApplicationCondition::getMessage)
                                .anySatisfy(m -> assertThat(m)
                                        .contains("cluster edge (" + SecondTestbed.SERVER + ") does not answer")));
                apps.create(
                        "kc-local",
                        repo.url(),
                        "prod",
                        ".",
                        "kc-local",
                        "syncPolicy: {automated: {}, syncOptions: [CreateNamespace=true]}");
                apps.awaitSyncAndHealth("kc-local", "Synced", "Healthy");
            } finally {
                SecondTestbed.startApiServer();
            }
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
                Application a = apps.get("kc-edge");
                assertThat(a.getStatus().getSync().getStatus()).isEqualTo("Synced");
                assertThat(
                                a.getStatus().getConditions() == null
                                        ? List.<ApplicationCondition>of()
                                        : a.getStatus().getConditions())
                        .noneMatch(c -> c.getType().equals("ComparisonError"));
            });
            apps.delete("kc-local");

            // A cluster whose credentials are refused: its app says so, naming the cluster; kc-edge is untouched.
            clusterSecret(
                    "refused", "{\"bearerToken\": \"not-a-token-9931\", \"tlsClientConfig\": {\"insecure\": true}}");
            Application other = apps.create("kc-refused", repo.url(), "prod", ".", "kc-refused", "");
            other.getSpec().getDestination().setServer(null);
            other.getSpec().getDestination().setName("refused");
            client.resource(other).update();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
                Application a = apps.get("kc-refused");
                assertThat(a.getStatus().getConditions())
                        .extracting(ApplicationCondition::getType, ApplicationCondition::getMessage)
                        .anySatisfy(t -> {
                            assertThat(t.toList().get(0)).isEqualTo("ComparisonError");
                            assertThat(String.valueOf(t.toList().get(1)))
                                    .contains("refused")
                                    .contains("401")
                                    .doesNotContain("not-a-token-9931");
                        });
            });
            assertThat(apps.get("kc-edge").getStatus().getSync().getStatus()).isEqualTo("Synced");

            apps.delete("kc-refused");

            // Deleting the app with its finalizer deletes what it deployed in the second cluster.
            apps.patch("kc-edge", "{\"metadata\": {\"finalizers\": [\"resources-finalizer.argocd.argoproj.io\"]}}");
            apps.delete("kc-edge");
            await().atMost(Duration.ofSeconds(90)).until(() -> apps.get("kc-edge") == null);
            assertThat(edge.apps()
                            .deployments()
                            .inNamespace(ns)
                            .withName("worker")
                            .get())
                    .isNull();
        } finally {
            apps.delete("kc-edge");
            apps.delete("kc-refused");
            apps.delete("kc-local");
            client.secrets()
                    .inNamespace(Apps.NAMESPACE)
                    .withLabel("argocd.argoproj.io/secret-type", "cluster")
                    .delete();
        }
    }

    /**
     * A cluster whose Secret lists {@code namespaces} (Argo CD's namespaced mode), reached with credentials that
     * hold only a Role in that namespace, as {@code cluster add --namespace} makes: an app there syncs, is
     * watched (a hand edit is undone) and stays Synced; an app for another namespace of that cluster, or one
     * with a cluster-level object, is refused with a condition naming the rule, and nothing is written there.
     */
    @Test
    void aClusterLimitedToNamespacesIsWatchedAndManagedOnlyThere() {
        Apps apps = new Apps(client);
        String token;
        try (KubernetesClient second = SecondTestbed.adminClient()) {
            for (String ns : List.of("scoped-a", "scoped-b")) {
                second.resource(new NamespaceBuilder()
                                .withNewMetadata()
                                .withName(ns)
                                .endMetadata()
                                .build())
                        .serverSideApply();
            }
            token = SecondTestbed.namespacedToken("scoped-a");
        }
        // The test's only cluster Secret, at the second control plane's own URL (a path added to tell clusters
        // apart would be a path its API server refuses for a user with Roles only).
        client.resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("cluster-scoped")
                        .withNamespace(Apps.NAMESPACE)
                        .addToLabels("argocd.argoproj.io/secret-type", "cluster")
                        .endMetadata()
                        .withStringData(Map.of(
                                "name",
                                "scoped",
                                "server",
                                SecondTestbed.SERVER,
                                "namespaces",
                                "scoped-a",
                                "config",
                                "{\"bearerToken\": \"" + token + "\", \"tlsClientConfig\": {\"caData\": \""
                                        + Base64.getEncoder().encodeToString(SecondTestbed.caPem()) + "\"}}"))
                        .build())
                .serverSideApply();
        try (KubernetesClient second = SecondTestbed.adminClient()) {
            for (String[] app : List.of(
                    new String[] {"sc-in", "main", "scoped-a"},
                    new String[] {"sc-out", "main", "scoped-b"},
                    new String[] {"sc-cluster", "cluster-level", "scoped-a"})) {
                // Created with its destination at once: an automated app first made for in-cluster would sync there.
                client.resource(client.getKubernetesSerialization()
                                .unmarshal(
                                        """
                                        apiVersion: argoproj.io/v1alpha1
                                        kind: Application
                                        metadata: {name: %s, namespace: %s}
                                        spec:
                                          project: default
                                          source: {repoURL: '%s', path: cm, targetRevision: %s}
                                          destination: {name: scoped, namespace: %s}
                                          syncPolicy: {automated: {prune: true, selfHeal: true}}
                                        """.formatted(app[0], Apps.NAMESPACE, scopedUrl, app[1], app[2]),
                                        Application.class))
                        .create();
            }
            apps.awaitSyncAndHealth("sc-in", "Synced", "Healthy");
            assertThat(second.configMaps()
                            .inNamespace("scoped-a")
                            .withName("in-scope")
                            .get())
                    .isNotNull();

            // Watched in its namespace: a hand edit there is undone.
            second.configMaps().inNamespace("scoped-a").withName("in-scope").edit(cm -> {
                cm.getData().put("value", "by-hand");
                return cm;
            });
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(second.configMaps()
                                    .inNamespace("scoped-a")
                                    .withName("in-scope")
                                    .get()
                                    .getData())
                            .containsEntry("value", "from-git"));

            await().atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .untilAsserted(
                            () -> assertThat(apps.get("sc-out").getStatus().getConditions())
                                    .extracting(ApplicationCondition::getMessage)
                                    .anySatisfy(m -> assertThat(m)
                                            .contains(
                                                    "namespace scoped-b of ConfigMap in-scope is not managed on cluster scoped")
                                            .contains("lists only scoped-a")));
            await().atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .untilAsserted(
                            () -> assertThat(apps.get("sc-cluster").getStatus().getConditions())
                                    .extracting(ApplicationCondition::getMessage)
                                    .anySatisfy(m -> assertThat(m)
                                            .contains(
                                                    "Cluster level rbac.authorization.k8s.io/ClusterRole scoped-reader cannot be "
                                                            + "managed when in namespaced mode")));
            assertThat(apps.get("sc-out").getStatus().getOperationState())
                    .as("never synced")
                    .isNull();
            assertThat(apps.get("sc-cluster").getStatus().getOperationState())
                    .as("never synced")
                    .isNull();
            assertThat(second.configMaps()
                            .inNamespace("scoped-b")
                            .withName("in-scope")
                            .get())
                    .isNull();
            assertThat(second.rbac().clusterRoles().withName("scoped-reader").get())
                    .isNull();
            assertThat(apps.get("sc-in").getStatus().getSync().getStatus()).isEqualTo("Synced");
        } finally {
            apps.delete("sc-in");
            apps.delete("sc-out");
            apps.delete("sc-cluster");
            client.secrets()
                    .inNamespace(Apps.NAMESPACE)
                    .withName("cluster-scoped")
                    .delete();
        }
    }
}
