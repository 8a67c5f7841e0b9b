package io.sextant.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.ArrayList;
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

    /**
     * A list answer {@code {"metadata": ..., "items": [...]}} trimmed to {@code paths}, written item by item:
     * the first item goes out before the last is trimmed, so a long list starts at once and is never held
     * whole as a tree (at 10,000 apps the tree of the whole answer took 1.6 s before its first byte).
     * The same keys as {@link #keep} of the whole list would give, but {@code metadata} first.
     */
    static StreamingOutput keepStreaming(ObjectMapper json, Object metadata, List<?> items, List<String> paths) {
        List<String> top = new ArrayList<>();
        List<String> perItem = new ArrayList<>();
        boolean wholeItems = false;
        boolean anyItems = false;
        for (String raw : paths) {
            String path = raw.trim();
            if (path.equals("items")) {
                wholeItems = anyItems = true;
            } else if (path.startsWith("items.")) {
                anyItems = true;
                perItem.add(path.substring("items.".length()));
            } else if (!path.isBlank()) {
                top.add(path);
            }
        }
        boolean whole = wholeItems;
        boolean listed = anyItems;
        return out -> {
            try (JsonGenerator g = json.getFactory().createGenerator(out)) {
                g.setCodec(json);
                ObjectNode shell = JsonNodeFactory.instance.objectNode();
                shell.set("metadata", json.valueToTree(metadata));
                JsonNode kept = keep(shell, top);
                g.writeStartObject();
                if (kept.has("metadata")) {
                    g.writeFieldName("metadata");
                    g.writeTree(kept.get("metadata"));
                }
                if (listed) {
                    g.writeArrayFieldStart("items");
                    for (Object item : items) {
                        JsonNode tree = json.valueToTree(item);
                        g.writeTree(whole ? tree : keep(tree, perItem));
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
        };
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
