package io.sextant.service;

import io.sextant.model.ResourceKey;
import java.util.List;

/**
 * An Application's resource tree: its managed objects and what they own (Deployment → ReplicaSet →
 * Pod), each node naming its owner. The API writes it as Argo's ApplicationTree; the pages draw it.
 * Immutable.
 */
public record ResourceTree(List<Node> nodes) {

    /** No nodes: the app's destination cluster cannot be read now. */
    public static final ResourceTree EMPTY = new ResourceTree(List.of());

    public ResourceTree {
        nodes = List.copyOf(nodes);
    }

    /**
     * One live object of the tree.
     *
     * @param version the version part of its apiVersion
     * @param uid its {@code metadata.uid}; null only when a controller elsewhere sent none
     * @param parents the object that owns it in the tree (at most one here; Argo allows several), empty for a
     *                managed resource
     * @param health its health as the comparison has it, null when the comparison has none (what a managed
     *               resource owns)
     * @param images the images of its containers (Pods), empty otherwise
     */
    public record Node(
            ResourceKey key,
            String version,
            String uid,
            String resourceVersion,
            String createdAt,
            List<Parent> parents,
            NodeHealth health,
            List<String> images) {

        public Node {
            parents = List.copyOf(parents);
            images = List.copyOf(images);
        }

        /** The uid of the node's first owner in the tree, or null for a root. */
        public String parentUid() {
            return parents.isEmpty() ? null : parents.get(0).uid();
        }
    }

    /** The owner of a node: its key and uid. */
    public record Parent(ResourceKey key, String uid) {}

    /** @param message null when there is none */
    public record NodeHealth(String status, String message) {}
}
