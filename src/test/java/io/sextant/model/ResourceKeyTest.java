package io.sextant.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import org.junit.jupiter.api.Test;

/** ResourceKey prints and parses Argo CD's tracking-id form group/kind:namespace/name. */
class ResourceKeyTest {

    @Test
    void printsArgosTrackingIdForm() {
        assertEquals(
                "apps/Deployment:payments/web", new ResourceKey("apps", "Deployment", "payments", "web").toString());
        assertEquals(
                "/ConfigMap:payments/settings",
                ResourceKey.of(new ConfigMapBuilder()
                                .withNewMetadata()
                                .withName("settings")
                                .withNamespace("payments")
                                .endMetadata()
                                .build())
                        .toString());
        assertEquals(
                "rbac.authorization.k8s.io/ClusterRole:/system:controller:x",
                ResourceKey.of(new ClusterRoleBuilder()
                                .withNewMetadata()
                                .withName("system:controller:x")
                                .endMetadata()
                                .build())
                        .toString());
    }

    @Test
    void parsesWhatItPrints() {
        for (ResourceKey key : new ResourceKey[] {
            new ResourceKey("apps", "Deployment", "payments", "web"),
            new ResourceKey(null, "Namespace", null, "payments"),
            new ResourceKey("rbac.authorization.k8s.io", "ClusterRole", "", "system:controller:x"),
        }) {
            assertEquals(key, ResourceKey.parse(key.toString()));
        }
    }

    @Test
    void rejectsOtherText() {
        for (String text : new String[] {
            "", "Deployment", "apps/Deployment", "apps/Deployment:ns", "apps/:ns/web", "apps/Deployment:ns/"
        }) {
            assertThrows(IllegalArgumentException.class, () -> ResourceKey.parse(text), text);
        }
    }
}
