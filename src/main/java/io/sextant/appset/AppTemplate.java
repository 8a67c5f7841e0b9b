package io.sextant.appset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.sextant.model.Application;
import io.sextant.model.ApplicationSet;
import io.sextant.model.ApplicationSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a set's template and one parameter set into an Application (Template.md): every string of the
 * template, and the keys of its objects, templated; a generator's own {@code template} merged over the
 * set's first (its non-empty fields win); the namespace always the set's, whatever the template says (the
 * apps-in-any-namespace boundary); the resources finalizer added unless the template names finalizers or
 * {@code preserveResourcesOnDeletion} is set (Application-Deletion.md). Stateless.
 */
final class AppTemplate {

    static final String RESOURCES_FINALIZER = "resources-finalizer.argocd.argoproj.io";

    private AppTemplate() {}

    /** The set's template with a generator's {@code template} merged over it (null: the set's alone). */
    static ObjectNode effective(ObjectNode setTemplate, JsonNode generatorTemplate) {
        ObjectNode out = setTemplate.deepCopy();
        if (generatorTemplate != null && generatorTemplate.isObject()) {
            mergeOver(out, (ObjectNode) generatorTemplate);
        }
        return out;
    }

    private static void mergeOver(ObjectNode base, ObjectNode over) {
        for (Iterator<Map.Entry<String, JsonNode>> it = over.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode value = e.getValue();
            JsonNode current = base.get(e.getKey());
            if (value.isObject() && current != null && current.isObject()) {
                mergeOver((ObjectNode) current, (ObjectNode) value);
            } else if (!empty(value)) {
                base.set(e.getKey(), value.deepCopy());
            }
        }
    }

    private static boolean empty(JsonNode v) {
        return v.isNull() || (v.isTextual() && v.asText().isEmpty()) || (v.isContainerNode() && v.isEmpty());
    }

    /**
     * The Application {@code template} gives for {@code params}.
     *
     * @throws AppSetException RENDER when the result is not an Application
     */
    static Application render(
            ObjectNode template,
            Map<String, String> params,
            ApplicationSet set,
            ObjectMapper json,
            Interpolation interpolation) {
        JsonNode rendered = interpolation.applyWithKeys(template, params);
        String patch = set.getSpec().getTemplatePatch();
        if (patch != null && !patch.isBlank()) {
            rendered = TemplatePatch.apply((ObjectNode) rendered, interpolation.render(patch, params));
        }
        JsonNode meta = rendered.path("metadata");
        String name = meta.path("name").asText("");
        if (!Names.valid(name)) {
            throw new AppSetException(
                    AppSetException.Reason.RENDER,
                    "the template gives application name '" + name + "', which is not a valid name (lower-case"
                            + " letters, digits, '-' and '.'): check metadata.name and the parameters it uses");
        }
        ObjectMeta metadata = new ObjectMeta();
        metadata.setName(name);
        metadata.setNamespace(set.getMetadata().getNamespace());
        metadata.setLabels(strings(meta.path("labels"), "metadata.labels"));
        metadata.setAnnotations(strings(meta.path("annotations"), "metadata.annotations"));
        List<String> finalizers = new ArrayList<>();
        meta.path("finalizers").forEach(f -> finalizers.add(f.asText()));
        boolean preserve = set.getSpec().getSyncPolicy() != null
                && Boolean.TRUE.equals(set.getSpec().getSyncPolicy().getPreserveResourcesOnDeletion());
        if (finalizers.isEmpty() && !preserve) {
            finalizers.add(RESOURCES_FINALIZER);
        }
        metadata.setFinalizers(finalizers);
        ApplicationSpec spec;
        try {
            spec = json.convertValue(rendered.path("spec"), ApplicationSpec.class);
        } catch (IllegalArgumentException e) {
            throw new AppSetException(
                    AppSetException.Reason.RENDER,
                    "application '" + name + "': the rendered spec is not an Application spec: "
                            + firstLine(e.getMessage()));
        }
        if (spec == null) {
            throw new AppSetException(AppSetException.Reason.RENDER, "the template has no spec");
        }
        Application app = new Application();
        app.setMetadata(metadata);
        app.setSpec(spec);
        return app;
    }

    private static Map<String, String> strings(JsonNode node, String where) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        } else if (!node.isMissingNode() && !node.isNull()) {
            throw new AppSetException(AppSetException.Reason.RENDER, "template " + where + " must be a map");
        }
        return out;
    }

    private static String firstLine(String s) {
        String text = s == null ? "" : s;
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
