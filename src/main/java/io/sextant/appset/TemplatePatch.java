package io.sextant.appset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.Iterator;
import java.util.Map;

/**
 * {@code spec.templatePatch} (Argo CD's applicationset/Template.md, goTemplate only): the patch, rendered as a Go
 * template for each parameter set, is YAML or JSON merged into the rendered Application template: maps merge key by
 * key, anything else (lists included) replaces, null removes. Rendered after the template, so it may set what the
 * template cannot express (optional fields, lists from parameters); the set's project rule still applies after it.
 */
final class TemplatePatch {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private TemplatePatch() {}

    static ObjectNode apply(ObjectNode rendered, String patchText) {
        JsonNode patch;
        try {
            patch = YAML.readTree(patchText);
        } catch (JsonProcessingException e) {
            throw new AppSetException(
                    AppSetException.Reason.RENDER, "templatePatch does not render to YAML: " + e.getOriginalMessage());
        }
        if (patch == null || patch.isNull() || patch.isMissingNode()) {
            return rendered;
        }
        if (!patch.isObject()) {
            throw new AppSetException(
                    AppSetException.Reason.RENDER, "templatePatch must render to a map (metadata, spec ...)");
        }
        ObjectNode out = rendered.deepCopy();
        merge(out, (ObjectNode) patch);
        return out;
    }

    private static void merge(ObjectNode into, ObjectNode patch) {
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode value = e.getValue();
            JsonNode existing = into.get(e.getKey());
            if (value.isNull()) {
                into.remove(e.getKey());
            } else if (value.isObject() && existing != null && existing.isObject()) {
                merge((ObjectNode) existing, (ObjectNode) value);
            } else {
                into.set(e.getKey(), value.deepCopy());
            }
        }
    }
}
