package io.sextant.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code metadata.managedFields} ({@code fieldsType: FieldsV1}) of a live object: the trie of
 * fields each manager owns — {@code f:<field>}, list items {@code k:{"name":"x"}} (by key fields),
 * {@code v:<json>} (by value), {@code i:<index>}, and {@code .} for "the item itself".
 *
 * <p>Two uses: removing, from both sides, the fields a trusted manager owns where the sides differ
 * (ignoreDifferences {@code managedFieldsManagers}, as Argo CD does), and telling which fields the
 * previous apply set ({@link #shape}). Malformed entries are skipped, never fatal: the managed fields
 * come from the cluster, not from the user. Recursion depth is bounded by {@link InputBounds}.
 */
final class ManagedFields {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ManagedFields() {}

    /** The fieldsV1 tries of the entries whose manager is one of {@code managers} (and, if given, operation). */
    static List<JsonNode> owned(JsonNode managedFields, Collection<String> managers, String operation) {
        List<JsonNode> tries = new ArrayList<>();
        if (managedFields == null || !managedFields.isArray()) {
            return tries;
        }
        for (JsonNode entry : managedFields) {
            if (managers.contains(entry.path("manager").asText(null))
                    && (operation == null
                            || operation.equals(entry.path("operation").asText()))
                    && entry.path("fieldsV1").isObject()) {
                tries.add(entry.get("fieldsV1"));
            }
        }
        return tries;
    }

    /**
     * Removes from both objects every owned field whose value differs between them (and every owned list
     * item present on one side only), so those differences are not drift.
     *
     * @return how many fields were removed
     */
    static int removeOwnedDifferences(JsonNode expected, JsonNode live, JsonNode trie) {
        int removed = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = trie.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = entry.getKey();
            JsonNode sub = entry.getValue();
            if (".".equals(key)) {
                continue;
            }
            JsonNode e = resolve(expected, key);
            JsonNode l = resolve(live, key);
            if (e == null && l == null) {
                continue;
            }
            boolean leaf = !sub.isObject() || sub.isEmpty() || (sub.size() == 1 && sub.has("."));
            if (e == null || l == null) {
                if (leaf) {
                    removed += removeChild(expected, e) + removeChild(live, l);
                } else {
                    // Only the owned parts of a one-sided map or item go; what other managers set stays.
                    JsonNode present = e != null ? e : l;
                    removed += removeOwnedDifferences(e, l, sub);
                    if (present.isContainerNode() && present.isEmpty() && sub.has(".")) {
                        removed += removeChild(expected, e) + removeChild(live, l);
                    }
                }
            } else if (leaf) {
                if (!e.equals(l)) {
                    removed += removeChild(expected, e) + removeChild(live, l);
                }
            } else {
                removed += removeOwnedDifferences(e, l, sub);
            }
        }
        return removed;
    }

    /**
     * What a manager's trie says it set, as a JSON shape: maps for {@code f:} fields, lists of items
     * (carrying their key fields) for {@code k:}, {@code v:} and {@code i:}; leaves are {@code true}.
     * Only which keys exist matters to {@link ExpectedState}.
     */
    static JsonNode shape(JsonNode trie) {
        if (!trie.isObject() || trie.isEmpty() || (trie.size() == 1 && trie.has("."))) {
            return BooleanNode.TRUE;
        }
        ObjectNode map = JsonNodeFactory.instance.objectNode();
        ArrayNode items = JsonNodeFactory.instance.arrayNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = trie.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = entry.getKey();
            if (key.startsWith("f:")) {
                map.set(key.substring(2), shape(entry.getValue()));
            } else if (key.startsWith("k:")) {
                JsonNode itemKey = parse(key.substring(2));
                JsonNode item = shape(entry.getValue());
                if (itemKey instanceof ObjectNode keyFields) {
                    ObjectNode merged = keyFields.deepCopy();
                    if (item instanceof ObjectNode fields) {
                        merged.setAll(fields);
                        merged.setAll(keyFields);
                    }
                    items.add(merged);
                }
            } else if (key.startsWith("v:")) {
                JsonNode value = parse(key.substring(2));
                if (value != null) {
                    items.add(value);
                }
            } else if (key.startsWith("i:")) {
                items.add(shape(entry.getValue()));
            }
        }
        return items.isEmpty() ? map : items;
    }

    /** The child of {@code parent} that a trie key names, or null. */
    private static JsonNode resolve(JsonNode parent, String key) {
        if (parent == null) {
            return null;
        }
        if (key.startsWith("f:")) {
            return parent.isObject() ? parent.get(key.substring(2)) : null;
        }
        if (!parent.isArray()) {
            return null;
        }
        if (key.startsWith("i:")) {
            try {
                return parent.get(Integer.parseInt(key.substring(2)));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        JsonNode wanted = parse(key.substring(2));
        if (wanted == null) {
            return null;
        }
        for (JsonNode item : parent) {
            if (key.startsWith("v:") ? sameValue(item, wanted) : hasKeyFields(item, wanted)) {
                return item;
            }
        }
        return null;
    }

    private static boolean hasKeyFields(JsonNode item, JsonNode keyFields) {
        if (!item.isObject() || !keyFields.isObject()) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = keyFields.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!sameValue(item.get(field.getKey()), field.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameValue(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return false;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    /** Removes {@code child} (by identity) from {@code parent}; 1 if it was there. */
    private static int removeChild(JsonNode parent, JsonNode child) {
        if (parent == null || child == null) {
            return 0;
        }
        if (parent instanceof ObjectNode map) {
            for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
                if (it.next().getValue() == child) {
                    it.remove();
                    return 1;
                }
            }
        } else if (parent instanceof ArrayNode list) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) == child) {
                    list.remove(i);
                    return 1;
                }
            }
        }
        return 0;
    }

    private static JsonNode parse(String json) {
        if (json.length() > 4096) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            return null;
        }
    }
}
