package io.sextant.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sextant.embedded.FixtureRepository;
import io.sextant.model.Application;
import io.sextant.model.OperationState;
import io.sextant.model.RevisionHistory;
import io.sextant.service.ApplicationOperations;
import io.sextant.service.GitRevertService;
import io.sextant.service.OperationRefusedException;
import io.sextant.testing.Apps;
import io.sextant.testing.TestbedResource;
import io.sextant.testing.WithGitServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The workshop's sync steps against the testbed: syncing into a namespace that does not exist fails
 * with the API server's words until CreateNamespace=true; on stage, auto-sync deploys a bad worker
 * image by itself and the app goes Degraded; rollback is refused while auto-sync is on, then brings
 * the app back to Healthy but OutOfSync; {@code git revert HEAD} and a refresh make it Synced again.
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
class WorkshopSyncTest extends WithGitServer {

    private static FixtureRepository repo;

    @Inject
    KubernetesClient client;

    @Inject
    ApplicationOperations operations;

    @Inject
    GitRevertService gitRevert;

    @BeforeAll
    static void gitServer() throws Exception {
        repo = FixtureRepository.create(git);
    }

    @Test
    void syncFailsWithoutTheNamespaceAndSucceedsWithCreateNamespace() {
        Apps apps = new Apps(client);
        String ns = "kubercoins-prod-sync";
        client.namespaces().withName(ns).delete();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> client.namespaces().withName(ns).get() == null);
        apps.create("kc-prod-sync", repo.url(), "prod", ".", ns, "");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> apps.get("kc-prod-sync").getStatus() != null);

        operations.sync("kc-prod-sync", null, false, false, List.of(), List.of(), "admin");
        OperationState failed = apps.awaitOperation("kc-prod-sync", "Failed", Duration.ofSeconds(60));
        assertThat(failed.getMessage()).contains("namespaces \"" + ns + "\" not found");
        assertThat(apps.get("kc-prod-sync").getOperation())
                .as("the finished operation is cleared")
                .isNull();
        assertThat(client.namespaces().withName(ns).get()).isNull();

        apps.patch("kc-prod-sync", "{\"spec\": {\"syncPolicy\": {\"syncOptions\": [\"CreateNamespace=true\"]}}}");
        operations.sync("kc-prod-sync", null, false, false, List.of(), List.of(), "admin");
        OperationState ok = apps.awaitOperation("kc-prod-sync", "Succeeded", Duration.ofSeconds(60));
        assertThat(ok.getSyncResult().getRevision()).isEqualTo(repo.headOf("prod"));
        assertThat(ok.getSyncResult().getResources())
                .extracting(r -> r.getKind() + "/" + r.getName() + " " + r.getStatus())
                .contains("Namespace/" + ns + " Synced", "Deployment/worker Synced", "Service/redis Synced");
        apps.awaitSyncAndHealth("kc-prod-sync", "Synced", "Healthy");
        assertThat(apps.get("kc-prod-sync").getStatus().getHistory())
                .extracting(RevisionHistory::getId)
                .containsExactly(0L);
        assertThat(client.apps()
                        .deployments()
                        .inNamespace(ns)
                        .withName("worker")
                        .get()
                        .getMetadata()
                        .getAnnotations())
                .containsEntry("argocd.argoproj.io/tracking-id", "kc-prod-sync:apps/Deployment:" + ns + "/worker");
        apps.delete("kc-prod-sync");
    }

    @Test
    void autoSyncOfABadImageThenRollbackThenGitRevert() {
        Apps apps = new Apps(client);
        String ns = "kubercoins-stg";
        client.namespaces().withName(ns).delete();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> client.namespaces().withName(ns).get() == null);
        String app = "kubercoins-stg";
        apps.create(app, repo.url(), "stage", ".", ns, "syncPolicy: {syncOptions: [CreateNamespace=true]}");
        await().atMost(Duration.ofSeconds(10)).until(() -> apps.get(app).getStatus() != null);
        operations.sync(app, null, false, false, List.of(), List.of(), "admin");
        apps.awaitOperation(app, "Succeeded", Duration.ofSeconds(60));
        apps.awaitSyncAndHealth(app, "Synced", "Healthy");
        String good = repo.headOf("stage");

        String bad = repo.replaceInFile(
                "stage", "worker-deployment.yaml", "dockercoins/worker:v0.1", "dockercoins/worker:v0.3", "worker v0.3");
        apps.refresh(app, "normal");
        apps.awaitSyncAndHealth(app, "OutOfSync", "Healthy");

        // Enable auto-sync: nobody asks for a sync, yet the bad image is deployed and worker degrades.
        apps.patch(app, "{\"spec\": {\"syncPolicy\": {\"automated\": {}}}}");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            OperationState s = apps.get(app).getStatus().getOperationState();
            assertThat(s.getSyncResult().getRevision()).isEqualTo(bad);
            assertThat(s.getPhase()).isEqualTo("Succeeded");
            assertThat(s.getOperation().getInitiatedBy().getAutomated()).isTrue();
        });
        // Worker shows Progressing while its new pod is young, then Degraded (the workshop's order).
        Set<String> workerSeen = new LinkedHashSet<>();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    Application a = apps.get(app);
                    a.getStatus().getResources().stream()
                            .filter(r -> r.getName().equals("worker")
                                    && r.getKind().equals("Deployment")
                                    && r.getHealth() != null)
                            .forEach(r -> workerSeen.add(r.getHealth().getStatus()));
                    assertThat(a.getStatus().getHealth().getStatus()).isEqualTo("Degraded");
                    assertThat(a.getStatus().getResources())
                            .filteredOn(r ->
                                    r.getName().equals("worker") && r.getKind().equals("Deployment"))
                            .singleElement()
                            .satisfies(r -> {
                                assertThat(r.getHealth().getStatus()).isEqualTo("Degraded");
                                assertThat(r.getHealth().getMessage()).contains("dockercoins/worker:v0.3");
                            });
                });
        assertThat(workerSeen).as("worker health over time").containsSubsequence("Progressing", "Degraded");
        assertThat(apps.get(app).getStatus().getHistory())
                .extracting(RevisionHistory::getRevision)
                .containsExactly(good, bad);

        assertThatThrownBy(() -> operations.rollback(app, 0, false, false, "admin"))
                .isInstanceOf(OperationRefusedException.class)
                .hasMessageContaining("auto-sync is enabled")
                .hasMessageContaining("disable auto-sync first");

        apps.patch(app, "{\"spec\": {\"syncPolicy\": {\"automated\": null}}}");
        operations.rollback(app, 0, false, false, "admin");
        OperationState rolledBack = apps.awaitOperation(app, "Succeeded", Duration.ofSeconds(60));
        assertThat(rolledBack.getSyncResult().getRevision()).isEqualTo(good);
        apps.awaitSyncAndHealth(app, "OutOfSync", "Healthy");
        assertThat(client.apps()
                        .deployments()
                        .inNamespace(ns)
                        .withName("worker")
                        .get()
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage())
                .isEqualTo("dockercoins/worker:v0.1");

        repo.revertHead("stage");
        apps.refresh(app, "normal");
        apps.awaitSyncAndHealth(app, "Synced", "Healthy");
        apps.delete(app);
    }

    @Test
    void revertInGitReachesTheSameEndWithoutAHumanGitCommand() {
        Apps apps = new Apps(client);
        String ns = "kubercoins-revert";
        client.namespaces().withName(ns).delete();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> client.namespaces().withName(ns).get() == null);
        FixtureRepository protectedRepo = FixtureRepository.create(
                git, "kc-protected", FixtureRepository.locateFixtures(), "deployer", "push-s3cret");
        for (String type : List.of("repository", "repository-write")) {
            client.resource(new SecretBuilder()
                            .withNewMetadata()
                            .withName("kc-" + type)
                            .withNamespace(Apps.NAMESPACE)
                            .addToLabels("argocd.argoproj.io/secret-type", type)
                            .endMetadata()
                            .addToStringData("url", protectedRepo.url())
                            .addToStringData("username", "deployer")
                            .addToStringData("password", "push-s3cret")
                            .build())
                    .serverSideApply();
        }
        String app = "kubercoins-revert";
        apps.create(app, protectedRepo.url(), "stage", ".", ns, "syncPolicy: {syncOptions: [CreateNamespace=true]}");
        apps.awaitStatus(app);
        operations.sync(app, null, false, false, List.of(), List.of(), "admin");
        apps.awaitOperation(app, "Succeeded", Duration.ofSeconds(60));
        String bad = protectedRepo.replaceInFile(
                "stage", "worker-deployment.yaml", "dockercoins/worker:v0.1", "dockercoins/worker:v0.3", "worker v0.3");
        operations.sync(app, bad, false, false, List.of(), List.of(), "admin");
        apps.awaitOperation(app, "Succeeded", Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        "Degraded".equals(apps.get(app).getStatus().getHealth().getStatus()));

        String head = gitRevert.revertInGit(app, 0, "admin");

        assertThat(protectedRepo.headOf("stage"))
                .as("the revert is pushed to the branch")
                .isEqualTo(head)
                .isNotEqualTo(bad);
        OperationState s = apps.awaitOperation(app, "Succeeded", Duration.ofSeconds(60));
        assertThat(s.getSyncResult().getRevision()).isEqualTo(head);
        apps.awaitSyncAndHealth(app, "Synced", "Healthy");
        assertThat(client.apps()
                        .deployments()
                        .inNamespace(ns)
                        .withName("worker")
                        .get()
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage())
                .isEqualTo("dockercoins/worker:v0.1");

        // Without write credentials nothing is pushed and the user is told what to set.
        client.secrets()
                .inNamespace(Apps.NAMESPACE)
                .withName("kc-repository-write")
                .delete();
        protectedRepo.replaceInFile(
                "stage",
                "worker-deployment.yaml",
                "dockercoins/worker:v0.1",
                "dockercoins/worker:v0.3",
                "worker v0.3 again");
        String before = protectedRepo.headOf("stage");
        assertThatThrownBy(() -> gitRevert.revertInGit(app, 0, "admin"))
                .isInstanceOf(OperationRefusedException.class)
                .hasMessageContaining("repository-write")
                .hasMessageNotContaining("push-s3cret");
        assertThat(protectedRepo.headOf("stage")).isEqualTo(before);
        client.secrets().inNamespace(Apps.NAMESPACE).withName("kc-repository").delete();
        apps.delete(app);
    }
}
