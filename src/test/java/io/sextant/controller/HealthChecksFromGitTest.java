package io.sextant.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sextant.kube.CrdInstaller;
import io.sextant.model.Application;
import io.sextant.model.ResourceStatus;
import io.sextant.repo.TreeCommit;
import io.sextant.testing.Apps;
import io.sextant.testing.TestbedResource;
import io.sextant.testing.WithGitServer;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Health checks an operator keeps in a Git repository, in Argo CD's {@code <group>/<kind>/health.lua}
 * layout, named by {@code health.checks.*} in sextant-cm: on the testbed, a custom resource's health
 * on the Application follows the repository's script, follows a new commit of it at the next round,
 * yields to a script in sextant-cm for the same kind, and survives the repository going away.
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
class HealthChecksFromGitTest extends WithGitServer {

    static final String CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.health.sextant.test}
            spec:
              group: health.sextant.test
              scope: Namespaced
              names: {plural: widgets, singular: widget, kind: Widget, listKind: WidgetList}
              versions:
                - name: v1
                  served: true
                  storage: true
                  schema:
                    openAPIV3Schema:
                      type: object
                      x-kubernetes-preserve-unknown-fields: true
            """;
    static final String WIDGET = """
            apiVersion: health.sextant.test/v1
            kind: Widget
            metadata: {name: gear}
            spec: {state: jammed}
            """;
    /** Argo's layout: a check, its test table and test data, which are not checks. */
    static final String V1 = """
            hs = {}
            if obj.spec.state == "turning" then
              hs.status = "Healthy"
            else
              hs.status = "Degraded"
            end
            hs.message = "v1 says the widget is " .. obj.spec.state
            return hs
            """;

    static final String V2 = """
            return {status = "Suspended", message = "v2 says " .. obj.spec.state}
            """;
    static final String KEYS = "health.checks.";

    @Inject
    KubernetesClient client;

    @Inject
    ApplicationController controller;

    @AfterEach
    void removeSettings() {
        editSettings(data -> data.keySet().removeIf(k -> k.startsWith(KEYS) || k.contains("health.sextant.test")));
    }

    @Test
    void aCheckTreeInGitDecidesHealthFollowsItsCommitsAndYieldsToSextantCm() throws Exception {
        Path checks = git.addAnonymous("checks");
        String checksUrl = git.url("checks");
        TreeCommit.tree()
                .file("argo/health.sextant.test/Widget/health.lua", V1)
                .file("argo/health.sextant.test/Widget/health_test.yaml", "tests: []\n")
                .file("argo/health.sextant.test/Widget/testdata/jammed.yaml", WIDGET)
                .file("argo/too/deep/Widget/health.lua", "return {status = \"Healthy\"}\n")
                .file("outside/health.sextant.test/Widget/health.lua", V2)
                .commitToDefaultBranch(checks, "main");
        Path widgets = git.addAnonymous("widgets");
        TreeCommit.tree().file("gear/widget.yaml", WIDGET).commitTo(widgets, "main");

        client.resource(client.getKubernetesSerialization().unmarshal(CRD, CustomResourceDefinition.class))
                .serverSideApply();
        client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("widgets.health.sextant.test")
                .waitUntilCondition(CrdInstaller::established, 30, TimeUnit.SECONDS);
        Apps apps = new Apps(client);
        apps.freshNamespace("health-git");
        apps.create("widgets", git.url("widgets"), "main", "gear", "health-git", """
                syncPolicy: {automated: {}}
                """);
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(widget(apps))
                        .as("the Widget deployed")
                        .isNotNull()
                        .extracting(ResourceStatus::getStatus)
                        .isEqualTo("Synced"));
        assertThat(widgetHealthMessage(apps)).as("no check for Widget yet").doesNotContain("v1");

        editSettings(data -> {
            data.put(KEYS + "repoURL", checksUrl);
            data.put(KEYS + "targetRevision", "main");
            data.put(KEYS + "path", "argo");
        });
        awaitWidgetHealth(apps, "Degraded", "v1 says the widget is jammed");
        apps.awaitSyncAndHealth("widgets", "Synced", "Degraded");

        // A new commit of the checks counts at the next refresh round (here asked for at once).
        TreeCommit.tree().file("argo/health.sextant.test/Widget/health.lua", V2).commitToDefaultBranch(checks, "main");
        controller.refreshAll();
        awaitWidgetHealth(apps, "Suspended", "v2 says jammed");

        // A script in sextant-cm for the same kind wins over the repository's.
        editSettings(data -> data.put(
                "resource.customizations.health.health.sextant.test_Widget",
                "return {status = \"Healthy\", message = \"sextant-cm says \" .. obj.spec.state}\n"));
        awaitWidgetHealth(apps, "Healthy", "sextant-cm says jammed");
        editSettings(data -> data.remove("resource.customizations.health.health.sextant.test_Widget"));
        awaitWidgetHealth(apps, "Suspended", "v2 says jammed");

        // The repository goes away: the checks loaded last keep deciding, not a sudden change of every health.
        try (var files = Files.walk(git.repositoryDir("checks"))) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        controller.refreshAll();
        Thread.sleep(3000);
        assertThat(widget(apps).getHealth().getStatus()).isEqualTo("Suspended");
        assertThat(widget(apps).getHealth().getMessage()).isEqualTo("v2 says jammed");

        // The settings no longer name a repository: its checks are gone.
        editSettings(data -> data.keySet().removeIf(k -> k.startsWith(KEYS)));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(widgetHealthMessage(apps)).doesNotContain("v2"));
        apps.delete("widgets");
    }

    private void awaitWidgetHealth(Apps apps, String status, String message) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            ResourceStatus w = widget(apps);
            assertThat(w).isNotNull();
            assertThat(w.getHealth()).as("Widget health").isNotNull();
            assertThat(w.getHealth().getStatus()).as(w.getHealth().getMessage()).isEqualTo(status);
            assertThat(w.getHealth().getMessage()).isEqualTo(message);
        });
    }

    private static String widgetHealthMessage(Apps apps) {
        ResourceStatus w = widget(apps);
        return w == null || w.getHealth() == null
                ? ""
                : String.valueOf(w.getHealth().getMessage());
    }

    private static ResourceStatus widget(Apps apps) {
        Application a = apps.get("widgets");
        if (a == null || a.getStatus() == null || a.getStatus().getResources() == null) {
            return null;
        }
        return a.getStatus().getResources().stream()
                .filter(r -> "Widget".equals(r.getKind()))
                .findFirst()
                .orElse(null);
    }

    private void editSettings(Consumer<Map<String, String>> change) {
        var resource = client.configMaps().inNamespace(Apps.NAMESPACE).withName("sextant-cm");
        if (resource.get() == null) {
            Map<String, String> data = new HashMap<>();
            change.accept(data);
            client.resource(new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName("sextant-cm")
                            .withNamespace(Apps.NAMESPACE)
                            .endMetadata()
                            .withData(data)
                            .build())
                    .create();
            return;
        }
        resource.edit(cm -> {
            Map<String, String> data = new HashMap<>(cm.getData() == null ? Map.of() : cm.getData());
            change.accept(data);
            cm.setData(data);
            return cm;
        });
    }
}
