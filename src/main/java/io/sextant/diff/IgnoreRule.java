package io.sextant.diff;

import com.fasterxml.jackson.databind.JsonNode;
import io.sextant.model.ResourceIgnoreDifferences;
import io.sextant.model.ResourceKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One compiled ignoreDifferences rule: which resources it applies to (group and kind as globs —
 * {@code *} matches anything, an empty group is the core group —, name and namespace exact when set)
 * and what it removes (JSON pointers, jq path expressions, fields owned by managers). Its
 * {@link #source} names it in every message: {@code application ignoreDifferences[2]} or the settings
 * key. Immutable, thread-safe.
 */
final class IgnoreRule {

    final String source;
    private final Pattern group;
    private final Pattern kind;
    private final String name;
    private final String namespace;
    final List<String> pointerTexts;
    final List<List<String>> pointers;
    final List<JqPath> jqPaths;
    final List<String> managers;

    private IgnoreRule(
            String source, ResourceIgnoreDifferences rule, List<List<String>> pointers, List<JqPath> jqPaths) {
        this.source = source;
        this.group = glob(rule.getGroup() == null ? "" : rule.getGroup());
        this.kind = glob(rule.getKind() == null ? "" : rule.getKind());
        this.name = blankToNull(rule.getName());
        this.namespace = blankToNull(rule.getNamespace());
        this.pointerTexts = List.copyOf(nonNull(rule.getJsonPointers()));
        this.pointers = List.copyOf(pointers);
        this.jqPaths = List.copyOf(jqPaths);
        this.managers = List.copyOf(nonNull(rule.getManagedFieldsManagers()));
    }

    /**
     * @throws IgnoreRuleException naming {@code source} and the bad pointer or expression
     */
    static IgnoreRule compile(String source, ResourceIgnoreDifferences rule, Duration jqProbeTimeout) {
        String label = source + " (" + (rule.getGroup() == null ? "" : rule.getGroup()) + "/" + rule.getKind() + ")";
        List<List<String>> pointers = new ArrayList<>();
        for (String pointer : nonNull(rule.getJsonPointers())) {
            pointers.add(parsePointer(pointer, label));
        }
        List<JqPath> jqPaths = new ArrayList<>();
        for (String expression : nonNull(rule.getJqPathExpressions())) {
            try {
                jqPaths.add(JqPath.compile(expression, jqProbeTimeout));
            } catch (IllegalArgumentException e) {
                throw new IgnoreRuleException("ignoreDifferences rule " + label + ": jqPathExpression '"
                        + shorten(expression) + "' is invalid: " + e.getMessage());
            }
        }
        return new IgnoreRule(label, rule, pointers, jqPaths);
    }

    boolean matches(ResourceKey key) {
        return group.matcher(key.group()).matches()
                && kind.matcher(key.kind()).matches()
                && (name == null || name.equals(key.name()))
                && (namespace == null || namespace.equals(key.namespace()));
    }

    /** The pointer's tokens resolved against {@code doc}: numeric tokens index lists, others name fields. */
    static List<Object> resolve(List<String> tokens, JsonNode doc) {
        List<Object> path = new ArrayList<>(tokens.size());
        JsonNode node = doc;
        for (String token : tokens) {
            Object step = node != null && node.isArray() && token.matches("0|[1-9][0-9]{0,8}")
                    ? (Object) Integer.valueOf(token)
                    : token;
            path.add(step);
            node = node == null ? null : JsonPaths.child(node, step);
        }
        return path;
    }

    /** RFC 6901: "/a/b~1c" is [a, b/c]; "~0" is "~". The whole document ("") cannot be ignored. */
    private static List<String> parsePointer(String pointer, String label) {
        if (pointer == null || pointer.isEmpty() || !pointer.startsWith("/")) {
            throw new IgnoreRuleException("ignoreDifferences rule " + label + ": jsonPointer '"
                    + shorten(String.valueOf(pointer)) + "' is invalid: it must start with '/' (RFC 6901)");
        }
        List<String> tokens = new ArrayList<>();
        for (String raw : pointer.substring(1).split("/", -1)) {
            if (raw.matches(".*~([^01]|$).*")) {
                throw new IgnoreRuleException("ignoreDifferences rule " + label + ": jsonPointer '" + shorten(pointer)
                        + "' is invalid: '~' must be followed by 0 or 1 (RFC 6901)");
            }
            tokens.add(raw.replace("~1", "/").replace("~0", "~"));
        }
        return tokens;
    }

    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                regex.append(Pattern.quote(literal.toString())).append(c == '*' ? ".*" : ".");
                literal.setLength(0);
            } else {
                literal.append(c);
            }
        }
        regex.append(Pattern.quote(literal.toString()));
        return Pattern.compile(regex.toString());
    }

    static String shorten(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static List<String> nonNull(List<String> list) {
        return list == null ? List.of() : list.stream().filter(Objects::nonNull).toList();
    }
}
