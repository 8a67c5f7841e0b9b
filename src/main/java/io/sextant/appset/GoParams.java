package io.sextant.appset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A set's parameters in the shape Go templates read them ({@code goTemplate: true}, Argo CD's
 * applicationset/GoTemplate.md): the generators' dotted names nested ({@code metadata.labels.env} is
 * {@code .metadata.labels.env}); a name that is both a value and a prefix keeps its value under its own last part
 * ({@code path} and {@code path.basename} give {@code .path.path} and {@code .path.basename}); indexed names
 * ({@code path[0]}, {@code path[1]}) are the list {@code .path.segments}.
 */
final class GoParams {

    private static final Pattern INDEXED = Pattern.compile("(.+)\\[(\\d+)]");

    private GoParams() {}

    /** Marks a parameter value that is not a string (a list, number, boolean, null), as JSON. */
    private static final String TYPED = "\u0000json:";

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** A typed value of a list element, carried among the string parameters until the template reads it. */
    static String typed(com.fasterxml.jackson.databind.JsonNode value) {
        return TYPED + value.toString();
    }

    private static Object value(String v) {
        if (!v.startsWith(TYPED)) {
            return v;
        }
        try {
            return JSON.readValue(v.substring(TYPED.length()), Object.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return v;
        }
    }

    static Map<String, Object> nest(Map<String, String> flat) {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, TreeMap<Integer, String>> lists = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : flat.entrySet()) {
            Matcher m = INDEXED.matcher(e.getKey());
            if (m.matches()) {
                lists.computeIfAbsent(m.group(1), k -> new TreeMap<>()).put(Integer.parseInt(m.group(2)), e.getValue());
                continue;
            }
            put(root, e.getKey().split("\\."), value(e.getValue()));
        }
        lists.forEach((name, items) -> {
            List<String> list = new ArrayList<>(items.values());
            String[] parts = (name + ".segments").split("\\.");
            put(root, parts, list);
        });
        return root;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> root, String[] parts, Object value) {
        Map<String, Object> at = root;
        for (int i = 0; i < parts.length - 1; i++) {
            Object next = at.get(parts[i]);
            if (!(next instanceof Map)) {
                Map<String, Object> child = new LinkedHashMap<>();
                if (next != null) {
                    child.put(parts[i], next); // "path" and "path.basename": the value becomes .path.path
                }
                at.put(parts[i], child);
                next = child;
            }
            at = (Map<String, Object>) next;
        }
        String last = parts[parts.length - 1];
        Object existing = at.get(last);
        if (existing instanceof Map<?, ?> m && !(value instanceof Map)) {
            ((Map<String, Object>) m).put(last, value);
        } else {
            at.put(last, value);
        }
    }
}
