package io.sextant.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A small offline stand-in for the API server's handling of a CRD's openAPIV3Schema: checks that
 * a schema is structural, and that an object validates against it without any field being
 * pruned. Covers the parts of OpenAPI the Sextant CRDs use (type, format date-time, required,
 * properties, additionalProperties, items, int-or-string, preserve-unknown-fields).
 */
final class StructuralSchema {

    static final String PRESERVE = "x-kubernetes-preserve-unknown-fields";
    static final String INT_OR_STRING = "x-kubernetes-int-or-string";

    private StructuralSchema() {}

    /** Reasons the schema is not structural, as {@code path: reason}; empty when it is. */
    static List<String> structuralProblems(JsonNode schema) {
        List<String> out = new ArrayList<>();
        JsonNode metadata = schema.path("properties").path("metadata");
        if (!metadata.isMissingNode()
                && !metadata.equals(JsonNodeFactory.instance.objectNode().put("type", "object"))) {
            out.add("metadata: may only say type: object");
        }
        structural("", schema, out);
        return out;
    }

    private static void structural(String path, JsonNode node, List<String> out) {
        if (node.path(INT_OR_STRING).asBoolean()) {
            return;
        }
        if (node.has("anyOf") || node.has("oneOf") || node.has("allOf") || node.has("not")) {
            out.add(path + ": logical junctors outside int-or-string");
        }
        String type = node.path("type").asText("");
        if (type.isEmpty()) {
            out.add(path + ": no type");
        }
        if (node.has("properties") && node.has("additionalProperties")) {
            out.add(path + ": both properties and additionalProperties");
        }
        if (type.equals("array")) {
            if (!node.has("items")) {
                out.add(path + ": array without items");
            } else {
                structural(path + "[]", node.get("items"), out);
            }
        }
        if (type.equals("object")) {
            node.path("properties")
                    .fields()
                    .forEachRemaining(e -> structural(path + "." + e.getKey(), e.getValue(), out));
            if (node.path("additionalProperties").isObject()) {
                structural(path + ".*", node.get("additionalProperties"), out);
            }
        }
    }

    /**
     * Why the API server would reject or change {@code value}, as {@code path: reason}: a wrong
     * type, a missing required field, a bad date-time, or a field that would be pruned. Empty when
     * the object would be stored exactly as given.
     */
    static List<String> validate(JsonNode schema, JsonNode value) {
        List<String> out = new ArrayList<>();
        validate("", schema, value, out);
        return out;
    }

    private static void validate(String path, JsonNode schema, JsonNode value, List<String> out) {
        if (value.isNull()) {
            out.add(path + ": null");
            return;
        }
        if (schema.path(INT_OR_STRING).asBoolean()) {
            if (!value.isIntegralNumber() && !value.isTextual()) {
                out.add(path + ": neither integer nor string: " + value);
            }
            return;
        }
        switch (schema.path("type").asText("")) {
            case "object" -> validateObject(path, schema, value, out);
            case "array" -> {
                if (!value.isArray()) {
                    out.add(path + ": not an array");
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    validate(path + "[" + i + "]", schema.get("items"), value.get(i), out);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    out.add(path + ": not a string: " + value);
                } else if (schema.path("format").asText().equals("date-time")) {
                    try {
                        OffsetDateTime.parse(value.asText());
                    } catch (DateTimeParseException e) {
                        out.add(path + ": not a date-time: " + value);
                    }
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    out.add(path + ": not an integer: " + value);
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    out.add(path + ": not a number: " + value);
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    out.add(path + ": not a boolean: " + value);
                }
            }
            default -> out.add(path + ": schema without type");
        }
    }

    private static void validateObject(String path, JsonNode schema, JsonNode value, List<String> out) {
        if (!value.isObject()) {
            out.add(path + ": not an object");
            return;
        }
        if (path.equals(".metadata")) {
            return; // ObjectMeta is validated by the API server itself, never by the CRD schema
        }
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) {
                out.add(path + ": missing required field " + required.asText());
            }
        }
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.path("additionalProperties");
        boolean preserve = schema.path(PRESERVE).asBoolean();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String fieldPath = path + "." + field.getKey();
            if (properties.has(field.getKey())) {
                validate(fieldPath, properties.get(field.getKey()), field.getValue(), out);
            } else if (additional.isObject()) {
                validate(fieldPath, additional, field.getValue(), out);
            } else if (!preserve) {
                out.add(fieldPath + ": unknown field, would be pruned");
            }
        }
    }
}
