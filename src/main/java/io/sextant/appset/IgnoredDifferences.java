package io.sextant.appset;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code spec.ignoreApplicationDifferences} (Argo CD's applicationset/Controlling-Resource-Modification.md): fields of
 * an existing Application, by JSON pointer, that the set does not overwrite when it updates the app (someone may
 * change them by hand, e.g. a targetRevision pinned during an incident); an entry with {@code name} applies to that app
 * only. Pointers reach into {@code /spec}, {@code /metadata/labels} and {@code /metadata/annotations}.
 * {@code jqPathExpressions} are refused by name (not built), as is any other field.
 */
final class IgnoredDifferences {

    private final List<Rule> rules;

    private record Rule(String name, List<JsonPointer> pointers) {}

    private IgnoredDifferences(List<Rule> rules) {
        this.rules = rules;
    }

    /** Why the setting cannot be taken, if it cannot. */
    static Optional<String> check(JsonNode setting) {
        if (setting == null || setting.isNull() || setting.isMissingNode() || setting.isEmpty()) {
            return Optional.empty();
        }
        if (!setting.isArray()) {
            return Optional.of("ignoreApplicationDifferences (a list of {jsonPointers, name})");
        }
        for (JsonNode entry : setting) {
            if (entry.has("jqPathExpressions")) {
                return Optional.of("ignoreApplicationDifferences[].jqPathExpressions (use jsonPointers)");
            }
            for (var it = entry.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!f.equals("jsonPointers") && !f.equals("name")) {
                    return Optional.of("ignoreApplicationDifferences[]." + f);
                }
            }
            for (JsonNode p : entry.path("jsonPointers")) {
                String text = p.asText("");
                if (!(text.startsWith("/spec")
                        || text.startsWith("/metadata/labels")
                        || text.startsWith("/metadata/annotations"))) {
                    return Optional.of("ignoreApplicationDifferences pointer '" + text
                            + "' (pointers reach /spec, /metadata/labels or /metadata/annotations)");
                }
                try {
                    JsonPointer.compile(text);
                } catch (IllegalArgumentException e) {
                    return Optional.of("ignoreApplicationDifferences pointer '" + text + "' (not a JSON pointer)");
                }
            }
        }
        return Optional.empty();
    }

    static IgnoredDifferences of(JsonNode setting) {
        List<Rule> rules = new ArrayList<>();
        if (setting != null && setting.isArray()) {
            for (JsonNode entry : setting) {
                List<JsonPointer> pointers = new ArrayList<>();
                entry.path("jsonPointers").forEach(p -> pointers.add(JsonPointer.compile(p.asText())));
                rules.add(new Rule(entry.hasNonNull("name") ? entry.get("name").asText() : null, pointers));
            }
        }
        return new IgnoredDifferences(rules);
    }

    /**
     * {@code generated} (the whole Application as JSON) with the ignored fields as {@code current} has them: taken
     * over where current has a value, removed where it has none.
     */
    ObjectNode keepCurrent(String app, ObjectNode generated, JsonNode current) {
        ObjectNode out = generated;
        for (Rule r : rules) {
            if (r.name() != null && !r.name().equals(app)) {
                continue;
            }
            for (JsonPointer p : r.pointers()) {
                JsonNode value = current.at(p);
                if (value.isMissingNode()) {
                    remove(out, p);
                } else {
                    set(out, p, value.deepCopy());
                }
            }
        }
        return out;
    }

    private static void set(ObjectNode root, JsonPointer p, JsonNode value) {
        ObjectNode at = root;
        JsonPointer rest = p;
        while (!rest.tail().matches()) {
            String key = rest.getMatchingProperty();
            JsonNode next = at.get(key);
            if (!(next instanceof ObjectNode)) {
                next = at.putObject(key);
            }
            at = (ObjectNode) next;
            rest = rest.tail();
        }
        at.set(rest.getMatchingProperty(), value);
    }

    private static void remove(ObjectNode root, JsonPointer p) {
        JsonNode parent = root.at(p.head());
        if (parent instanceof ObjectNode o) {
            o.remove(p.last().getMatchingProperty());
        }
    }
}
