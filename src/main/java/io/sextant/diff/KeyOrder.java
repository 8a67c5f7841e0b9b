package io.sextant.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Puts one object's keys in another's order, recursively, so the two YAML texts line up and a text
 * diff shows only what changed. Keys the reference has come first, in its order; the others follow in
 * their own order. List elements are paired as {@link ListMatch} pairs them. Mutates its first
 * argument; recursion depth is bounded by {@link InputBounds}.
 */
final class KeyOrder {

    private KeyOrder() {}

    static void alignTo(JsonNode node, JsonNode reference) {
        if (node instanceof ObjectNode map && reference instanceof ObjectNode ref) {
            Map<String, JsonNode> ordered = new LinkedHashMap<>();
            for (Iterator<String> it = ref.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (map.has(key)) {
                    ordered.put(key, map.get(key));
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                ordered.putIfAbsent(field.getKey(), field.getValue());
            }
            map.removeAll();
            map.setAll(ordered);
            for (Map.Entry<String, JsonNode> field : ordered.entrySet()) {
                alignTo(field.getValue(), ref.get(field.getKey()));
            }
        } else if (node instanceof ArrayNode list && reference instanceof ArrayNode ref) {
            ListMatch match = ListMatch.of(list, ref);
            for (int i = 0; i < list.size(); i++) {
                alignTo(list.get(i), match.partner(ref, list.get(i), i));
            }
        }
    }
}
