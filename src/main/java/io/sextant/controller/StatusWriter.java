package io.sextant.controller;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.sextant.model.Application;

/**
 * Writes the comparison fields of an Application's status with a JSON merge patch, so it never
 * overwrites what others write at the same time (the spec, {@code operation},
 * {@code status.operationState}, {@code status.history}). Fields set to null are removed.
 * Also removes the {@code argocd.argoproj.io/refresh} annotation once a requested refresh is done.
 */
public final class StatusWriter {

    public static final String REFRESH_ANNOTATION = "argocd.argoproj.io/refresh";

    private final KubernetesClient client;

    public StatusWriter(KubernetesClient client) {
        this.client = client;
    }

    /**
     * @param status the status fields to set (a partial status object)
     * @param clearRefresh whether to remove the refresh annotation in the same write
     * @return false when the Application no longer exists
     */
    public boolean write(String namespace, String name, ObjectNode status, boolean clearRefresh) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        patch.set("status", status);
        if (clearRefresh) {
            patch.putObject("metadata").putObject("annotations").putNull(REFRESH_ANNOTATION);
        }
        try {
            client.resources(Application.class).inNamespace(namespace).withName(name)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }
}
