package io.sextant.diff;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.model.ResourceKey;
import java.util.Arrays;
import java.util.List;

/**
 * Compares one resource's target (from Git) with its live object, the way Argo CD users expect; see
 * the package documentation for the rules. Thread-safe and stateless apart from its options: one
 * instance serves all Applications.
 */
public final class Differ {

    private final DiffOptions options;
    private final Normalizer normalizer;
    private final InputBounds bounds;
    private final ObjectMapper json;

    public Differ() {
        this(DiffOptions.defaults());
    }

    public Differ(DiffOptions options) {
        this.options = options;
        this.normalizer = new Normalizer(options.statusMode());
        this.bounds = new InputBounds(options);
        this.json = new JsonMapper(JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(options.maxDepth())
                        .build())
                .build());
    }

    public DiffOptions options() {
        return options;
    }

    /**
     * Compares one resource. The arguments are not changed.
     *
     * @param target          the manifest from Git, tracking annotation already set; null for a live
     *                        object Git no longer has (it requires pruning)
     * @param predictedOrNull the server-side dry-run apply of the target (defaults and admission filled
     *                        in), or null when none could be made: then only the fields the target sets
     *                        are compared
     * @param liveOrNull      the object in the cluster, or null when it is missing
     * @param rules           the Application's ignoreDifferences ({@link IgnoreRules#none()} for none)
     * @throws DiffException when an object is out of bounds or a jq rule ran past its time limit
     * @throws IllegalArgumentException when both target and live are null
     */
    public ResourceDiff diff(ObjectNode target, ObjectNode predictedOrNull, ObjectNode liveOrNull, IgnoreRules rules) {
        if (target == null && liveOrNull == null) {
            throw new IllegalArgumentException("a diff needs a target or a live object");
        }
        bounds.check(target, "target");
        bounds.check(predictedOrNull, "predicted");
        bounds.check(liveOrNull, "live");
        IgnoreRules ignore = rules == null ? IgnoreRules.none() : rules;
        ResourceKey key = ResourceKey.of(target != null ? target : liveOrNull);
        boolean secret = SecretMasker.isSecret(target != null ? target : liveOrNull);

        JsonNode managedFields = liveOrNull == null
                ? MissingNode.getInstance()
                : liveOrNull.path("metadata").path("managedFields");
        ObjectNode live = normalizer.normalize(liveOrNull);
        ObjectNode expected = null;
        if (target != null) {
            if (predictedOrNull != null) {
                expected = normalizer.normalize(predictedOrNull);
            } else if (live != null) {
                expected = ExpectedState.of(
                        live, normalizer.normalize(target), previouslyApplied(liveOrNull, managedFields));
            } else {
                expected = normalizer.normalize(target);
            }
        }
        if (expected != null && live != null) {
            Equivalence.reconcile(expected, live);
        }
        List<String> warnings = ignore.apply(key, expected, live, managedFields, options.jqTimeout(), secret);
        if (expected != null && live != null) {
            Equivalence.reconcile(expected, live);
            KeyOrder.alignTo(expected, live);
        }
        SecretMasker.maskTogether(Arrays.asList(expected, live));

        boolean modified = expected == null || live == null || !expected.equals(live);
        String diff = modified
                ? YamlText.unifiedDiff(YamlText.render(live), YamlText.render(expected), options.maxDiffLines())
                : "";
        return new ResourceDiff(
                key, modified, target != null && live == null, target == null, expected, live, diff, warnings);
    }

    /**
     * What the previous apply set, normalised: the last-applied annotation of a client-side apply, else
     * the shape of Sextant's own Apply entry in managedFields; null when neither is there.
     */
    private JsonNode previouslyApplied(ObjectNode rawLive, JsonNode managedFields) {
        JsonNode annotation = rawLive.path("metadata").path("annotations").get(Normalizer.LAST_APPLIED);
        if (annotation != null
                && annotation.isTextual()
                && annotation.textValue().length() <= options.maxChars()) {
            try {
                if (json.readTree(annotation.textValue()) instanceof ObjectNode applied) {
                    bounds.check(applied, "last-applied");
                    return normalizer.normalize(applied);
                }
            } catch (Exception e) {
                // An unreadable annotation is as good as none; its text is never repeated (Secrets).
            }
        }
        List<JsonNode> tries = ManagedFields.owned(managedFields, List.of(options.fieldManager()), "Apply");
        return tries.isEmpty() ? null : ManagedFields.shape(tries.get(0));
    }
}
