package io.sextant.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.model.ResourceKey;
import io.sextant.service.ManagedResource;
import io.sextant.service.ResourceTree;
import java.util.List;

/**
 * The typed resource reads in Argo CD's JSON: {@code resource-tree} as an ApplicationTree, {@code
 * managed-resources} as a ManagedResourcesResponse. Field names, order and omissions are Argo's (an empty
 * namespace, parentRefs, health or images are left out), and what a controller elsewhere sends is written
 * back as it came, so a split install answers the same bytes as a single process. Stateless.
 */
final class ResourceJson {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ResourceJson() {}

    /** {@code {"nodes": [{group, kind, namespace, name, version, uid, resourceVersion, createdAt, parentRefs, health, images}]}} */
    static ObjectNode tree(ResourceTree tree) {
        ObjectNode out = F.objectNode();
        ArrayNode nodes = out.putArray("nodes");
        for (ResourceTree.Node n : tree.nodes()) {
            ObjectNode node = nodes.addObject();
            key(node, n.key());
            putIfPresent(node, "version", n.version());
            putIfPresent(node, "uid", n.uid());
            putIfPresent(node, "resourceVersion", n.resourceVersion());
            putIfPresent(node, "createdAt", n.createdAt());
            if (!n.parents().isEmpty()) {
                ArrayNode parents = node.putArray("parentRefs");
                for (ResourceTree.Parent p : n.parents()) {
                    ObjectNode parent = parents.addObject();
                    key(parent, p.key());
                    putIfPresent(parent, "uid", p.uid());
                }
            }
            if (n.health() != null) {
                ObjectNode h = node.putObject("health");
                putIfPresent(h, "status", n.health().status());
                putIfPresent(h, "message", n.health().message());
            }
            if (!n.images().isEmpty()) {
                ArrayNode images = node.putArray("images");
                n.images().forEach(images::add);
            }
        }
        return out;
    }

    /**
     * {@code {"items": [{group, kind, namespace, name, version, targetState, liveState, normalizedLiveState,
     * predictedLiveState, diff, requiresPruning, sourceIndex}]}}: the states as JSON text ({@code "null"} when absent), as
     * Argo sends them; the normalised state is the live one and the predicted state the target, since the
     * comparison holds both already normalised. {@code requiresPruning} only when true; {@code sourceIndex} (Sextant's,
     * not Argo's) only for a multi-source app: the source, from 0, that rendered the resource.
     */
    static ObjectNode managed(List<ManagedResource> resources) {
        ObjectNode out = F.objectNode();
        ArrayNode items = out.putArray("items");
        for (ManagedResource r : resources) {
            ObjectNode item = items.addObject();
            key(item, r.key());
            item.put("version", r.version());
            String target = r.target() == null ? "null" : r.target().toString();
            String live = r.live() == null ? "null" : r.live().toString();
            item.put("targetState", target);
            item.put("liveState", live);
            item.put("normalizedLiveState", live);
            item.put("predictedLiveState", target);
            item.put("diff", r.diff());
            if (r.requiresPruning()) {
                item.put("requiresPruning", true);
            }
            if (r.sourceIndex() != null) {
                item.put("sourceIndex", r.sourceIndex()); // Sextant's: which of spec.sources rendered it
            }
        }
        return out;
    }

    private static void key(ObjectNode node, ResourceKey key) {
        node.put("group", key.group());
        node.put("kind", key.kind());
        if (!key.namespace().isEmpty()) {
            node.put("namespace", key.namespace());
        }
        node.put("name", key.name());
    }

    /** A value a controller elsewhere may have left out stays out. */
    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
