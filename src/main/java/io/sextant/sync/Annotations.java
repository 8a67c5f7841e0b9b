package io.sextant.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Annotation names the planner reads, and how it reads them. Stateless. */
final class Annotations {

    static final String HOOK = io.sextant.model.HookAnnotations.HOOK;
    static final String HOOK_DELETE_POLICY = "argocd.argoproj.io/hook-delete-policy";
    static final String SYNC_WAVE = "argocd.argoproj.io/sync-wave";
    static final String SYNC_OPTIONS = "argocd.argoproj.io/sync-options";
    static final String HELM_HOOK = io.sextant.model.HookAnnotations.HELM_HOOK;
    static final String HELM_HOOK_WEIGHT = "helm.sh/hook-weight";
    static final String HELM_HOOK_DELETE_POLICY = "helm.sh/hook-delete-policy";
    static final String HELM_RESOURCE_POLICY = "helm.sh/resource-policy";

    private Annotations() {
    }

    /** The annotation's text, or null when the object (which may be null) does not carry it. */
    static String get(JsonNode obj, String name) {
        if (obj == null) {
            return null;
        }
        JsonNode value = obj.path("metadata").path("annotations").get(name);
        return value == null || value.isNull() ? null : value.asText();
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
