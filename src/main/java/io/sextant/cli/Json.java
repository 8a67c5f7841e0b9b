package io.sextant.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * JSON for the CLI. Reading a server's answer builds the tree straight from jackson-core's parser:
 * an {@link ObjectMapper} costs a tenth of a second to set up, which {@code app list} (parse, then
 * print a table) does not need. {@link #MAPPER} is created on first use only, by the commands that
 * write JSON or YAML.
 */
final class Json {

    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {}

    /** The mapper for writing and converting; initialised when first touched. */
    static ObjectMapper mapper() {
        return Mapper.INSTANCE;
    }

    private static final class Mapper {
        static final ObjectMapper INSTANCE = new ObjectMapper();
    }

    /** Parses one JSON document into a tree, with the node types {@code ObjectMapper.readTree} would give. */
    static JsonNode parse(String text) throws IOException {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return JsonNodeFactory.instance.missingNode();
            }
            JsonNode tree = value(p, first);
            if (p.nextToken() != null) {
                throw new IOException("unexpected content after the JSON value at " + p.currentLocation());
            }
            return tree;
        }
    }

    /** A streaming parser over {@code text}, for readers that want fields without a tree. */
    static JsonParser parser(String text) throws IOException {
        return FACTORY.createParser(text);
    }

    private static JsonToken next(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw new IOException("the JSON ends early");
        }
        return t;
    }

    private static JsonNode value(JsonParser p, JsonToken token) throws IOException {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        switch (token) {
            case START_OBJECT: {
                ObjectNode object = nodes.objectNode();
                for (JsonToken t = next(p); t != JsonToken.END_OBJECT; t = next(p)) {
                    String field = p.currentName();
                    object.set(field, value(p, next(p)));
                }
                return object;
            }
            case START_ARRAY: {
                ArrayNode array = nodes.arrayNode();
                for (JsonToken t = next(p); t != JsonToken.END_ARRAY; t = next(p)) {
                    array.add(value(p, t));
                }
                return array;
            }
            case VALUE_STRING:
                return nodes.textNode(p.getText());
            case VALUE_NUMBER_INT:
                return switch (p.getNumberType()) {
                    case INT -> nodes.numberNode(p.getIntValue());
                    case LONG -> nodes.numberNode(p.getLongValue());
                    default -> nodes.numberNode(p.getBigIntegerValue());
                };
            case VALUE_NUMBER_FLOAT:
                return nodes.numberNode(p.getDoubleValue());
            case VALUE_TRUE:
                return nodes.booleanNode(true);
            case VALUE_FALSE:
                return nodes.booleanNode(false);
            case VALUE_NULL:
                return nodes.nullNode();
            default:
                throw new IOException("unexpected JSON token " + token + " at " + p.currentLocation());
        }
    }
}
