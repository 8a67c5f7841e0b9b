package io.sextant.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.sextant.model.Application;

/**
 * JSON merge patches of Applications, one HTTP request each. fabric8's
 * {@code withName(n).patch(context, string)} first GETs the object only to learn its name and
 * namespace; patching through an object that already carries them skips that read, which was a third
 * of the controller's requests under sync load. The answer is the Application as stored after the
 * patch, so callers need no read to learn its new resourceVersion.
 */
final class ApplicationPatcher {

    private final KubernetesClient client;

    ApplicationPatcher(KubernetesClient client) {
        this.client = client;
    }

    /**
     * @return the Application as stored after the patch, or null when it no longer exists
     * @throws KubernetesClientException for any other refusal, 409 Conflict included (a patch that
     *         names a resourceVersion which is no longer current)
     */
    Application mergePatch(String namespace, String name, ObjectNode patch) {
        Application target = new Application();
        target.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        try {
            return client.resources(Application.class).inNamespace(namespace).resource(target)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return null;
            }
            throw e;
        }
    }
}
