package io.sextant.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.sextant.model.ResourceKey;
import io.sextant.testing.Parallel;
import io.sextant.testing.TestbedResource;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A kind's watch is ready only when every object its first list holds can be read from the cache: a controller
 * that compares right after {@link LiveStateCache#watch} returns must not find existing objects Missing (at
 * 50,000 ConfigMaps a restarted controller wrote apps Missing and OutOfSync that way), on the testbed.
 */
class LiveStateCacheStartTest {

    private static final String NS = "cache-start";
    private static final int OBJECTS = 1500;

    @Test
    void everyListedObjectIsReadableOnceWatchReturns() throws Exception {
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(TestbedResource.kubeconfig())))
                .build()) {
            client.namespaces().withName(NS).delete();
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> client.namespaces().withName(NS).get() == null);
            client.resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(NS)
                            .endMetadata()
                            .build())
                    .create();
            Parallel.run(
                    OBJECTS,
                    i -> client.resource(new ConfigMapBuilder()
                                    .withNewMetadata()
                                    .withName("cm-" + i)
                                    .withNamespace(NS)
                                    .endMetadata()
                                    .addToData("i", Integer.toString(i))
                                    .build())
                            .create());
            try (LiveStateCache cache = new LiveStateCache(client, TrackingMethod.ANNOTATION, List.of(NS), false)) {
                cache.watch(new ResourceDefinitionContext.Builder()
                        .withGroup("")
                        .withVersion("v1")
                        .withKind("ConfigMap")
                        .withPlural("configmaps")
                        .withNamespaced(true)
                        .build());
                long missing = java.util.stream.IntStream.range(0, OBJECTS)
                        .filter(i -> cache.get(new ResourceKey("", "ConfigMap", NS, "cm-" + i))
                                .isEmpty())
                        .count();
                assertThat(missing)
                        .as("objects the first list held but the cache could not give")
                        .isZero();
                assertThat(cache.get(new ResourceKey("", "ConfigMap", NS, "cm-7"))
                                .orElseThrow()
                                .path("data")
                                .path("i")
                                .asText())
                        .isEqualTo("7");
            } finally {
                client.namespaces().withName(NS).delete();
            }
        }
    }
}
