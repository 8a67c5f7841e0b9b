package io.sextant.diff;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Arrays;
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
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build()).build());

    private SecretMasker() {
    }

    /** True for a core-group Secret. */
    public static boolean isSecret(JsonNode object) {
        return object != null && "Secret".equals(object.path("kind").asText())
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
        for (Map.Entry<ObjectNode, ObjectNode> e : lastApplied.entrySet()) {
            ((ObjectNode) e.getKey().get("metadata").get("annotations"))
                    .put(Normalizer.LAST_APPLIED, e.getValue().toString());
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
                if (!(object.get(field) instanceof ObjectNode map) || !map.has(key) || map.get(key).isNull()) {
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
            for (String field : FIELDS) {
                object.path(field).forEach(v -> {
                    String plain = v.isTextual() ? v.textValue() : v.toString();
                    values.add(plain);
                    values.add(java.util.Base64.getEncoder().encodeToString(plain.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                    try {
                        values.add(new String(java.util.Base64.getDecoder().decode(plain), java.nio.charset.StandardCharsets.UTF_8));
                    } catch (IllegalArgumentException notBase64) {
                        // stringData, or a broken data value: the text form is already listed
                    }
                });
            }
        }
        String result = text;
        // Longest first, so a value containing another is masked whole.
        for (String v : values.stream().sorted((a, b) -> b.length() - a.length()).toList()) {
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
