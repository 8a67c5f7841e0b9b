package io.sextant.kube;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.sextant.model.AppProject;
import io.sextant.model.Application;
import io.sextant.model.ModelFixtures;
import io.sextant.testing.ApiLogin;
import io.sextant.testing.TestbedResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The foundation against the real control plane of the testbed: the CRDs accept what Argo CD
 * users write and keep every field, kwok nodes run pods, and a missing image fails the way a
 * kubelet reports it.
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
@TestProfile(TestbedClusterTest.ServerOnly.class)
class TestbedClusterTest {

    /** The controller would write status over the fixtures this test reads back unchanged. */
    public static class ServerOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sextant.roles", "server");
        }
    }

    private static final String APPS_NS = "sextant";

    @Inject
    KubernetesClient client;

    @BeforeEach
    void crdsAndNamespace() {
        CrdInstaller.install(client, Duration.ofSeconds(60));
        ensureNamespace(APPS_NS);
    }

    @Test
    void theCrdsAreArgosWithShortNamesAndPrinterColumns() {
        CustomResourceDefinition apps = client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("applications.argoproj.io")
                .get();
        assertThat(apps.getSpec().getNames().getShortNames()).contains("app", "apps");
        assertThat(apps.getSpec().getVersions().get(0).getName()).isEqualTo("v1alpha1");
        assertThat(apps.getSpec().getVersions().get(0).getAdditionalPrinterColumns())
                .extracting(c -> c.getName())
                .contains("Sync Status", "Health Status", "Revision", "Project");
        CustomResourceDefinition projects = client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("appprojects.argoproj.io")
                .get();
        assertThat(projects.getSpec().getNames().getShortNames()).contains("appproj");
    }

    @Test
    void theWorkshopsKcWorkerManifestAppliesAndReadsBackWithEveryFieldIntact() {
        JsonNode written = fixture("model/kc-worker.yaml");
        Application applied = apply(written, Application.class);

        Application read = client.resources(Application.class)
                .inNamespace(APPS_NS)
                .withName("kc-worker")
                .get();
        assertThat(read.getSpec().getSource().getHelm().getValueFiles())
                .containsExactly("values.yaml", "../values/worker.yaml");
        assertThat(read.getSpec().getDestination().getNamespace()).isEqualTo("helmcoins");
        assertThat(ModelFixtures.differences(written.get("spec"), tree(read).get("spec")))
                .isEmpty();
        assertThat(applied.getMetadata().getUid()).isEqualTo(read.getMetadata().getUid());
    }

    @Test
    void anApplicationUsingEveryArgoFieldKeepsThemAllThroughTheApiServer() {
        JsonNode written = fixture("model/application-full.yaml");
        apply(written, Application.class);

        String name = written.at("/metadata/name").asText();
        Application read = client.resources(Application.class)
                .inNamespace(APPS_NS)
                .withName(name)
                .get();
        JsonNode back = tree(read);
        for (String field : List.of("spec", "status", "operation")) {
            assertThat(ModelFixtures.differences(written.get(field), back.get(field)))
                    .as(field)
                    .isEmpty();
        }
    }

    @Test
    void anAppProjectUsingEveryArgoFieldKeepsThemAllThroughTheApiServer() {
        JsonNode written = fixture("model/appproject-full.yaml");
        apply(written, AppProject.class);

        String name = written.at("/metadata/name").asText();
        AppProject read = client.resources(AppProject.class)
                .inNamespace(APPS_NS)
                .withName(name)
                .get();
        try {
            assertThat(ModelFixtures.differences(written.get("spec"), tree(read).get("spec")))
                    .isEmpty();
        } finally {
            // The fixture's finalizer would keep the project (and its namespace) for ever: later tests
            // list projects, so it goes, finalizer first.
            var project =
                    client.resources(AppProject.class).inNamespace(APPS_NS).withName(name);
            project.edit(p -> {
                p.getMetadata().setFinalizers(List.of());
                return p;
            });
            project.delete();
        }
    }

    @Test
    void theFirstPageListsTheApplicationsOfTheCluster() {
        apply(fixture("model/kc-worker.yaml"), Application.class);

        // The dashboard needs a session (its login page comes first); the list is at /applications. The page
        // lists what the server's watch has seen: the new app is there as soon as its event arrives (a moment
        // on a busy machine), so look again until then, as a person would reload.
        String cookie = ApiLogin.sessionCookie(client);
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> given().cookie("argocd.token", cookie)
                        .when()
                        .get("/applications")
                        .then()
                        .statusCode(200)
                        .body(containsString("kc-worker"))
                        .body(containsString("generic-service"))
                        .body(containsString("helmcoins")));
    }

    @Test
    void aDeploymentBecomesAvailableOnKwokNodes() {
        String ns = "testbed-available";
        ensureNamespace(ns);
        client.resource(deployment(ns, "rng", "dockercoins/rng:v0.1", 2, 600)).serverSideApply();

        await().atMost(Duration.ofSeconds(60))
                .until(() -> condition(ns, "rng", "Available")
                        .map(c -> "True".equals(c.getStatus()))
                        .orElse(false));
        List<Pod> pods =
                client.pods().inNamespace(ns).withLabel("app", "rng").list().getItems();
        assertThat(pods).hasSize(2).allSatisfy(p -> {
            assertThat(p.getSpec().getNodeName()).startsWith("kwok-node-");
            assertThat(p.getStatus().getPhase()).isEqualTo("Running");
        });
    }

    @Test
    void aMissingImageLeavesThePodInImagePullErrorsAndTheRolloutPastItsDeadline() {
        String ns = "testbed-missing-image";
        ensureNamespace(ns);
        client.resource(deployment(ns, "worker", "dockercoins/worker:v0.3", 1, 5))
                .serverSideApply();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<Pod> pods = client.pods()
                    .inNamespace(ns)
                    .withLabel("app", "worker")
                    .list()
                    .getItems();
            assertThat(pods).isNotEmpty();
            ContainerStatus status =
                    pods.get(0).getStatus().getContainerStatuses().get(0);
            ContainerStateWaiting waiting = status.getState().getWaiting();
            assertThat(waiting).isNotNull();
            assertThat(waiting.getReason()).isIn("ErrImagePull", "ImagePullBackOff");
            assertThat(waiting.getMessage()).contains("dockercoins/worker:v0.3");
            assertThat(status.getReady()).isFalse();
        });
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(condition(ns, "worker", "Progressing"))
                        .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("ProgressDeadlineExceeded")));
        assertThat(condition(ns, "worker", "Available"))
                .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("False"));
    }

    private <T extends HasMetadata> T apply(JsonNode manifest, Class<T> type) {
        ((ObjectNode) manifest.get("metadata")).put("namespace", APPS_NS);
        T resource = client.getKubernetesSerialization().convertValue(manifest, type);
        T existing = client.resources(type)
                .inNamespace(APPS_NS)
                .withName(resource.getMetadata().getName())
                .get();
        if (existing != null) {
            // A finalizer no controller handles yet would keep the old copy forever.
            client.resource(existing).edit(r -> {
                r.getMetadata().setFinalizers(null);
                return r;
            });
            client.resource(existing).delete();
        }
        client.resources(type)
                .inNamespace(APPS_NS)
                .withName(resource.getMetadata().getName())
                .waitUntilCondition(r -> r == null, 30, TimeUnit.SECONDS);
        return client.resource(resource).inNamespace(APPS_NS).create();
    }

    private static JsonNode tree(Object resource) {
        return ModelFixtures.written(resource);
    }

    private static JsonNode fixture(String path) {
        return ModelFixtures.tree(path.substring("model/".length()));
    }

    private void ensureNamespace(String ns) {
        client.resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(ns)
                        .endMetadata()
                        .build())
                .serverSideApply();
    }

    private Optional<DeploymentCondition> condition(String ns, String name, String type) {
        Deployment d =
                client.apps().deployments().inNamespace(ns).withName(name).get();
        if (d == null || d.getStatus() == null || d.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return d.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()))
                .findFirst();
    }

    private static Deployment deployment(String ns, String name, String image, int replicas, int progressDeadline) {
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withProgressDeadlineSeconds(progressDeadline)
                .withNewSelector()
                .withMatchLabels(Map.of("app", name))
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(Map.of("app", name))
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName(name)
                .withImage(image)
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }
}
