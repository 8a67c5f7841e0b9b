package io.sextant.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects a live object owns, found by {@code metadata.ownerReferences[].uid} (a Deployment owns
 * ReplicaSets, a ReplicaSet owns Pods). The live-state cache's {@code childrenOf(uid)} fits as is.
 * Implementations must be safe to call from several threads; the lists returned are not modified.
 */
@FunctionalInterface
public interface Children {

    /** No children known: rules that need them fall back to the object's own status. */
    Children NONE = uid -> List.of();

    /** The objects naming {@code uid} among their owners; empty when none or unknown. */
    List<ObjectNode> childrenOf(String uid);

    /** Children of the object itself (by its {@code metadata.uid}). */
    default List<ObjectNode> of(ObjectNode owner) {
        String uid = owner.path("metadata").path("uid").asText("");
        return uid.isEmpty() ? List.of() : childrenOf(uid);
    }

    /** An index over a fixed set of objects (tests, one-off assessments). */
    static Children of(List<ObjectNode> objects) {
        Map<String, List<ObjectNode>> byOwner = new HashMap<>();
        for (ObjectNode o : objects) {
            for (JsonNode ref : o.path("metadata").path("ownerReferences")) {
                String uid = ref.path("uid").asText("");
                if (!uid.isEmpty()) {
                    byOwner.computeIfAbsent(uid, u -> new ArrayList<>()).add(o);
                }
            }
        }
        Map<String, List<ObjectNode>> frozen = new HashMap<>();
        byOwner.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return uid -> frozen.getOrDefault(uid, List.of());
    }
}
