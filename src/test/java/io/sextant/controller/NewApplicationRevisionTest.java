package io.sextant.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sextant.embedded.RequestCounts;
import io.sextant.model.Application;
import io.sextant.repo.TreeCommit;
import io.sextant.testing.TestbedResource;
import io.sextant.testing.WithGitServer;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An Application created after a push shows the pushed commit from its first status, with no refresh
 * asked for: it is not compared (and, with auto-sync, synced) first against the older commit the
 * current refresh round fetched for earlier apps of the same repository. A burst of new apps costs a
 * few fetches of the repository, not one each. Real testbed, real git server.
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
class NewApplicationRevisionTest extends WithGitServer {

    private static final String PREFIX = "new-app-rev-";
    private static final int BURST = 20;

    @Inject
    KubernetesClient client;

    @Test
    void anAppCreatedAfterAPushSeesThePushWithoutARefresh() {
        client.resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName("sextant")
                        .endMetadata()
                        .build())
                .serverSideApply();
        Path bare = git.addAnonymous("new-app-rev");
        String url = git.url("new-app-rev");
        String first = commit(bare, "one");
        create(PREFIX + "early", url);
        // The early app's reconcile fetched the repository in this round: the round now knows `first`.
        await().atMost(Duration.ofSeconds(30)).until(() -> first.equals(revision(PREFIX + "early")));

        String second = commit(bare, "two");
        assertThat(second).isNotEqualTo(first);
        RequestCounts before = git.requests("new-app-rev");
        IntStream.range(0, BURST).parallel().forEach(i -> create(PREFIX + i, url));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (int i = 0; i < BURST; i++) {
                assertThat(revision(PREFIX + i))
                        .as("revision in the first status of new app " + i)
                        .isNotNull();
            }
        });
        for (int i = 0; i < BURST; i++) {
            assertThat(revision(PREFIX + i))
                    .as("new app " + i + " compared at the pushed commit")
                    .isEqualTo(second);
        }
        // Every fetch starts with a ref advertisement (info/refs); an up-to-date one needs no upload-pack.
        long fetches = git.requests("new-app-rev").minus(before).infoRefs();
        System.err.printf("%d new apps after a push: %d fetches%n", BURST, fetches);
        assertThat(fetches).as("fetches for %d new apps", BURST).isBetween(1L, (long) BURST / 2);
    }

    @AfterEach
    void deleteApps() {
        client.resources(Application.class)
                .inNamespace("sextant")
                .withLabel("test", "new-app-rev")
                .delete();
    }

    private static String commit(Path bare, String value) {
        return TreeCommit.tree().file("cm.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: new-app-rev}
                data: {value: %s}
                """.formatted(value)).commitToDefaultBranch(bare, "main");
    }

    private void create(String name, String url) {
        client.resource(client.getKubernetesSerialization().unmarshal("""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: %s, namespace: sextant, labels: {test: new-app-rev}}
                spec:
                  project: default
                  source: {repoURL: '%s', path: ., targetRevision: main}
                  destination: {server: https://kubernetes.default.svc, namespace: new-app-rev}
                """.formatted(name, url), Application.class))
                .create();
    }

    private String revision(String name) {
        Application a = client.resources(Application.class)
                .inNamespace("sextant")
                .withName(name)
                .get();
        return a == null || a.getStatus() == null || a.getStatus().getSync() == null
                ? null
                : a.getStatus().getSync().getRevision();
    }
}
