package io.sextant.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.OptionalLong;

/**
 * Reading Kubernetes objects as JSON trees the way Go's typed structs do: an absent or mistyped field
 * is the zero value ({@code ""}, {@code 0}, {@code false}), never an exception. Stateless.
 */
final class Fields {

    private Fields() {}

    static JsonNode at(JsonNode node, String... path) {
        JsonNode n = node;
        for (String p : path) {
            n = n.path(p);
        }
        return n;
    }

    static String text(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n.isValueNode() && !n.isNull() ? n.asText() : "";
    }

    static long number(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n.isNumber() ? n.asLong() : 0;
    }

    /** A number that Go models as a pointer ({@code spec.replicas}): empty when absent. */
    static OptionalLong optionalNumber(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n.isNumber() ? OptionalLong.of(n.asLong()) : OptionalLong.empty();
    }

    static boolean bool(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n.isBoolean() && n.asBoolean();
    }

    static String name(JsonNode obj) {
        return text(obj, "metadata", "name");
    }

    static String annotation(JsonNode obj, String key) {
        return text(obj, "metadata", "annotations", key);
    }

    static String label(JsonNode obj, String key) {
        return text(obj, "metadata", "labels", key);
    }

    static String kind(JsonNode obj) {
        return text(obj, "kind");
    }

    /** The group part of {@code apiVersion}: {@code ""} for the core group. */
    static String group(JsonNode obj) {
        String apiVersion = text(obj, "apiVersion");
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    /** The first entry of {@code status.conditions} of that type, or a missing node. */
    static JsonNode condition(JsonNode obj, String type) {
        for (JsonNode c : at(obj, "status", "conditions")) {
            if (type.equals(text(c, "type"))) {
                return c;
            }
        }
        return MissingNode.getInstance();
    }

    /** Go's {@code %q} for the plain names Kubernetes allows: double quotes, backslash escapes. */
    static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
