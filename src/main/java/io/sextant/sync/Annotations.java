package io.sextant.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** How the planner reads annotations (their names are {@link io.sextant.model.Annotations}'s). Stateless. */
final class Annotations {

    static final String HOOK = io.sextant.model.Annotations.HOOK;
    static final String HOOK_DELETE_POLICY = io.sextant.model.Annotations.HOOK_DELETE_POLICY;
    static final String SYNC_WAVE = io.sextant.model.Annotations.SYNC_WAVE;
    static final String SYNC_OPTIONS = io.sextant.model.Annotations.SYNC_OPTIONS;
    static final String HELM_HOOK = io.sextant.model.Annotations.HELM_HOOK;
    static final String HELM_HOOK_WEIGHT = io.sextant.model.Annotations.HELM_HOOK_WEIGHT;
    static final String HELM_HOOK_DELETE_POLICY = io.sextant.model.Annotations.HELM_HOOK_DELETE_POLICY;
    static final String HELM_RESOURCE_POLICY = io.sextant.model.Annotations.HELM_RESOURCE_POLICY;

    private Annotations() {}

    /** The annotation's text, or null when the object (which may be null) does not carry it. */
    static String get(JsonNode obj, String name) {
        return io.sextant.model.Annotations.get(obj, name);
    }

    /**
     * A value for an error message, in quotes, cut short when long: annotations may hold up to 256 KiB and
     * messages end up in the operation state, events and logs.
     */
    static String quote(String value) {
        String v = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        return "\"" + v + "\"";
    }

    /** Comma-separated items, trimmed, empty items dropped. */
    static List<String> csv(String value) {
        List<String> items = new ArrayList<>();
        if (value == null) {
            return items;
        }
        for (String item : value.split(",")) {
            String trimmed = item.trim();
            if (!trimmed.isEmpty()) {
                items.add(trimmed);
            }
        }
        return items;
    }
}
