package io.sextant.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.text.DiffRow;
import com.github.difflib.text.DiffRowGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One OutOfSync resource's difference, live (left, "-") against desired (right, "+"), as YAML: a
 * unified diff or side-by-side rows. Both sides come from the comparison, so they are already
 * normalised and Secret values already masked; {@link #NORMALISATION} says what that removed.
 */
public record DiffView(
        String title, String id, List<Line> unified, List<Row> sideBySide, boolean identical, String source) {

    public static final String NORMALISATION = "Compared after normalisation: fields the API server keeps for itself "
            + "(resourceVersion, uid, generation, creationTimestamp, managedFields), the last-applied-configuration "
            + "annotation and status are removed; the app's and the system's ignoreDifferences are applied; "
            + "Secret values are masked.";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
    private static final int MAX_LINES = 5000;

    /** A unified-diff line: css is "add", "del", "hunk" or "ctx". */
    public record Line(String css, String text) {}

    /** A side-by-side row: tag is EQUAL, CHANGE, INSERT or DELETE. */
    public record Row(String tag, String left, String right) {
        public String css() {
            return tag.toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param live the live object, null when missing
     * @param target the desired state, null when Git has none
     */
    static DiffView of(String title, String id, JsonNode live, JsonNode target) {
        return of(title, id, yamlLines(live), yamlLines(target));
    }

    private static DiffView of(String title, String id, List<String> live, List<String> target) {
        var patch = DiffUtils.diff(live, target);
        List<Line> unified = new ArrayList<>();
        for (String l : UnifiedDiffUtils.generateUnifiedDiff("live", "desired", live, patch, 3)) {
            String css = l.startsWith("@@")
                    ? "hunk"
                    : l.startsWith("+++") || l.startsWith("---")
                            ? "hunk"
                            : l.startsWith("+") ? "add" : l.startsWith("-") ? "del" : "ctx";
            unified.add(new Line(css, l));
        }
        // Lines are shown by an escaping template, so the generator must not escape them itself.
        DiffRowGenerator gen = DiffRowGenerator.create()
                .showInlineDiffs(false)
                .lineNormalizer(s -> s)
                .build();
        List<Row> rows = new ArrayList<>();
        for (DiffRow r : gen.generateDiffRows(live, target)) {
            rows.add(new Row(r.getTag().name(), r.getOldLine(), r.getNewLine()));
        }
        return new DiffView(title, id, unified, rows, patch.getDeltas().isEmpty(), "");
    }

    /** This diff saying which source of a multi-source app rendered the resource ("" for none). */
    DiffView from(String sourceLabel) {
        return new DiffView(title, id, unified, sideBySide, identical, sourceLabel == null ? "" : sourceLabel);
    }

    /**
     * Which source of {@code sources} (the details page's list) index {@code sourceIndex} (from 0) names, as
     * "source 2 of 2: repository, what it names"; "" for a single-source app or an index it does not have.
     */
    static String sourceLabel(List<AppDetails.SourceView> sources, Integer sourceIndex) {
        if (sourceIndex == null || sourceIndex < 0 || sourceIndex >= sources.size()) {
            return "";
        }
        AppDetails.SourceView s = sources.get(sourceIndex);
        return "source " + s.position() + " of " + sources.size() + ": " + s.repoURL()
                + (s.what() == null || s.what().isEmpty() ? "" : ", " + s.what());
    }

    static List<String> yamlLines(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return List.of();
        }
        try {
            String yaml = YAML.writeValueAsString(node);
            List<String> lines = List.of(yaml.split("\n"));
            return lines.size() > MAX_LINES ? lines.subList(0, MAX_LINES) : lines;
        } catch (Exception e) {
            return List.of(node.toString());
        }
    }

    static String yaml(JsonNode node) {
        return String.join("\n", yamlLines(node));
    }
}
