package io.sextant.diff;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.util.List;

/**
 * Renders objects as YAML the way people read manifests (block style, keys in the object's own order,
 * multi-line strings as {@code |} blocks, strings that look like numbers or booleans quoted so
 * {@code "80"} and {@code 80} differ visibly) and writes the unified diff between two renderings:
 * {@code --- live}, {@code +++ target}, three lines of context. Thread-safe.
 */
final class YamlText {

    static final String LIVE_HEADER = "live";
    static final String TARGET_HEADER = "target";
    private static final int CONTEXT = 3;
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .build();

    private YamlText() {}

    /** The YAML text of {@code node}; empty for null. */
    static String render(JsonNode node) {
        if (node == null) {
            return "";
        }
        try {
            return YAML.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            // Never quote the generator's message: it may carry a value.
            throw new DiffException("the object could not be rendered as YAML");
        }
    }

    /**
     * The unified diff turning {@code liveYaml} into {@code targetYaml}; empty when they are equal, a
     * one-line notice when together they exceed {@code maxLines}.
     */
    static String unifiedDiff(String liveYaml, String targetYaml, int maxLines) {
        if (liveYaml.equals(targetYaml)) {
            return "";
        }
        List<String> live = liveYaml.isEmpty() ? List.of() : liveYaml.lines().toList();
        List<String> target =
                targetYaml.isEmpty() ? List.of() : targetYaml.lines().toList();
        if (live.size() + target.size() > maxLines) {
            return "# diff left out: the two sides have " + (live.size() + target.size())
                    + " lines, more than the limit of " + maxLines + "\n";
        }
        Patch<String> patch = DiffUtils.diff(live, target);
        List<String> lines = UnifiedDiffUtils.generateUnifiedDiff(LIVE_HEADER, TARGET_HEADER, live, patch, CONTEXT);
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }
}
