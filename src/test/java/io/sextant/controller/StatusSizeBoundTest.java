package io.sextant.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sextant.model.Application;
import io.sextant.model.ApplicationCondition;
import io.sextant.model.OperationState;
import io.sextant.repo.TreeCommit;
import io.sextant.testing.ApplicationWrites;
import io.sextant.testing.Apps;
import io.sextant.testing.TestbedResource;
import io.sextant.testing.WithGitServer;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 24, fault 7: an app whose status would outgrow what the API server stores. 2,000 ConfigMaps with
 * 250-character names make {@code status.resources} and the sync result about 2 MB together; etcd refuses
 * an object over 1.5 MiB ("etcdserver: request is too large", a 500). The controller bounds both lists
 * before writing, says so, and settles: no write repeated in a loop, the app Synced and Healthy, every
 * object there, one history entry; when the app shrinks again the full list and no warning come back.
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
class StatusSizeBoundTest extends WithGitServer {

    private static final int COUNT = 2_000;

    @Inject
    KubernetesClient client;

    @Test
    void aStatusLargerThanTheApiServerStoresIsBoundedAndTheAppSettles() throws Exception {
        Path bare = git.addAnonymous("huge-status");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < COUNT; i++) {
            many.append("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ")
                    .append(name(i))
                    .append("}\ndata: {k: v}\n---\n");
        }
        TreeCommit.tree().file("app/cms.yaml", many.toString()).commitTo(bare, "main");
        Apps apps = new Apps(client);
        String ns = "huge-status";
        apps.freshNamespace(ns);
        apps.create("huge-status", git.url("huge-status"), "main", "app", ns, """
                syncPolicy:
                  automated: {prune: true, selfHeal: true}
                  # Background: 1,999 foreground deletions would queue in kube-controller-manager's garbage
                  # collector for minutes and hold up other tests' prunes.
                  syncOptions: [PrunePropagationPolicy=background]
                """);

        await().atMost(Duration.ofSeconds(240))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    Application a = apps.get("huge-status");
                    assertThat(a.getStatus()).isNotNull();
                    assertThat(a.getStatus().getOperationState()).isNotNull();
                    assertThat(a.getStatus().getOperationState().getPhase())
                            .as(a.getStatus().getOperationState().getMessage())
                            .isEqualTo("Succeeded");
                    assertThat(a.getStatus().getSync().getStatus()).isEqualTo("Synced");
                });
        apps.awaitSyncAndHealth("huge-status", "Synced", "Healthy");
        assertThat(client.configMaps().inNamespace(ns).list().getItems().stream()
                        .filter(cm -> cm.getMetadata().getName().startsWith("cm-"))
                        .count())
                .as("every object applied")
                .isEqualTo(COUNT);

        Application a = apps.get("huge-status");
        OperationState op = a.getStatus().getOperationState();
        assertThat(op.getSyncResult().getResources().size())
                .as("the sync result stored is bounded")
                .isLessThan(COUNT);
        assertThat(op.getMessage()).contains("resources, synced ones first, are not stored");
        assertThat(a.getStatus().getResources().size())
                .as("status.resources is bounded")
                .isLessThan(COUNT)
                .isGreaterThan(100);
        assertThat(warnings(a))
                .singleElement()
                .asString()
                .contains(
                        "status.resources lists " + a.getStatus().getResources().size() + " of the app's " + COUNT);
        assertThat(a.getStatus().getHistory()).as("one sync recorded").hasSize(1);
        assertThat(client.getKubernetesSerialization().asJson(a).length())
                .as("the stored Application stays well under etcd's 1.5 MiB")
                .isLessThan(1_200_000);

        // Settled: no status written again and again (a refused write retried on every reconcile would be).
        int modified = ApplicationWrites.during(client, Apps.NAMESPACE, "huge-status", Duration.ofSeconds(20));
        assertThat(modified).as("writes of a settled app in 20 s").isLessThanOrEqualTo(2);
        assertThat(apps.get("huge-status").getStatus().getHistory()).hasSize(1);

        // Shrunk again: the whole list and no warning.
        TreeCommit.tree()
                .file(
                        "app/cms.yaml",
                        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: " + name(0) + "}\ndata: {k: v}\n")
                .commitTo(bare, "main");
        apps.refresh("huge-status", "normal");
        await().atMost(Duration.ofSeconds(240))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    Application b = apps.get("huge-status");
                    assertThat(b.getStatus().getHistory()).hasSize(2);
                    assertThat(b.getStatus().getSync().getStatus()).isEqualTo("Synced");
                    assertThat(b.getStatus().getResources()).hasSize(1);
                    assertThat(warnings(b)).isEmpty();
                });
        assertThat(client.configMaps().inNamespace(ns).list().getItems().stream()
                        .filter(cm -> cm.getMetadata().getName().startsWith("cm-"))
                        .filter(cm -> cm.getMetadata().getDeletionTimestamp() == null)
                        .count())
                .as("the rest pruned")
                .isEqualTo(1);
        apps.delete("huge-status");
    }

    /** A 250-character ConfigMap name, the i-th. */
    private static String name(int i) {
        return "cm-" + "a".repeat(240) + String.format("-%05d", i);
    }

    private static List<String> warnings(Application a) {
        List<ApplicationCondition> conditions = a.getStatus().getConditions() == null
                ? List.of()
                : a.getStatus().getConditions();
        return conditions.stream()
                .filter(c -> StatusBudget.WARNING.equals(c.getType()))
                .map(ApplicationCondition::getMessage)
                .toList();
    }
}
