package io.sextant.appset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * A JSON tree with every string templated by {@link FastTemplate}: object keys too when asked (annotation
 * and label keys of a template, as Argo CD's template rendering does); numbers and booleans stay as they
 * are. The input is not changed.
 */
final class Interpolation {

    /** The longest string a template field may render to. */
    static final int MAX_FIELD_CHARS = 256 * 1024;

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Interpolation() {}

    /** Strings templated, keys kept: how a matrix renders its second generator with the first's parameters. */
    static JsonNode apply(JsonNode node, Map<String, String> params) {
        return copy(node, params, false);
    }

    /** Strings and object keys templated: how the Application template is rendered. */
    static JsonNode applyWithKeys(JsonNode node, Map<String, String> params) {
        return copy(node, params, true);
    }

    private static JsonNode copy(JsonNode node, Map<String, String> params, boolean keys) {
        if (node.isTextual()) {
            return F.textNode(FastTemplate.render(node.asText(), params, MAX_FIELD_CHARS));
        }
        if (node.isArray()) {
            ArrayNode out = F.arrayNode(node.size());
            node.forEach(n -> out.add(copy(n, params, keys)));
            return out;
        }
        if (node.isObject()) {
            ObjectNode out = F.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = keys ? FastTemplate.render(e.getKey(), params, MAX_FIELD_CHARS) : e.getKey();
                out.set(key, copy(e.getValue(), params, keys));
            }
            return out;
        }
        return node.deepCopy();
    }
}
