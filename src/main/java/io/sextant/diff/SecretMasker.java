package io.sextant.diff;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hides the values of core Secrets ({@code apiVersion: v1}, {@code kind: Secret}) before anything is
 * shown, stored or logged: every value under {@code data} and {@code stringData}, in the object and
 * inside its {@code kubectl.kubernetes.io/last-applied-configuration} annotation, becomes a run of
 * {@code +}. As in Argo CD, masks are given per key in order of appearance: the first distinct value
 * gets {@value #FIRST_MASK} (8 characters), each further distinct value 4 more. Objects masked together
 * (a resource's target and live state) share the numbering, so a diff still shows <em>that</em> a value
 * changed — two masks of different length — and equal values keep equal masks, but never the value.
 *
 * <p>Masking works on copies; inputs are never changed. A {@code data} or {@code stringData} that is
 * not a map, or an annotation that is not valid JSON, is replaced whole by a mask. Stateless,
 * thread-safe.
 */
public final class SecretMasker {

    /** The mask of the first distinct value of a key. */
    public static final String FIRST_MASK = "++++++++";

    private static final String STEP = "++++";
    private static final List<String> FIELDS = List.of("data", "stringData");
    private static final ObjectMapper JSON = new JsonMapper(JsonFactory.builder()
            .streamReadConstraints(
                    StreamReadConstraints.builder().maxNestingDepth(200).build())
            .build());

    /**
     * Annotation keys whose values are masked on Secrets like their data: sextant-cm's
     * {@code resource.sensitive.mask.annotations} (Argo CD's key, comma-separated), set by whoever reads the
     * settings. A process-wide setting, as the rest of sextant-cm.
     */
    private static volatile Set<String> sensitiveAnnotations = Set.of();

    public static final String SENSITIVE_ANNOTATIONS_KEY = "resource.sensitive.mask.annotations";

    private SecretMasker() {}

    /** Reads {@value #SENSITIVE_ANNOTATIONS_KEY} from the settings' data (absent: none). */
    public static void useSettings(Map<String, String> settings) {
        String value = settings == null ? null : settings.get(SENSITIVE_ANNOTATIONS_KEY);
        Set<String> keys = new LinkedHashSet<>();
        if (value != null) {
            for (String k : value.split(",")) {
                if (!k.isBlank()) {
                    keys.add(k.trim());
                }
            }
        }
        sensitiveAnnotations = Set.copyOf(keys);
    }

    /** The annotation keys masked on Secrets now. */
    public static Set<String> sensitiveAnnotations() {
        return sensitiveAnnotations;
    }

    /** True for a core-group Secret. */
    public static boolean isSecret(JsonNode object) {
        return object != null
                && "Secret".equals(object.path("kind").asText())
                && "v1".equals(object.path("apiVersion").asText());
    }

    /**
     * A masked copy when {@code object} is a Secret; any other object (or null) is returned as it is.
     * For the writers of status, events and logs: call it on every object before it leaves the engine.
     */
    public static <T extends JsonNode> T maskIfSecret(T object) {
        if (!isSecret(object)) {
            return object;
        }
        @SuppressWarnings("unchecked")
        T copy = (T) object.deepCopy();
        maskTogether(Arrays.asList((ObjectNode) copy));
        return copy;
    }

    /**
     * Masked copies of several states of one resource (say its raw target and live objects for the API),
     * numbered together so equal values get equal masks across them; nulls stay null, non-Secrets are
     * returned as they are.
     */
    public static List<ObjectNode> maskConsistently(ObjectNode... states) {
        List<ObjectNode> copies = new ArrayList<>(states.length);
        for (ObjectNode state : states) {
            copies.add(isSecret(state) ? state.deepCopy() : state);
        }
        maskTogether(copies);
        return copies;
    }

    /**
     * Masks, in place and with one numbering per key, the Secrets among {@code objects} (nulls and
     * non-Secrets are skipped) and the last-applied annotations they carry.
     */
    static void maskTogether(List<ObjectNode> objects) {
        List<ObjectNode> participants = new ArrayList<>();
        Map<ObjectNode, ObjectNode> lastApplied = new HashMap<>();
        for (ObjectNode object : objects) {
            if (object == null || !isSecret(object)) {
                continue;
            }
            participants.add(object);
            ObjectNode annotations = object.path("metadata").get("annotations") instanceof ObjectNode a ? a : null;
            JsonNode text = annotations == null ? null : annotations.get(Normalizer.LAST_APPLIED);
            if (text != null) {
                JsonNode parsed = parse(text);
                if (parsed instanceof ObjectNode applied) {
                    participants.add(applied);
                    lastApplied.put(object, applied);
                } else {
                    annotations.put(Normalizer.LAST_APPLIED, FIRST_MASK);
                }
            }
        }
        for (String field : FIELDS) {
            maskField(participants, field);
        }
        maskAnnotations(participants);
        for (Map.Entry<ObjectNode, ObjectNode> e : lastApplied.entrySet()) {
            ((ObjectNode) e.getKey().get("metadata").get("annotations"))
                    .put(Normalizer.LAST_APPLIED, e.getValue().toString());
        }
    }

    /** The sensitive annotations of each participant (a Secret or its last-applied state), numbered together. */
    private static void maskAnnotations(List<ObjectNode> objects) {
        Set<String> sensitive = sensitiveAnnotations;
        if (sensitive.isEmpty()) {
            return;
        }
        List<ObjectNode> annotations = new ArrayList<>();
        for (ObjectNode object : objects) {
            if (object.path("metadata").get("annotations") instanceof ObjectNode a) {
                annotations.add(a);
            }
        }
        for (String key : sensitive) {
            Map<String, String> masks = new HashMap<>();
            for (ObjectNode a : annotations) {
                JsonNode value = a.get(key);
                if (value == null || value.isNull()) {
                    continue;
                }
                String plain = value.isTextual() ? value.textValue() : value.toString();
                a.put(key, masks.computeIfAbsent(plain, v -> FIRST_MASK + STEP.repeat(masks.size())));
            }
        }
    }

    private static void maskField(List<ObjectNode> objects, String field) {
        Set<String> keys = new LinkedHashSet<>();
        for (ObjectNode object : objects) {
            JsonNode values = object.get(field);
            if (values == null || values.isNull()) {
                continue;
            }
            if (values instanceof ObjectNode map) {
                map.fieldNames().forEachRemaining(keys::add);
            } else {
                object.put(field, FIRST_MASK);
            }
        }
        for (String key : keys) {
            Map<String, String> masks = new HashMap<>();
            for (ObjectNode object : objects) {
                if (!(object.get(field) instanceof ObjectNode map)
                        || !map.has(key)
                        || map.get(key).isNull()) {
                    continue;
                }
                JsonNode value = map.get(key);
                String plain = value.isTextual() ? value.textValue() : value.toString();
                String mask = masks.computeIfAbsent(plain, v -> FIRST_MASK + STEP.repeat(masks.size()));
                map.set(key, TextNode.valueOf(mask));
            }
        }
    }

    /**
     * {@code text} (an error message, a log line) with every value of the given Secrets removed: each
     * data/stringData value, as written and base64-decoded or encoded, becomes {@value #FIRST_MASK}.
     * Objects that are not Secrets (and nulls) add nothing. Values shorter than 4 characters are
     * left, as masking them would garble ordinary words without protecting anything.
     */
    public static String scrub(String text, JsonNode... objects) {
        if (text == null) {
            return null;
        }
        Set<String> values = new LinkedHashSet<>();
        for (JsonNode object : objects) {
            if (!isSecret(object)) {
                continue;
            }
            JsonNode annotations = object.path("metadata").path("annotations");
            for (String key : sensitiveAnnotations) {
                if (annotations.path(key).isTextual()) {
                    values.add(annotations.path(key).textValue());
                }
            }
            for (String field : FIELDS) {
                object.path(field).forEach(v -> {
                    String plain = v.isTextual() ? v.textValue() : v.toString();
                    values.add(plain);
                    values.add(Base64.getEncoder().encodeToString(plain.getBytes(StandardCharsets.UTF_8)));
                    try {
                        values.add(new String(Base64.getDecoder().decode(plain), StandardCharsets.UTF_8));
                    } catch (IllegalArgumentException notBase64) {
                        // stringData, or a broken data value: the text form is already listed
                    }
                });
            }
        }
        String result = text;
        // Longest first, so a value containing another is masked whole.
        for (String v :
                values.stream().sorted((a, b) -> b.length() - a.length()).toList()) {
            if (v.length() >= 4) {
                result = result.replace(v, FIRST_MASK);
            }
        }
        return result;
    }

    private static JsonNode parse(JsonNode text) {
        if (!text.isTextual() || text.textValue().length() > (4 << 20)) {
            return null;
        }
        try {
            return JSON.readTree(text.textValue());
        } catch (Exception e) {
            return null; // never pass the parser's message on: it may quote the annotation
        }
    }
}
