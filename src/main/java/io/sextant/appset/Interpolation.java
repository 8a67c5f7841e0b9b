package io.sextant.appset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.template.GoTemplate;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * A JSON tree with every string templated: by {@link FastTemplate} ({@code {{param}}}, Argo CD's default), or, for
 * a set with {@code goTemplate: true}, as a Go template over the parameters nested by {@link GoParams}; object keys
 * too when asked (annotation and label keys of a template, as Argo CD's template rendering does); numbers and
 * booleans stay as they are. The input is not changed.
 */
final class Interpolation {

    /** The longest string a template field may render to. */
    static final int MAX_FIELD_CHARS = 256 * 1024;

    static final Interpolation FAST = new Interpolation(false);
    static final Interpolation GO = new Interpolation(true);

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Parsed Go templates by text: a set renders the same template strings for every parameter set. */
    private static final Map<String, GoTemplate> PARSED = new ConcurrentHashMap<>();

    private final boolean go;

    private Interpolation(boolean go) {
        this.go = go;
    }

    static Interpolation of(boolean go) {
        return go ? GO : FAST;
    }

    boolean go() {
        return go;
    }

    /** One string rendered with {@code params}. */
    String render(String text, Map<String, String> params) {
        return renderer(params).apply(text);
    }

    /** Strings templated, keys kept: how a matrix renders its second generator with the first's parameters. */
    JsonNode apply(JsonNode node, Map<String, String> params) {
        return copy(node, renderer(params), false);
    }

    /** Strings and object keys templated: how the Application template is rendered. */
    JsonNode applyWithKeys(JsonNode node, Map<String, String> params) {
        return copy(node, renderer(params), true);
    }

    private UnaryOperator<String> renderer(Map<String, String> params) {
        if (!go) {
            return text -> FastTemplate.render(text, params, MAX_FIELD_CHARS);
        }
        Map<String, Object> nested = GoParams.nest(params);
        return text -> {
            if (!text.contains("{{")) {
                return text;
            }
            String out;
            try {
                GoTemplate t = PARSED.size() < 10_000
                        ? PARSED.computeIfAbsent(text, s -> GoTemplate.parse("goTemplate", s))
                        : GoTemplate.parse("goTemplate", text);
                out = t.render(nested);
            } catch (GoTemplate.TemplateException e) {
                throw new AppSetException(AppSetException.Reason.RENDER, "'" + shorten(text) + "': " + e.getMessage());
            }
            if (out.length() > MAX_FIELD_CHARS) {
                throw new AppSetException(
                        AppSetException.Reason.RENDER,
                        "a rendered template field is longer than " + MAX_FIELD_CHARS + " characters");
            }
            return out;
        };
    }

    private static String shorten(String text) {
        return text.length() > 120 ? text.substring(0, 119) + "…" : text;
    }

    private static JsonNode copy(JsonNode node, UnaryOperator<String> render, boolean keys) {
        if (node.isTextual()) {
            return F.textNode(render.apply(node.asText()));
        }
        if (node.isArray()) {
            ArrayNode out = F.arrayNode(node.size());
            node.forEach(n -> out.add(copy(n, render, keys)));
            return out;
        }
        if (node.isObject()) {
            ObjectNode out = F.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = keys ? render.apply(e.getKey()) : e.getKey();
                out.set(key, copy(e.getValue(), render, keys));
            }
            return out;
        }
        return node.deepCopy();
    }
}
