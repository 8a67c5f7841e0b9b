package io.sextant.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sextant.model.Application;
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
        await().atMost(Duration.ofSeconds(60)).until(() -> client.namespaces().withName(ns).get() == null);
        client.resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).serverSideApply();
        client.resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).serverSideApply();
    }

    /**
     * Creates (replacing an old one) the Application {@code name} with {@code specExtra} (YAML lines
     * indented for {@code spec:}) added to its source and destination.
     */
    public Application create(String name, String repoUrl, String revision, String path, String destNamespace,
            String specExtra) {
        client.resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).serverSideApply();
        Application app = client.getKubernetesSerialization().unmarshal("""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: %s, namespace: %s}
                spec:
                  project: default
                  source: {repoURL: '%s', path: '%s', targetRevision: '%s'}
                  destination: {server: https://kubernetes.default.svc, namespace: %s}
                %s
                """.formatted(name, NAMESPACE, repoUrl, path, revision, destNamespace,
                specExtra.indent(2)), Application.class);
        client.resource(app).delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> get(name) == null);
        return client.resource(app).create();
    }

    public Application get(String name) {
        return client.resources(Application.class).inNamespace(NAMESPACE).withName(name).get();
    }

    public void delete(String name) {
        client.resources(Application.class).inNamespace(NAMESPACE).withName(name).delete();
    }

    /** Sets the refresh annotation, as {@code argocd app get --refresh} does. */
    public void refresh(String name, String mode) {
        // A merge patch, as kubectl annotate does: no resourceVersion, so the controller's status writes never conflict.
        client.resources(Application.class).inNamespace(NAMESPACE).withName(name).patch(
                io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                "{\"metadata\": {\"annotations\": {\"argocd.argoproj.io/refresh\": \"" + mode + "\"}}}");
    }

    /** {@code kubectl patch --type merge} of the Application. */
    public void patch(String name, String json) {
        client.resources(Application.class).inNamespace(NAMESPACE).withName(name).patch(
                io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                json);
    }

    /** {@code kubectl apply --server-side} of {@code yaml} into {@code ns} with the given field manager. */
    public void applyByHand(String ns, String yaml, String fieldManager) {
        // Generic objects, so exactly the fields written are applied (typed models may add empty ones).
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            if (doc.isBlank()) {
                continue;
            }
            GenericKubernetesResource generic = client.getKubernetesSerialization().unmarshal(doc,
                    GenericKubernetesResource.class);
            client.resource(generic).inNamespace(ns).fieldManager(fieldManager).forceConflicts().serverSideApply();
        }
    }
}
