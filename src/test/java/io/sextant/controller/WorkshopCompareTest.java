package io.sextant.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sextant.embedded.FixtureRepository;
import io.sextant.model.Application;
import io.sextant.testing.Apps;
import io.sextant.testing.TestbedResource;
import io.sextant.testing.WithGitServer;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The workshop's first steps, as the controller sees them: the kubercoins Application created
 * with kubectl is OutOfSync and Missing; once its manifests are applied by hand it is Synced and
 * Healthy; a commit changing the worker image plus a refresh makes it OutOfSync with a diff
 * that names the image line. Real testbed, real git server.
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
class WorkshopCompareTest extends WithGitServer {

    private static FixtureRepository repo;

    @Inject
    KubernetesClient client;

    @Inject
    ApplicationController controller;

    @BeforeAll
    static void gitServer() throws Exception {
        repo = FixtureRepository.create(git);
    }

    @Test
    void outOfSyncAndMissingThenSyncedAndHealthyThenOutOfSyncAfterACommit() throws Exception {
        String ns = "kubercoins-prod";
        // A fresh start: nothing left of an earlier run.
        client.namespaces().withName(ns).delete();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> client.namespaces().withName(ns).get() == null);
        client.resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName("sextant")
                        .endMetadata()
                        .build())
                .serverSideApply();
        client.resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(ns)
                        .endMetadata()
                        .build())
                .serverSideApply();
        Application app =
                client.getKubernetesSerialization().unmarshal("""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: kubercoins, namespace: sextant}
                spec:
                  project: default
                  source: {repoURL: %s, path: ., targetRevision: prod}
                  destination: {server: https://kubernetes.default.svc, namespace: %s}
                """.formatted(repo.url(), ns), Application.class);
        client.resource(app).delete();
        long created = System.nanoTime();
        client.resource(app).create();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Application a = get();
            assertThat(a.getStatus()).isNotNull();
            assertThat(a.getStatus().getSync().getStatus()).isEqualTo("OutOfSync");
            assertThat(a.getStatus().getHealth().getStatus()).isEqualTo("Missing");
            assertThat(a.getStatus().getResources()).hasSize(9);
        });
        System.err.printf("workshop app OutOfSync/Missing after %d ms%n", (System.nanoTime() - created) / 1_000_000);

        // kubectl apply -f of the prod branch, by hand (no tracking annotation).
        Path plain = FixtureRepository.locateFixtures().resolve("plain");
        try (var files = Files.list(plain)) {
            for (Path f : files.sorted().toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    List<HasMetadata> objs = client.load(in).items();
                    for (HasMetadata o : objs) {
                        client.resource(o).inNamespace(ns).forceConflicts().serverSideApply();
                    }
                }
            }
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Application a = get();
            assertThat(a.getStatus().getSync().getStatus())
                    .as(() -> outOfSyncDiffs())
                    .isEqualTo("Synced");
            assertThat(a.getStatus().getHealth().getStatus()).isEqualTo("Healthy");
        });

        repo.replaceInFile(
                "prod", "worker-deployment.yaml", "dockercoins/worker:v0.1", "dockercoins/worker:v0.3", "worker v0.3");
        new Apps(client).refresh("kubercoins", "normal");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Application a = get();
            assertThat(a.getStatus().getSync().getStatus()).isEqualTo("OutOfSync");
            assertThat(a.getStatus().getSync().getRevision()).isEqualTo(repo.headOf("prod"));
            assertThat(a.getMetadata().getAnnotations()).doesNotContainKey("argocd.argoproj.io/refresh");
        });
        ComparedResource worker = controller.comparisons().get("kubercoins").orElseThrow().resources().stream()
                .filter(r -> r.key().name().equals("worker") && r.key().kind().equals("Deployment"))
                .findFirst()
                .orElseThrow();
        assertThat(worker.syncStatus()).isEqualTo("OutOfSync");
        assertThat(worker.diff())
                .contains("-      - image: dockercoins/worker:v0.1", "+      - image: dockercoins/worker:v0.3");
    }

    /** What differs, for a failure message a developer can act on. */
    private String outOfSyncDiffs() {
        return controller
                .comparisons()
                .get("kubercoins")
                .map(c -> c.errors() + "\n"
                        + c.resources().stream()
                                .filter(r -> !"Synced".equals(r.syncStatus()))
                                .map(r -> r.key() + "\n" + r.diff())
                                .collect(Collectors.joining("\n")))
                .orElse("no comparison");
    }

    private Application get() {
        return client.resources(Application.class)
                .inNamespace("sextant")
                .withName("kubercoins")
                .get();
    }
}
