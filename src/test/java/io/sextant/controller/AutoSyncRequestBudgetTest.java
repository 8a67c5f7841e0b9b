package io.sextant.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sextant.model.Application;
import io.sextant.repo.TreeCommit;
import io.sextant.testing.ApiServerRequests;
import io.sextant.testing.TestbedResource;
import io.sextant.testing.WithGitServer;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Issue 28's regression guard: what an automated sync costs the API server, counted by the API server
 * itself. 500 one-ConfigMap apps with {@code syncPolicy.automated} are created and synced, then a push
 * changes every ConfigMap and one refresh round (a webhook's) syncs them again. The requests per app
 * may not rise above what bench/sync measured at 1,000 apps (RESULTS.md): 4 for the first sync, the
 * app's own create included (the sync itself: the apply, one Application write, Events under their
 * burst budget), and 3 for the push. A change that adds a GET, a second status write or an Event per
 * sync fails here, long before a fleet benchmark would show it.
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
class AutoSyncRequestBudgetTest extends WithGitServer {

    private static final String NS = "sextant";
    private static final String TARGET = "request-budget";
    private static final int APPS = 500;

    @Inject
    KubernetesClient client;

    @Inject
    ApplicationController controller;

    @Test
    void anAutomatedSyncCostsAtMostFourRequestsAndAPushedOneThree() throws Exception {
        Path bare = git.addAnonymous("request-budget");
        String first = commit(bare, "one");
        String url = git.url("request-budget");
        client.resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(TARGET)
                        .endMetadata()
                        .build())
                .serverSideApply();
        awaitIdle();
        try {
            Map<String, Long> before = ApiServerRequests.counts(client);
            parallel(i -> client.resource(app(i, url)).create());
            awaitAll(c -> first.equals(c.revision()) && "Synced".equals(c.syncStatus()));
            awaitIdle();
            Map<String, Long> created = ApiServerRequests.minus(ApiServerRequests.counts(client), before);
            double perApp = ApiServerRequests.total(created) / (double) APPS;
            System.out.printf(
                    Locale.ROOT,
                    "request budget: first sync %.2f requests per app [%s]%n",
                    perApp,
                    ApiServerRequests.perApp(created, APPS));
            assertThat(perApp)
                    .as(
                            "requests per app, create and first automated sync (%s)",
                            ApiServerRequests.perApp(created, APPS))
                    .isLessThanOrEqualTo(4.0);

            String second = commit(bare, "two");
            before = ApiServerRequests.counts(client);
            controller.refreshAll();
            awaitAll(c -> second.equals(c.revision()) && "Synced".equals(c.syncStatus()));
            awaitIdle();
            Map<String, Long> pushed = ApiServerRequests.minus(ApiServerRequests.counts(client), before);
            perApp = ApiServerRequests.total(pushed) / (double) APPS;
            System.out.printf(
                    Locale.ROOT,
                    "request budget: push %.2f requests per app [%s]%n",
                    perApp,
                    ApiServerRequests.perApp(pushed, APPS));
            assertThat(perApp)
                    .as("requests per app, automated sync of a push (%s)", ApiServerRequests.perApp(pushed, APPS))
                    .isLessThanOrEqualTo(3.0);
            assertThat(client.configMaps().inNamespace(TARGET).list().getItems().stream()
                            .filter(cm -> cm.getMetadata().getName().startsWith("cm-"))
                            .toList())
                    .hasSize(APPS)
                    .allSatisfy(cm -> assertThat(cm.getData()).containsEntry("value", "two"));
        } finally {
            parallel(i -> client.resources(Application.class)
                    .inNamespace(NS)
                    .withName(name(i))
                    .delete());
            client.namespaces().withName(TARGET).delete();
            await().atMost(Duration.ofMinutes(2))
                    .until(() -> client.resources(Application.class)
                            .inNamespace(NS)
                            .withLabel("test", TARGET)
                            .list()
                            .getItems()
                            .isEmpty());
        }
    }

    private static String commit(Path bare, String value) {
        TreeCommit tree = TreeCommit.tree();
        for (int i = 0; i < APPS; i++) {
            tree.file(String.format(Locale.ROOT, "apps/%03d/cm.yaml", i), """
                    apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: cm-%d}
                    data: {value: %s}
                    """.formatted(i, value));
        }
        return tree.commitToDefaultBranch(bare, "main");
    }

    private Application app(int i, String url) {
        return client.getKubernetesSerialization()
                .unmarshal(
                        """
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: %s, namespace: %s, labels: {test: %s}}
                spec:
                  project: default
                  source: {repoURL: '%s', path: %s, targetRevision: main}
                  destination: {server: https://kubernetes.default.svc, namespace: %s}
                  syncPolicy: {automated: {}}
                """.formatted(name(i), NS, TARGET, url, String.format(Locale.ROOT, "apps/%03d", i), TARGET),
                        Application.class);
    }

    private static String name(int i) {
        return "budget-" + i;
    }

    /** Every app's latest comparison in the controller's memory satisfies {@code done} (no API reads). */
    private void awaitAll(Predicate<Comparison> done) {
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    for (int i = 0; i < APPS; i++) {
                        if (controller.comparison(name(i)).filter(done).isEmpty()) {
                            return false;
                        }
                    }
                    return true;
                });
    }

    private void awaitIdle() throws InterruptedException {
        for (int quiet = 0; quiet < 3; ) {
            Thread.sleep(500);
            quiet = controller.idle() ? quiet + 1 : 0;
        }
    }

    /** A client creating (or deleting) apps as fast as it can: 16 at a time. */
    private static void parallel(java.util.function.IntConsumer task) throws Exception {
        io.sextant.testing.Parallel.run(APPS, task);
    }
}
