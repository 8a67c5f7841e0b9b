package io.sextant.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Pairs the elements of two lists the way Kubernetes merges them: by a merge key when every element
 * of both lists is an object carrying a distinct value for it (containers and env by {@code name},
 * volume mounts by {@code mountPath}, ports by {@code containerPort} or {@code port}), else by
 * position. Used to build the expected state, to align key order and to read managed fields.
 * Stateless.
 */
final class ListMatch {

    private static final List<String> MERGE_KEYS =
            List.of("name", "mountPath", "devicePath", "containerPort", "port", "ip", "type");

    private final String key;

    private ListMatch(String key) {
        this.key = key;
    }

    /** The matcher for these lists; either may be null (then position, or the other list's key). */
    static ListMatch of(ArrayNode a, ArrayNode b) {
        for (String candidate : MERGE_KEYS) {
            if (keyedBy(a, candidate) && keyedBy(b, candidate)) {
                return new ListMatch(candidate);
            }
        }
        return new ListMatch(null);
    }

    private static boolean keyedBy(ArrayNode list, String candidate) {
        if (list == null) {
            return true;
        }
        if (list.isEmpty()) {
            return true;
        }
        Set<JsonNode> seen = new HashSet<>();
        for (JsonNode element : list) {
            JsonNode value = element.get(candidate);
            if (!element.isObject() || value == null || !value.isValueNode() || !seen.add(value)) {
                return false;
            }
        }
        return true;
    }

    /** The element of {@code list} that pairs with {@code element}, found at {@code index} of its list. */
    JsonNode partner(ArrayNode list, JsonNode element, int index) {
        if (list == null) {
            return null;
        }
        if (key == null) {
            return index < list.size() ? list.get(index) : null;
        }
        JsonNode wanted = element.get(key);
        for (JsonNode candidate : list) {
            if (wanted.equals(candidate.get(key))) {
                return candidate;
            }
        }
        return null;
    }
}
