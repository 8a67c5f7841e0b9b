package io.sextant.diff;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.model.ResourceKey;
import java.util.List;

/**
 * The comparison of one resource, ready to show: every object and text here is normalised and, for a
 * Secret, masked ({@link SecretMasker}), so it can go to the API, the pages, status and logs as is.
 *
 * @param key              the resource (from the target, or the live object when there is no target)
 * @param modified         true when the live object differs from the target: it is OutOfSync. Also true
 *                         when it is missing, and when it exists but Git no longer has it
 * @param missing          the target has no live object yet
 * @param requiresPruning  the live object has no target: a sync with pruning deletes it
 * @param normalizedTarget what live should be (the server's prediction when there was one), normalised;
 *                         null without a target. Argo CD calls this the predicted live state
 * @param normalizedLive   the live object, normalised; null when missing
 * @param diff             unified diff from {@link #liveYaml()} ({@code --- live}) to {@link #targetYaml()}
 *                         ({@code +++ target}) with 3 lines of context; "" when they are equal
 * @param warnings         ignore rules skipped on this resource, each naming its rule
 */
public record ResourceDiff(
        ResourceKey key,
        boolean modified,
        boolean missing,
        boolean requiresPruning,
        ObjectNode normalizedTarget,
        ObjectNode normalizedLive,
        String diff,
        List<String> warnings) {

    public ResourceDiff {
        warnings = List.copyOf(warnings);
    }

    /**
     * {@code normalizedTarget} as YAML ("" when null). Rendered when asked for: most comparisons find
     * nothing modified and show no text, and rendering is a good part of a comparison's cost.
     */
    public String targetYaml() {
        return YamlText.render(normalizedTarget);
    }

    /** {@code normalizedLive} as YAML ("" when null), rendered when asked for. */
    public String liveYaml() {
        return YamlText.render(normalizedLive);
    }
}
