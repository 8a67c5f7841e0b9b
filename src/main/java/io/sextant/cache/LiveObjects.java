package io.sextant.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Trimming and reading of live objects; stateless. */
final class LiveObjects {

    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    private LiveObjects() {}

    /** High-volume children whose field ownership no comparison reads. */
    private static final Set<String> NO_MANAGED_FIELDS = Set.of("Pod", "ReplicaSet", "EndpointSlice", "Event");

    /**
     * Drops what neither comparison nor the resource tree reads, to keep the cache small: the
     * last-applied annotation (a second copy of the object, Secrets' values included) and the
     * managedFields of high-volume children (ignoreDifferences by manager reads them on managed
     * resources only).
     */
    static ObjectNode trim(ObjectNode obj) {
        if (obj.path("metadata") instanceof ObjectNode m) {
            if (m.path("annotations") instanceof ObjectNode a) {
                a.remove(LAST_APPLIED);
                if (a.isEmpty()) {
                    m.remove("annotations");
                }
            }
            if (NO_MANAGED_FIELDS.contains(obj.path("kind").asText())) {
                m.remove("managedFields");
            }
        }
        return obj;
    }

    static List<String> ownerUids(JsonNode obj) {
        JsonNode refs = obj.path("metadata").path("ownerReferences");
        if (!refs.isArray() || refs.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(refs.size());
        for (JsonNode r : refs) {
            String uid = r.path("uid").asText("");
            if (!uid.isEmpty()) {
                out.add(uid);
            }
        }
        return List.copyOf(out);
    }
}
