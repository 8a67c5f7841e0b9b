package io.sextant.kube;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the API server serves: for an apiVersion and kind, the plural resource name and whether
 * it is namespaced. Answers are cached per group/version; {@link #forget()} drops them (after a
 * CRD is installed, say). Thread-safe.
 */
public final class ApiDiscovery {

    private final KubernetesClient client;
    private final Map<String, Map<String, ResourceDefinitionContext>> byGroupVersion = new ConcurrentHashMap<>();

    public ApiDiscovery(KubernetesClient client) {
        this.client = client;
    }

    /** The resource serving {@code kind} in {@code apiVersion}, or empty when the server has none. */
    public Optional<ResourceDefinitionContext> find(String apiVersion, String kind) {
        Map<String, ResourceDefinitionContext> kinds = byGroupVersion.computeIfAbsent(apiVersion, this::load);
        ResourceDefinitionContext found = kinds.get(kind);
        if (found == null && !kinds.isEmpty()) {
            // A CRD installed since the last look: ask once more.
            byGroupVersion.remove(apiVersion);
            found = byGroupVersion.computeIfAbsent(apiVersion, this::load).get(kind);
        }
        return Optional.ofNullable(found);
    }

    /** As {@link #find}, failing with a message a user can act on. */
    public ResourceDefinitionContext require(String apiVersion, String kind) {
        return find(apiVersion, kind)
                .orElseThrow(() -> new KubernetesClientException("the server does not serve kind " + kind + " in "
                        + apiVersion + " (is its CRD installed, or is the apiVersion right?)"));
    }

    public void forget() {
        byGroupVersion.clear();
    }

    private Map<String, ResourceDefinitionContext> load(String apiVersion) {
        APIResourceList list;
        try {
            list = client.getApiResources(apiVersion);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return Map.of();
            }
            throw e;
        }
        if (list == null || list.getResources() == null) {
            return Map.of();
        }
        Map<String, ResourceDefinitionContext> kinds = new ConcurrentHashMap<>();
        for (APIResource r : list.getResources()) {
            if (r.getName().contains("/")) {
                continue; // subresources such as deployments/status
            }
            kinds.putIfAbsent(r.getKind(), ResourceDefinitionContext.fromApiResource(apiVersion, r));
        }
        return kinds;
    }
}
