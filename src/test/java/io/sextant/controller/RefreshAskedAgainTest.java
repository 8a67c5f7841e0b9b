package io.sextant.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sextant.model.Application;
import io.sextant.testing.TestbedResource;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A refresh asked for again while one is pending (a second push arriving while the reconcile of the first
 * is between its fetch and its status write) is not lost. The second ask changes the object (a new
 * {@code sextant.io/refresh-asked-at}), the watch takes it as a new ask, and the write that removes the
 * refresh annotation is guarded by the resourceVersion the reconcile read, so it is refused instead of
 * removing the new ask. Against the testbed's API server, in a namespace the controller does not watch.
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
class RefreshAskedAgainTest {

    private static final String NS = "refresh-asked-again";

    @Inject
    KubernetesClient client;

    @Test
    void aSecondAskWhileARefreshIsPendingIsNotRemovedByTheFirstOnesWrite() {
        client.resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(NS)
                        .endMetadata()
                        .build())
                .serverSideApply();
        client.resources(Application.class).inNamespace(NS).withName("twice").delete();
        client.resource("""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: twice, namespace: %s}
                spec:
                  project: default
                  source: {repoURL: 'http://git.example/repo.git', path: app, targetRevision: main}
                  destination: {server: 'https://kubernetes.default.svc', namespace: a}
                """.formatted(NS)).create();
        ask("2026-11-29T10:00:00.000001Z");
        Application firstReconcileRead = read(); // the first reconcile reads the app, then fetches...
        ask("2026-11-29T10:00:00.000002Z"); // ...and a second push asks again meanwhile

        StatusWriter writer = new StatusWriter(new ApplicationPatcher(client));
        ObjectNode status = JsonNodeFactory.instance.objectNode();
        status.putObject("sync").put("status", "Synced").put("revision", "first-push");
        assertThatThrownBy(() -> writer.write(firstReconcileRead, status, true))
                .as("the first reconcile's write, which would remove the second ask")
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(read().getMetadata().getAnnotations())
                .containsEntry(StatusWriter.REFRESH_ANNOTATION, "normal")
                .containsEntry(StatusWriter.REFRESH_ASKED_ANNOTATION, "2026-11-29T10:00:00.000002Z");
        assertThat(ApplicationWatcher.askedAgain(firstReconcileRead, read()))
                .as("the watch takes the second ask as new, so its reconcile fetches again")
                .isTrue();

        Application secondReconcileRead = read();
        assertThat(writer.write(secondReconcileRead, status, true)).isTrue();
        assertThat(read().getMetadata().getAnnotations())
                .as("served: both annotations gone")
                .doesNotContainKeys(StatusWriter.REFRESH_ANNOTATION, StatusWriter.REFRESH_ASKED_ANNOTATION);
        client.resources(Application.class).inNamespace(NS).withName("twice").delete();
    }

    @Test
    void whatCountsAsAskingAgain() {
        Application none = app(Map.of());
        Application asked =
                app(Map.of(StatusWriter.REFRESH_ANNOTATION, "normal", StatusWriter.REFRESH_ASKED_ANNOTATION, "t1"));
        Application same =
                app(Map.of(StatusWriter.REFRESH_ANNOTATION, "normal", StatusWriter.REFRESH_ASKED_ANNOTATION, "t1"));
        Application again =
                app(Map.of(StatusWriter.REFRESH_ANNOTATION, "normal", StatusWriter.REFRESH_ASKED_ANNOTATION, "t2"));
        Application hard =
                app(Map.of(StatusWriter.REFRESH_ANNOTATION, "hard", StatusWriter.REFRESH_ASKED_ANNOTATION, "t1"));
        Application byKubectl = app(Map.of(StatusWriter.REFRESH_ANNOTATION, "normal"));
        assertThat(ApplicationWatcher.askedAgain(null, asked)).as("first seen").isTrue();
        assertThat(ApplicationWatcher.askedAgain(none, asked))
                .as("annotation set")
                .isTrue();
        assertThat(ApplicationWatcher.askedAgain(asked, same))
                .as("an unrelated update")
                .isFalse();
        assertThat(ApplicationWatcher.askedAgain(asked, again))
                .as("asked again while pending")
                .isTrue();
        assertThat(ApplicationWatcher.askedAgain(asked, hard))
                .as("normal became hard")
                .isTrue();
        assertThat(ApplicationWatcher.askedAgain(byKubectl, byKubectl))
                .as("kubectl's annotation, unchanged")
                .isFalse();
        assertThat(ApplicationWatcher.askedAgain(asked, none)).as("served").isFalse();
    }

    private void ask(String at) {
        // What ApplicationRefresher.requestRefresh sends, with a fixed time.
        client.resources(Application.class)
                .inNamespace(NS)
                .withName("twice")
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        StatusWriter.refreshAskPatch("normal", Instant.parse(at)));
    }

    private Application read() {
        return client.resources(Application.class)
                .inNamespace(NS)
                .withName("twice")
                .get();
    }

    private static Application app(Map<String, String> annotations) {
        Application a = new Application();
        a.setMetadata(new ObjectMetaBuilder()
                .withName("a")
                .withAnnotations(annotations)
                .build());
        return a;
    }
}
