package io.sextant.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sextant.embedded.GitHttpServer;
import io.sextant.model.Application;
import io.sextant.model.ApplicationCondition;
import io.sextant.repo.TreeCommit;
import io.sextant.testing.Apps;
import io.sextant.testing.TestbedResource;
import io.sextant.testing.WithGitServer;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Git server goes away under an automated app with prune and self-heal (security review, anchor
 * case 22): the app says so with a ComparisonError and an Unknown sync status, nothing it deployed is
 * pruned and no sync is started while Git cannot be read; when the server is back, the condition goes
 * and the app is Synced again, with no operation needed. Argo CD does the same (a repository error is a
 * ComparisonError; auto-sync needs a comparison).
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
class GitOutageTest extends WithGitServer {

    static final String CONFIG_MAPS = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: first}
            data: {k: one}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: second}
            data: {k: two}
            """;

    @Inject
    KubernetesClient client;

    @Test
    void anUnreachableGitServerIsAConditionNeverAPruneAndTheAppRecovers() throws Exception {
        Path bare = git.addAnonymous("outage");
        TreeCommit.tree().file("app/cms.yaml", CONFIG_MAPS).commitTo(bare, "main");
        Apps apps = new Apps(client);
        String ns = "git-outage";
        apps.freshNamespace(ns);
        apps.create("outage", git.url("outage"), "main", "app", ns, """
                syncPolicy: {automated: {prune: true, selfHeal: true}}
                """);
        apps.awaitSyncAndHealth("outage", "Synced", "Healthy");
        long operations = operationsStarted(apps);

        Path root = git.root();
        int port = git.port();
        git.close();
        apps.refresh("outage", "normal");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Application a = apps.get("outage");
            assertThat(comparisonErrors(a))
                    .as("conditions")
                    .singleElement()
                    .asString()
                    .contains("cannot fetch")
                    .contains("/outage.git");
            assertThat(a.getStatus().getSync().getStatus()).isEqualTo("Unknown");
        });
        Thread.sleep(3000);
        assertThat(client.configMaps().inNamespace(ns).withName("first").get())
                .as("nothing pruned")
                .isNotNull();
        assertThat(client.configMaps().inNamespace(ns).withName("second").get()).isNotNull();
        assertThat(operationsStarted(apps))
                .as("no sync started while Git cannot be read")
                .isEqualTo(operations);

        git = GitHttpServer.start(root, port);
        git.addAnonymous("outage");
        apps.refresh("outage", "normal");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Application a = apps.get("outage");
            assertThat(comparisonErrors(a)).isEmpty();
            assertThat(a.getStatus().getSync().getStatus()).isEqualTo("Synced");
        });
        assertThat(operationsStarted(apps)).as("Synced again without a sync").isEqualTo(operations);
        apps.delete("outage");
    }

    private static List<String> comparisonErrors(Application a) {
        if (a == null || a.getStatus() == null || a.getStatus().getConditions() == null) {
            return List.of();
        }
        return a.getStatus().getConditions().stream()
                .filter(c -> "ComparisonError".equals(c.getType()))
                .map(ApplicationCondition::getMessage)
                .toList();
    }

    /** Operations this app ran: its history plus one still running. */
    private static long operationsStarted(Apps apps) {
        Application a = apps.get("outage");
        long history = a.getStatus().getHistory() == null
                ? 0
                : a.getStatus().getHistory().size();
        return history + (a.getOperation() != null ? 1 : 0);
    }
}
