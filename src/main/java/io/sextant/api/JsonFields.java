package io.sextant.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Argo's {@code fields} query parameter: keeps only the listed dotted paths of an answer (for
 * example {@code items.metadata.name,items.status.sync.status}); arrays are walked through, so a
 * path applies to every element. Unknown paths are ignored.
 */
final class JsonFields {

    private JsonFields() {}

    static JsonNode keep(JsonNode node, List<String> paths) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (String path : paths) {
            if (!path.isBlank()) {
                copy(node, out, path.trim().split("\\."), 0);
            }
        }
        return out;
    }

    private static void copy(JsonNode from, ObjectNode to, String[] path, int i) {
        JsonNode value = from.get(path[i]);
        if (value == null) {
            return;
        }
        if (i == path.length - 1) {
            to.set(path[i], value);
            return;
        }
        if (value.isObject()) {
            JsonNode existing = to.get(path[i]);
            ObjectNode child = existing instanceof ObjectNode o ? o : to.putObject(path[i]);
            copy(value, child, path, i + 1);
        } else if (value.isArray()) {
            JsonNode existing = to.get(path[i]);
            ArrayNode array = existing instanceof ArrayNode a ? a : to.putArray(path[i]);
            for (int k = 0; k < value.size(); k++) {
                if (array.size() <= k) {
                    array.addObject();
                }
                if (value.get(k).isObject() && array.get(k) instanceof ObjectNode element) {
                    copy(value.get(k), element, path, i + 1);
                }
            }
        }
    }
}
