package io.sextant.diff;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

/**
 * Refuses objects deeper or larger than {@link DiffOptions} allows, before any recursive step of the
 * comparison sees them. The walk itself is iterative, so a hostile nesting depth cannot overflow the
 * stack here; everything after this check may recurse safely. Stateless, thread-safe.
 */
final class InputBounds {

    private final DiffOptions options;

    InputBounds(DiffOptions options) {
        this.options = options;
    }

    /**
     * @param role what the object is ("target", "live", ...), named in the error
     * @throws DiffException naming the role and the limit, never a value
     */
    void check(JsonNode root, String role) {
        if (root == null) {
            return;
        }
        Deque<JsonNode> nodes = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        nodes.push(root);
        depths.push(1);
        long count = 0;
        long chars = 0;
        while (!nodes.isEmpty()) {
            JsonNode node = nodes.pop();
            int depth = depths.pop();
            if (depth > options.maxDepth()) {
                throw new DiffException("the " + role + " object is nested deeper than " + options.maxDepth()
                        + " levels; it is not compared");
            }
            if (++count > options.maxNodes()) {
                throw new DiffException("the " + role + " object has more than " + options.maxNodes()
                        + " fields and values; it is not compared");
            }
            if (node.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    chars += field.getKey().length();
                    nodes.push(field.getValue());
                    depths.push(depth + 1);
                }
            } else if (node.isArray()) {
                for (JsonNode element : node) {
                    nodes.push(element);
                    depths.push(depth + 1);
                }
            } else if (node.isTextual()) {
                chars += node.textValue().length();
            } else {
                chars += 8;
            }
            if (chars > options.maxChars()) {
                throw new DiffException("the " + role + " object is larger than " + options.maxChars()
                        + " characters; it is not compared");
            }
        }
    }
}
