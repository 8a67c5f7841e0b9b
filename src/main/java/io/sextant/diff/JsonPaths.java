package io.sextant.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes fields by path (a list of field names and list indexes) the way jq's {@code delpaths} and a
 * JSON-patch {@code remove} do, and tidies up: a map or list left empty by a removal goes too, so
 * ignoring a Deployment's only annotation leaves no {@code annotations: {}} behind. A path that does
 * not exist is no error. Stateless.
 */
final class JsonPaths {

    private JsonPaths() {}

    /**
     * Removes every path; later list indexes first so earlier removals do not shift later ones.
     *
     * @return how many paths existed and were removed
     */
    static int removeAll(JsonNode root, List<List<Object>> paths) {
        List<List<Object>> ordered = new ArrayList<>(paths);
        ordered.sort(JsonPaths::compare);
        int removed = 0;
        for (int i = ordered.size() - 1; i >= 0; i--) {
            if (remove(root, ordered.get(i))) {
                removed++;
            }
        }
        return removed;
    }

    /** Removes one path; true if it existed. The root itself is never removed. */
    static boolean remove(JsonNode root, List<Object> path) {
        if (path.isEmpty()) {
            return false;
        }
        List<JsonNode> chain = new ArrayList<>();
        JsonNode node = root;
        for (int i = 0; i < path.size() - 1; i++) {
            chain.add(node);
            node = child(node, path.get(i));
            if (node == null) {
                return false;
            }
        }
        chain.add(node);
        if (!removeChild(node, path.get(path.size() - 1))) {
            return false;
        }
        // Walk back up, dropping containers the removal emptied (never the root).
        for (int i = chain.size() - 1; i >= 1; i--) {
            if (!chain.get(i).isEmpty()) {
                break;
            }
            removeChild(chain.get(i - 1), path.get(i - 1));
        }
        return true;
    }

    static JsonNode child(JsonNode node, Object step) {
        if (step instanceof String field && node instanceof ObjectNode map) {
            return map.get(field);
        }
        if (step instanceof Integer index && node instanceof ArrayNode list) {
            int i = index < 0 ? list.size() + index : index;
            return i >= 0 && i < list.size() ? list.get(i) : null;
        }
        return null;
    }

    private static boolean removeChild(JsonNode node, Object step) {
        if (step instanceof String field && node instanceof ObjectNode map) {
            return map.remove(field) != null;
        }
        if (step instanceof Integer index && node instanceof ArrayNode list) {
            int i = index < 0 ? list.size() + index : index;
            if (i >= 0 && i < list.size()) {
                list.remove(i);
                return true;
            }
        }
        return false;
    }

    /** jq's path order: element by element, numbers before strings, a prefix before its extensions. */
    private static int compare(List<Object> a, List<Object> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            Object x = a.get(i);
            Object y = b.get(i);
            int c;
            if (x instanceof Integer xi && y instanceof Integer yi) {
                c = Integer.compare(xi, yi);
            } else if (x instanceof String xs && y instanceof String ys) {
                c = xs.compareTo(ys);
            } else {
                c = x instanceof Integer ? -1 : 1;
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
