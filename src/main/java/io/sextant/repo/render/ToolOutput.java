package io.sextant.repo.render;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Reads what a tool printed (multi-document YAML, or JSON) as manifests, with the rules and limits of
 * {@link ManifestReader}; a tool's whole output counts as one file, bounded by the total byte limit
 * rather than the per-file one. Stateless.
 */
final class ToolOutput {

    private ToolOutput() {}

    /** The limits for reading one tool's whole output. */
    static RenderLimits outputLimits(RenderLimits limits) {
        long perOutput = Math.min(Integer.MAX_VALUE - 8L, Math.max(limits.maxFileBytes(), limits.maxTotalBytes()));
        return new RenderLimits(
                limits.maxFiles(),
                limits.maxTotalBytes(),
                perOutput,
                limits.maxObjects(),
                limits.maxAliases(),
                limits.maxNestingDepth(),
                limits.maxNodes(),
                limits.maxTreeEntries());
    }

    /**
     * @param what how to name the output in errors, e.g. "helm template generic-service" (a {@code .json}
     *             suffix reads it as JSON)
     */
    static List<ObjectNode> read(String what, byte[] output, RenderBudget budget) {
        budget.bytes(output.length, what);
        ManifestReader.FileResult result = new ManifestReader(budget).read(what, output);
        return result.ignored() ? List.of() : result.objects();
    }
}
