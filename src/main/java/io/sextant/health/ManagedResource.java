package io.sextant.health;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.model.ResourceKey;

/**
 * One resource of an application as the comparison sees it: the manifest from Git ({@code target},
 * null when Git no longer has it) and the object in the cluster ({@code live}, null when missing).
 */
public record ManagedResource(ResourceKey key, ObjectNode target, ObjectNode live) {

    public ManagedResource {
        if (target == null && live == null) {
            throw new IllegalArgumentException("a managed resource needs a target or a live object");
        }
        if (key == null) {
            key = ResourceKey.of(live != null ? live : target);
        }
    }
}
