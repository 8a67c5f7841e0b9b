package io.sextant.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.cache.LiveStateCache;
import io.sextant.controller.ApplicationController;
import io.sextant.controller.ComparedResource;
import io.sextant.controller.Comparison;
import io.sextant.diff.SecretMasker;
import io.sextant.model.ResourceKey;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * What an Application's resources look like, for the API's {@code managed-resources} (target and
 * live state per resource, Secrets masked) and {@code resource-tree} (the managed objects and what
 * they own: Deployment → ReplicaSet → Pod). Both come from the controller of this process; a
 * server-only process answers that it has no comparison yet.
 */
@ApplicationScoped
public class ApplicationResources {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final ApplicationService applications;
    private final ApplicationController controller;

    public ApplicationResources(ApplicationService applications, ApplicationController controller) {
        this.applications = applications;
        this.controller = controller;
    }

    /** Argo's ManagedResourcesResponse: {@code {"items": [{group, kind, namespace, name, targetState, liveState, ...}]}}. */
    public ObjectNode managedResources(String name) {
        applications.get(name);
        Comparison c = comparison(name);
        ObjectNode out = F.objectNode();
        ArrayNode items = out.putArray("items");
        for (ComparedResource r : c.resources()) {
            ObjectNode item = items.addObject();
            key(item, r.key());
            item.put("version", r.version());
            // Argo sends the states as JSON text; the comparison holds them normalised and masked already.
            String target = r.target() == null ? "null" : SecretMasker.maskIfSecret(r.target()).toString();
            String live = r.live() == null ? "null" : SecretMasker.maskIfSecret(r.live()).toString();
            item.put("targetState", target);
            item.put("liveState", live);
            item.put("normalizedLiveState", live);
            item.put("predictedLiveState", target);
            item.put("diff", r.diff());
            if (r.requiresPruning()) {
                item.put("requiresPruning", true);
            }
        }
        return out;
    }

    /** Argo's ApplicationTree: {@code {"nodes": [{group, version, kind, namespace, name, uid, parentRefs, health, images}]}}. */
    public ObjectNode resourceTree(String name) {
        applications.get(name);
        Comparison c = comparison(name);
        LiveStateCache cache = controller.liveState().orElseThrow(() -> new OperationRefusedException(
                "this Sextant process runs no controller (sextant.roles), so it has no resource tree"));
        ObjectNode out = F.objectNode();
        ArrayNode nodes = out.putArray("nodes");
        Set<String> seen = new HashSet<>();
        Deque<JsonNode[]> todo = new ArrayDeque<>(); // {object, parent or null}
        for (ComparedResource r : c.resources()) {
            cache.get(r.key()).ifPresent(live -> todo.add(new JsonNode[] {live, null}));
        }
        while (!todo.isEmpty() && nodes.size() < 10_000) {
            JsonNode[] next = todo.poll();
            JsonNode obj = next[0];
            String uid = obj.path("metadata").path("uid").asText();
            if (!seen.add(uid)) {
                continue;
            }
            ObjectNode node = nodes.addObject();
            key(node, ResourceKey.of(obj));
            String apiVersion = obj.path("apiVersion").asText();
            node.put("version", apiVersion.contains("/") ? apiVersion.substring(apiVersion.indexOf('/') + 1) : apiVersion);
            node.put("uid", uid);
            node.put("resourceVersion", obj.path("metadata").path("resourceVersion").asText());
            node.put("createdAt", obj.path("metadata").path("creationTimestamp").asText());
            if (next[1] != null) {
                ObjectNode parent = node.putArray("parentRefs").addObject();
                key(parent, ResourceKey.of(next[1]));
                parent.put("uid", next[1].path("metadata").path("uid").asText());
            }
            c.resources().stream().filter(r -> r.key().equals(ResourceKey.of(obj)) && r.healthStatus() != null
                    && !r.healthStatus().isEmpty()).findFirst().ifPresent(r -> {
                        ObjectNode h = node.putObject("health");
                        h.put("status", r.healthStatus());
                        if (r.healthMessage() != null && !r.healthMessage().isEmpty()) {
                            h.put("message", r.healthMessage());
                        }
                    });
            ArrayNode images = F.arrayNode();
            for (JsonNode container : obj.path("spec").path("containers")) {
                images.add(container.path("image").asText());
            }
            if (!images.isEmpty()) {
                node.set("images", images);
            }
            for (ObjectNode child : cache.childrenOf(uid)) {
                todo.add(new JsonNode[] {child, obj});
            }
        }
        return out;
    }

    /**
     * The live object of one node of the app's resource tree (a managed resource or something it owns),
     * Secret values masked; empty when this process has no controller or the node is not in the tree,
     * so no other object of the cluster can be read this way.
     */
    public java.util.Optional<JsonNode> liveObject(String name, ResourceKey key) {
        var cache = controller.liveState();
        if (cache.isEmpty()) {
            return java.util.Optional.empty();
        }
        for (JsonNode node : resourceTree(name).path("nodes")) {
            ResourceKey nodeKey = new ResourceKey(node.path("group").asText(""), node.path("kind").asText(),
                    node.path("namespace").asText(""), node.path("name").asText());
            if (nodeKey.equals(key)) {
                return cache.get().get(key).map(SecretMasker::maskIfSecret);
            }
        }
        return java.util.Optional.empty();
    }

    private Comparison comparison(String name) {
        return controller.comparisons().get(name).orElseThrow(() -> new OperationRefusedException(
                "application '" + name + "' has not been compared yet; try again in a moment"));
    }

    private static void key(ObjectNode node, ResourceKey key) {
        node.put("group", key.group());
        node.put("kind", key.kind());
        if (!key.namespace().isEmpty()) {
            node.put("namespace", key.namespace());
        }
        node.put("name", key.name());
    }
}
