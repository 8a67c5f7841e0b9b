package io.sextant.service;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sextant.controller.shard.Sharding;
import io.sextant.model.Application;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Which controller replica a server asks about an app: the one that owns it. Controller replicas share the
 * Applications (package {@code controller.shard}) and only the owner has compared an app, so its tree and
 * diff must be read there. The owner's id is the app's {@code sextant.io/controller-replica} label; where
 * that replica is reached, the {@code sextant.io/controller-url} annotation of its Lease (its
 * {@code sextant.controller.advertise-url}). An app not yet labelled, a replica that states no URL, or a
 * Lease that cannot be read: the configured {@code sextant.controller-url}. Lease reads are kept 5 s.
 */
final class ControllerReplicas {

    private static final long KEEP_NANOS = 5_000_000_000L;

    private record Known(Optional<URI> url, long at) {}

    private final KubernetesClient client;
    private final String namespace;
    private final Function<String, Optional<Application>> applications;
    private final Map<String, Known> urls = new ConcurrentHashMap<>();

    ControllerReplicas(
            KubernetesClient client, String namespace, Function<String, Optional<Application>> applications) {
        this.client = client;
        this.namespace = namespace;
        this.applications = applications;
    }

    /** The base URL of the replica that owns the app of that key, or {@code fallback}. */
    URI baseFor(String key, URI fallback) {
        String owner = applications
                .apply(key)
                .map(a -> a.getMetadata().getLabels())
                .map(l -> l.get(Sharding.OWNER_LABEL))
                .orElse(null);
        if (owner == null || owner.isBlank()) {
            return fallback;
        }
        long now = System.nanoTime();
        Known known = urls.get(owner);
        if (known == null || now - known.at() > KEEP_NANOS) {
            known = new Known(read(owner), now);
            if (urls.size() > 1_000) {
                urls.clear(); // replicas come and go with new ids: never grow without bound
            }
            urls.put(owner, known);
        }
        return known.url().orElse(fallback);
    }

    private Optional<URI> read(String owner) {
        try {
            Lease lease = client.leases()
                    .inNamespace(namespace)
                    .withName(Sharding.LEASE_PREFIX + owner)
                    .get();
            String url = lease == null || lease.getMetadata().getAnnotations() == null
                    ? null
                    : lease.getMetadata().getAnnotations().get(Sharding.URL_ANNOTATION);
            if (url == null || !url.matches("https?://[^/\\s]+/?")) {
                return Optional.empty();
            }
            return Optional.of(URI.create(url.endsWith("/") ? url : url + "/"));
        } catch (KubernetesClientException e) {
            return Optional.empty(); // the configured URL then; its answer says what is wrong
        }
    }
}
