package io.sextant.auth;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.sextant.config.ClusterSettings;
import io.sextant.testing.TestbedResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh namespace on the real testbed for one test, deleted afterwards; it plays Sextant's
 * control-plane namespace.
 */
final class TestCluster implements AutoCloseable {

    private static KubernetesClient shared;

    final KubernetesClient client;
    final String namespace;

    private TestCluster(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    static synchronized TestCluster create() {
        if (shared == null) {
            try {
                shared = new KubernetesClientBuilder()
                        .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig())))
                        .build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String ns = "auth-test-" + UUID.randomUUID().toString().substring(0, 8);
        shared.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(ns)
                        .endMetadata()
                        .build())
                .create();
        return new TestCluster(shared, ns);
    }

    /**
     * The testbed's kubeconfig. Asked twice at most: on a freshly started testbed, the CRD
     * "established" wait in TestbedResource can fail once when it runs before the CRDs have any
     * status; the second call finds the testbed up and the CRDs settled.
     */
    private static Path kubeconfig() {
        try {
            return TestbedResource.kubeconfig();
        } catch (IllegalStateException e) {
            return TestbedResource.kubeconfig();
        }
    }

    /** Writes sextant-cm with {@code data} (replacing what was there). */
    void settings(Map<String, String> data) {
        client.configMaps()
                .inNamespace(namespace)
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName(ClusterSettings.CONFIG_MAP)
                        .withNamespace(namespace)
                        .endMetadata()
                        .withData(data)
                        .build())
                .serverSideApply();
    }

    /** A Secret's decoded data; empty when it does not exist. */
    Map<String, String> secretData(String name) {
        return AccountStore.decode(
                client.secrets().inNamespace(namespace).withName(name).get());
    }

    Secret secret(String name) {
        return client.secrets().inNamespace(namespace).withName(name).get();
    }

    static byte[] base64(String value) {
        return Base64.getDecoder().decode(value.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void close() {
        client.namespaces().withName(namespace).delete();
    }
}
