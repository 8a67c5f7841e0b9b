package io.sextant.model;

import static io.sextant.model.ModelFixtures.APPLICATION_FULL;
import static io.sextant.model.ModelFixtures.APPPROJECT_FULL;
import static io.sextant.model.ModelFixtures.KC_WORKER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Manifests written for Argo CD read into the model and write back exactly as they were. */
class ModelRoundTripTest {

    @ParameterizedTest
    @CsvSource({
        KC_WORKER + ", io.sextant.model.Application",
        APPLICATION_FULL + ", io.sextant.model.Application",
        APPPROJECT_FULL + ", io.sextant.model.AppProject",
    })
    void writesBackEveryFieldUnchanged(String fixture, Class<?> type) {
        JsonNode input = ModelFixtures.tree(fixture);
        JsonNode output = ModelFixtures.written(ModelFixtures.read(fixture, type));
        assertEquals(List.of(), ModelFixtures.differences(input, output), fixture);
        assertEquals(input, output, fixture);
    }

    @Test
    void readsTheWorkshopApplication() {
        Application app = ModelFixtures.read(KC_WORKER, Application.class);

        assertEquals("kc-worker", app.getMetadata().getName());
        assertEquals("argoproj.io/v1alpha1", app.getApiVersion());
        assertEquals("Application", app.getKind());
        ApplicationSource source = app.getSpec().getSource();
        assertEquals(
                List.of("values.yaml", "../values/worker.yaml"),
                source.getHelm().getValueFiles());
        assertEquals("https://example.test/kubercoins.git", source.getRepoURL());
        assertEquals("generic-service", source.getPath());
        assertEquals("helm", source.getTargetRevision());
        assertEquals("helmcoins", app.getSpec().getDestination().getNamespace());
        assertEquals(
                "https://kubernetes.default.svc", app.getSpec().getDestination().getServer());
        assertEquals("default", app.getSpec().getProject());
        assertNull(app.getSpec().getSyncPolicy());
        assertNull(app.getStatus());
        assertNull(app.getOperation());
    }

    @Test
    void readsTypedFieldsOfTheFullApplication() {
        Application app = ModelFixtures.read(APPLICATION_FULL, Application.class);
        ApplicationSpec spec = app.getSpec();

        assertEquals(Boolean.TRUE, spec.getSyncPolicy().getAutomated().getSelfHeal());
        assertEquals(Boolean.FALSE, spec.getSyncPolicy().getAutomated().getAllowEmpty());
        assertEquals(2L, spec.getSyncPolicy().getRetry().getBackoff().getFactor());
        assertEquals(5L, spec.getRevisionHistoryLimit());
        assertEquals(
                Map.of("enabled", true, "hosts", List.of("pay.example.test")),
                spec.getSource().getHelm().getValuesObject().get("ingress"));
        ApplicationSourceKustomize kustomize = spec.getSources().get(0).getKustomize();
        assertEquals(3, kustomize.getReplicas().get(0).getCount());
        assertEquals("2", kustomize.getReplicas().get(1).getCount());
        assertEquals(
                Boolean.TRUE,
                spec.getSources()
                        .get(1)
                        .getDirectory()
                        .getJsonnet()
                        .getTlas()
                        .get(0)
                        .getCode());
        assertEquals(
                List.of("a", "b"),
                spec.getSources().get(2).getPlugin().getParameters().get(1).get("array"));
        assertEquals("env/prod", spec.getSourceHydrator().getSyncSource().getTargetBranch());

        assertEquals("alice", app.getOperation().getInitiatedBy().getUsername());
        assertEquals(
                Boolean.TRUE,
                app.getOperation().getSync().getSyncStrategy().getHook().getForce());

        ApplicationStatus status = app.getStatus();
        assertEquals(SyncStatusCode.OUT_OF_SYNC.code(), status.getSync().getStatus());
        assertEquals(HealthStatusCode.PROGRESSING.code(), status.getHealth().getStatus());
        assertEquals(OperationPhase.RUNNING.code(), status.getOperationState().getPhase());
        assertFalse(OperationPhase.isCompleted(status.getOperationState().getPhase()));
        assertEquals(-1L, status.getResources().get(0).getSyncWave());
        assertEquals("2024-04-30T09:00:10Z", status.getHistory().get(0).getDeployedAt());
        assertEquals(
                "PreSync",
                status.getOperationState().getSyncResult().getResources().get(0).getHookType());
        assertEquals(
                "Hydrated", status.getSourceHydrator().getCurrentOperation().getPhase());
    }

    @Test
    void keepsFieldsArgoDoesNotDefineAtEveryLevel() {
        Application app = ModelFixtures.read(APPLICATION_FULL, Application.class);

        assertEquals("kept at the top level", app.getAdditionalProperties().get("futureTopLevel"));
        assertEquals(
                Map.of("nested", List.of(1, "two")),
                app.getSpec().getAdditionalProperties().get("futureSpecField"));
        assertEquals(
                "kept inside helm",
                app.getSpec().getSource().getHelm().getAdditionalProperties().get("futureHelmOption"));
        assertTrue(app.getStatus().getSync().getAdditionalProperties().containsKey("futureSyncStatusField"));
    }

    @Test
    void readsTypedFieldsOfTheFullProject() {
        AppProject project = ModelFixtures.read(APPPROJECT_FULL, AppProject.class);
        AppProjectSpec spec = project.getSpec();

        assertEquals(
                List.of("https://example.test/payments.git", "https://example.test/overlays/*"), spec.getSourceRepos());
        assertEquals(1714550400L, spec.getRoles().get(0).getJwtTokens().get(0).getIssuedAt());
        assertEquals(1746086400L, spec.getRoles().get(0).getJwtTokens().get(0).getExpiresAt());
        assertEquals("payments-*", spec.getClusterResourceWhitelist().get(0).getName());
        assertEquals("", spec.getNamespaceResourceBlacklist().get(0).getGroup());
        assertEquals(Boolean.TRUE, spec.getSyncWindows().get(0).getSyncOverrun());
        assertEquals("4AEE18F83AFDEB23", spec.getSignatureKeys().get(0).getKeyID());
        assertEquals(
                "5f2b3c4d-token",
                project.getStatus()
                        .getJwtTokensByRole()
                        .get("deployer")
                        .getItems()
                        .get(0)
                        .getId());
    }

    @Test
    void aNewApplicationWritesOnlyWhatWasSet() {
        Application app = new Application();
        app.setMetadata(new ObjectMetaBuilder()
                .withName("guestbook")
                .withNamespace("sextant")
                .build());
        ApplicationSpec spec = new ApplicationSpec();
        ApplicationDestination destination = new ApplicationDestination();
        destination.setServer("https://kubernetes.default.svc");
        spec.setDestination(destination);
        spec.setProject("default");
        app.setSpec(spec);

        JsonNode written = ModelFixtures.written(app);

        assertEquals("argoproj.io/v1alpha1", written.get("apiVersion").asText());
        assertEquals("Application", written.get("kind").asText());
        assertEquals(List.of("apiVersion", "kind", "metadata", "spec"), fieldNames(written));
        assertEquals(List.of("destination", "project"), fieldNames(written.get("spec")));
        assertEquals(List.of("server"), fieldNames(written.get("spec").get("destination")));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
