package io.sextant.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Strips from one object what never counts as drift, so two objects that mean the same compare equal:
 * <ul>
 * <li>the fields the API server keeps for itself: {@code metadata.resourceVersion}, {@code uid},
 *     {@code generation}, {@code creationTimestamp}, {@code managedFields}, {@code selfLink},
 *     {@code deletionTimestamp}, {@code deletionGracePeriodSeconds};</li>
 * <li>the {@code kubectl.kubernetes.io/last-applied-configuration} annotation (a copy of an older
 *     manifest, and of every Secret value in it);</li>
 * <li>{@code status}, for the kinds {@link DiffOptions.StatusMode} says (every kind by default, as in
 *     Argo CD 3);</li>
 * <li>for a core Secret, {@code stringData} is folded into {@code data} (base64) and null values become
 *     empty strings — what the API server stores.</li>
 * </ul>
 * The tracking annotation {@code argocd.argoproj.io/tracking-id} is kept on purpose: like Argo CD, the
 * controller stamps it on the target before comparing, and a live object that lost it is drift that a
 * sync repairs. Empty maps and lists versus absent fields, and number formats, are reconciled later
 * between the two sides ({@link Equivalence}), where both are known.
 *
 * <p>Works on a deep copy; never changes its argument. Stateless, thread-safe.
 */
public final class Normalizer {

    /** The annotation {@code kubectl apply} writes; removed before comparing. */
    public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    private static final List<String> SERVER_METADATA = List.of(
            "resourceVersion",
            "uid",
            "generation",
            "creationTimestamp",
            "managedFields",
            "selfLink",
            "deletionTimestamp",
            "deletionGracePeriodSeconds");

    private final DiffOptions.StatusMode statusMode;

    public Normalizer(DiffOptions.StatusMode statusMode) {
        this.statusMode = statusMode;
    }

    /** A normalised deep copy, or null for null. */
    public ObjectNode normalize(ObjectNode object) {
        if (object == null) {
            return null;
        }
        ObjectNode copy = object.deepCopy();
        if (copy.get("metadata") instanceof ObjectNode metadata) {
            metadata.remove(SERVER_METADATA);
            if (metadata.get("annotations") instanceof ObjectNode annotations) {
                annotations.remove(LAST_APPLIED);
            }
        }
        if (ignoresStatus(copy)) {
            copy.remove("status");
        }
        if (SecretMasker.isSecret(copy)) {
            foldStringData(copy);
        }
        return copy;
    }

    private boolean ignoresStatus(JsonNode object) {
        return switch (statusMode) {
            case ALL -> true;
            case NONE -> false;
            case CRD ->
                "CustomResourceDefinition".equals(object.path("kind").asText())
                        && object.path("apiVersion").asText().startsWith("apiextensions.k8s.io/");
        };
    }

    /** What the API server does with a Secret: stringData wins over data and is stored base64-encoded. */
    static void foldStringData(ObjectNode secret) {
        JsonNode stringData = secret.get("stringData");
        JsonNode data = secret.get("data");
        if (stringData instanceof ObjectNode strings && (data == null || data.isNull() || data.isObject())) {
            ObjectNode merged = data instanceof ObjectNode d ? d : JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = strings.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String plain = e.getValue().isNull() ? "" : e.getValue().asText();
                merged.put(e.getKey(), Base64.getEncoder().encodeToString(plain.getBytes(StandardCharsets.UTF_8)));
            }
            secret.set("data", merged);
            secret.remove("stringData");
        }
        if (secret.get("data") instanceof ObjectNode d) {
            for (Iterator<Map.Entry<String, JsonNode>> it = d.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isNull()) {
                    e.setValue(JsonNodeFactory.instance.textNode(""));
                }
            }
        }
    }
}
