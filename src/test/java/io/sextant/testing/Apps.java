package io.sextant.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.sextant.model.Application;
import io.sextant.model.OperationState;
import java.time.Duration;

/** What a test does with kubectl around Applications: create them, refresh them, apply by hand. */
public final class Apps {

    public static final String NAMESPACE = "sextant";

    private final KubernetesClient client;

    public Apps(KubernetesClient client) {
        this.client = client;
    }

    /** A fresh, empty namespace (deleted first if an earlier run left it). */
    public void freshNamespace(String ns) {
        client.namespaces().withName(ns).delete();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> client.namespaces().withName(ns).get() == null);
        client.resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(NAMESPACE)
                        .endMetadata()
                        .build())
                .serverSideApply();
        client.resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(ns)
                        .endMetadata()
                        .build())
                .serverSideApply();
    }

    /**
     * Creates (replacing an old one) the Application {@code name} with {@code specExtra} (YAML lines
     * indented for {@code spec:}) added to its source and destination.
     */
    public Application create(
            String name, String repoUrl, String revision, String path, String destNamespace, String specExtra) {
        client.resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(NAMESPACE)
                        .endMetadata()
                        .build())
                .serverSideApply();
        Application app = client.getKubernetesSerialization()
                .unmarshal(
                        """
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: %s, namespace: %s}
                spec:
                  project: default
                  source: {repoURL: '%s', path: '%s', targetRevision: '%s'}
                  destination: {server: https://kubernetes.default.svc, namespace: %s}
                %s
                """.formatted(name, NAMESPACE, repoUrl, path, revision, destNamespace, specExtra.indent(2)),
                        Application.class);
        client.resource(app).delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> get(name) == null);
        return client.resource(app).create();
    }

    public Application get(String name) {
        return client.resources(Application.class)
                .inNamespace(NAMESPACE)
                .withName(name)
                .get();
    }

    public void delete(String name) {
        client.resources(Application.class)
                .inNamespace(NAMESPACE)
                .withName(name)
                .delete();
    }

    /** Sets the refresh annotation, as {@code argocd app get --refresh} does. */
    public void refresh(String name, String mode) {
        // A merge patch, as kubectl annotate does: no resourceVersion, so the controller's status writes never
        // conflict.
        client.resources(Application.class)
                .inNamespace(NAMESPACE)
                .withName(name)
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"metadata\": {\"annotations\": {\"argocd.argoproj.io/refresh\": \"" + mode + "\"}}}");
    }

    /** Waits until the Application has a comparison status. */
    public void awaitStatus(String name) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Application a = get(name);
            return a != null && a.getStatus() != null && a.getStatus().getSync() != null;
        });
    }

    /** Waits until the Application's operation ended in {@code phase} and was cleared; returns its state. */
    public OperationState awaitOperation(String name, String phase, Duration within) {
        await().atMost(within)
                .ignoreExceptionsInstanceOf(KubernetesClientException.class)
                .untilAsserted(() -> {
                    Application a = get(name);
                    assertThat(a.getStatus()).as("status of " + name).isNotNull();
                    assertThat(a.getStatus().getOperationState()).isNotNull();
                    assertThat(a.getOperation()).isNull();
                    assertThat(a.getStatus().getOperationState().getPhase())
                            .as(() -> a.getStatus().getOperationState().getMessage())
                            .isEqualTo(phase);
                });
        return get(name).getStatus().getOperationState();
    }

    /** Waits until the Application shows {@code sync} and {@code health}. */
    public void awaitSyncAndHealth(String name, String sync, String health) {
        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptionsInstanceOf(KubernetesClientException.class)
                .untilAsserted(() -> {
                    Application a = get(name);
                    assertThat(a.getStatus()).as(name + " status").isNotNull();
                    assertThat(a.getStatus().getSync()).as(name + " sync").isNotNull();
                    assertThat(a.getStatus().getHealth()).as(name + " health").isNotNull();
                    // A wrong status names the app's conditions and last operation: what a user would read.
                    String why = " (conditions: "
                            + (a.getStatus().getConditions() == null
                                    ? "none"
                                    : a.getStatus().getConditions().stream()
                                            .map(c -> c.getType() + ": " + c.getMessage())
                                            .toList())
                            + "; operation: "
                            + (a.getStatus().getOperationState() == null
                                    ? "none"
                                    : a.getStatus().getOperationState().getMessage())
                            + ")";
                    assertThat(a.getStatus().getSync().getStatus())
                            .as(name + " sync" + why)
                            .isEqualTo(sync);
                    assertThat(a.getStatus().getHealth().getStatus())
                            .as(name + " health")
                            .isEqualTo(health);
                });
    }

    /** {@code kubectl patch --type merge} of the Application. */
    public void patch(String name, String json) {
        client.resources(Application.class)
                .inNamespace(NAMESPACE)
                .withName(name)
                .patch(PatchContext.of(PatchType.JSON_MERGE), json);
    }

    /** {@code kubectl apply --server-side} of {@code yaml} into {@code ns} with the given field manager. */
    public void applyByHand(String ns, String yaml, String fieldManager) {
        // Generic objects, so exactly the fields written are applied (typed models may add empty ones).
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            if (doc.isBlank()) {
                continue;
            }
            GenericKubernetesResource generic =
                    client.getKubernetesSerialization().unmarshal(doc, GenericKubernetesResource.class);
            client.resource(generic)
                    .inNamespace(ns)
                    .fieldManager(fieldManager)
                    .forceConflicts()
                    .serverSideApply();
        }
    }
}
