package io.sextant.controller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.sextant.model.Application;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Watches the Applications of the control-plane namespace and asks for a reconcile when one is
 * created, its spec or operation changes, or it carries the refresh annotation. Status writes
 * (ours, every refresh) do not trigger one: without a status subresource they look like any
 * other update, so the spec is compared instead of the generation.
 */
public final class ApplicationWatcher implements AutoCloseable {

    private final SharedIndexInformer<Application> informer;
    private final io.fabric8.kubernetes.client.utils.KubernetesSerialization serialization;

    public ApplicationWatcher(KubernetesClient client, String namespace, Consumer<String> enqueue,
            Consumer<String> onDelete) {
        this.serialization = client.getKubernetesSerialization();
        this.informer = client.resources(Application.class).inNamespace(namespace).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Application app) {
                enqueue.accept(app.getMetadata().getName());
            }

            @Override
            public void onUpdate(Application before, Application after) {
                if (!sameJson(before.getSpec(), after.getSpec())
                        || !sameJson(before.getOperation(), after.getOperation())
                        || refreshRequested(after)
                        || after.getMetadata().getDeletionTimestamp() != null) {
                    enqueue.accept(after.getMetadata().getName());
                }
            }

            @Override
            public void onDelete(Application app, boolean unknownFinalState) {
                onDelete.accept(app.getMetadata().getName());
            }
        }, 0);
    }

    /** The cached Application, as last seen; null when it does not exist. */
    public Application get(String namespace, String name) {
        return informer.getStore().getByKey(namespace + "/" + name);
    }

    /** Names of all Applications known. */
    public java.util.List<String> names() {
        return informer.getStore().list().stream().map(a -> a.getMetadata().getName()).toList();
    }

    /** Value equality of model objects, which have none of their own. */
    private boolean sameJson(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        return serialization.convertValue(a, com.fasterxml.jackson.databind.JsonNode.class)
                .equals(serialization.convertValue(b, com.fasterxml.jackson.databind.JsonNode.class));
    }

    static boolean refreshRequested(Application app) {
        Map<String, String> annotations = app.getMetadata().getAnnotations();
        return annotations != null && annotations.containsKey(StatusWriter.REFRESH_ANNOTATION);
    }

    @Override
    public void close() {
        informer.close();
    }
}
