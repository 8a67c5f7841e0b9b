package io.sextant.auth;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes single keys of a ConfigMap that every server replica shares (revoked tokens, login lockouts):
 * a JSON merge patch of just those keys, which never conflicts between replicas (a null value removes
 * its key); the ConfigMap is created on first use, and a replica that loses that race patches again.
 * Stateless.
 */
final class SharedKeys {

    private SharedKeys() {}

    /**
     * @param data keys to set, or to remove where the value is null
     * @throws KubernetesClientException when the API server refuses the write
     */
    static void write(KubernetesClient client, String namespace, String name, Map<String, ?> data) {
        ObjectNode patchData = JsonNodeFactory.instance.objectNode();
        data.forEach((k, v) -> {
            if (v == null) {
                patchData.putNull(k);
            } else {
                patchData.put(k, v.toString());
            }
        });
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.set("data", patchData);
        String patch = root.toString();
        var cms = client.configMaps().inNamespace(namespace);
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                cms.withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
            Map<String, String> initial = new HashMap<>();
            data.forEach((k, v) -> {
                if (v != null) {
                    initial.put(k, v.toString());
                }
            });
            try {
                cms.resource(new ConfigMapBuilder()
                                .withNewMetadata()
                                .withName(name)
                                .withNamespace(namespace)
                                .addToLabels(AccountStore.PART_OF, "sextant")
                                .endMetadata()
                                .withData(initial)
                                .build())
                        .create();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                // Another replica created it meanwhile: patch again.
            }
        }
        throw new IllegalStateException("ConfigMap " + namespace + "/" + name + " could not be written");
    }
}
