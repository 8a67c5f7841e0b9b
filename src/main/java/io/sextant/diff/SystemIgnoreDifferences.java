package io.sextant.diff;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sextant.model.ResourceIgnoreDifferences;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * The system-wide ignoreDifferences rules of the settings ConfigMap ({@code sextant-cm}, keys as in
 * Argo CD's {@code argocd-cm}):
 * <pre>
 * resource.customizations.ignoreDifferences.apps_Deployment: |     # &lt;group&gt;_&lt;kind&gt;
 *   jsonPointers: [/spec/replicas]
 * resource.customizations.ignoreDifferences.Service: |             # &lt;kind&gt; alone: the core group
 *   jqPathExpressions: ['.spec.ports[]?.nodePort']
 * resource.customizations.ignoreDifferences.all: |                 # every resource
 *   managedFieldsManagers: [kube-controller-manager]
 * </pre>
 * Group and kind may hold {@code *} globs. The older single key {@code resource.customizations} (a
 * YAML map of {@code group/Kind} to {@code {ignoreDifferences: "<yaml>"}}) is read as well. Values are
 * YAML with {@code jsonPointers}, {@code jqPathExpressions} and {@code managedFieldsManagers}; other
 * fields are ignored. YAML is read with alias, nesting and size limits.
 *
 * <p>Immutable, thread-safe.
 */
public final class SystemIgnoreDifferences {

    public static final String PREFIX = "resource.customizations.ignoreDifferences.";
    public static final String LEGACY_KEY = "resource.customizations";
    private static final ObjectMapper YAML = yamlMapper();

    private final Map<String, ResourceIgnoreDifferences> rules;

    private SystemIgnoreDifferences(Map<String, ResourceIgnoreDifferences> rules) {
        this.rules = Collections.unmodifiableMap(rules);
    }

    /** No system-wide rules. */
    public static SystemIgnoreDifferences none() {
        return new SystemIgnoreDifferences(new LinkedHashMap<>());
    }

    /**
     * Reads the rules out of a settings ConfigMap's {@code data} (other keys are ignored).
     *
     * @throws IgnoreRuleException naming the key whose name or value cannot be read
     */
    public static SystemIgnoreDifferences fromSettings(Map<String, String> settings) {
        Map<String, ResourceIgnoreDifferences> rules = new LinkedHashMap<>();
        if (settings == null) {
            return new SystemIgnoreDifferences(rules);
        }
        for (Map.Entry<String, String> e : new TreeMap<>(settings).entrySet()) {
            String key = e.getKey();
            if (key.startsWith(PREFIX)) {
                String groupKind = key.substring(PREFIX.length());
                String[] parts = "all".equals(groupKind) ? new String[] {"*", "*"} : groupKind.split("_", -1);
                if (groupKind.isEmpty() || parts.length > 2 || parts[parts.length - 1].isEmpty()) {
                    throw new IgnoreRuleException("settings key " + key + " is invalid: use " + PREFIX
                            + "<group>_<kind>, " + PREFIX + "<kind> or " + PREFIX + "all");
                }
                String group = parts.length == 2 ? parts[0] : "";
                rules.put(key, read(key, group, parts[parts.length - 1], e.getValue()));
            } else if (LEGACY_KEY.equals(key)) {
                readLegacy(e.getValue(), rules);
            }
        }
        return new SystemIgnoreDifferences(rules);
    }

    /** The rules, keyed by the settings key they came from (in key order). */
    public Map<String, ResourceIgnoreDifferences> rules() {
        return rules;
    }

    private static void readLegacy(String value, Map<String, ResourceIgnoreDifferences> rules) {
        JsonNode root = parse(LEGACY_KEY, value);
        if (root == null || root.isNull()) {
            return;
        }
        if (!root.isObject()) {
            throw new IgnoreRuleException(
                    "settings key " + LEGACY_KEY + " is invalid: it must be a YAML map of group/Kind");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode ignore = e.getValue().get("ignoreDifferences");
            if (ignore == null || !ignore.isTextual()) {
                continue;
            }
            String groupKind = e.getKey();
            int slash = groupKind.lastIndexOf('/');
            String source = LEGACY_KEY + "[" + groupKind + "]";
            rules.put(
                    source,
                    read(
                            source,
                            slash < 0 ? "" : groupKind.substring(0, slash),
                            groupKind.substring(slash + 1),
                            ignore.textValue()));
        }
    }

    private static ResourceIgnoreDifferences read(String source, String group, String kind, String value) {
        JsonNode root = parse(source, value);
        ResourceIgnoreDifferences rule = new ResourceIgnoreDifferences();
        rule.setGroup(group);
        rule.setKind(kind);
        if (root == null || root.isNull()) {
            return rule;
        }
        if (!root.isObject()) {
            throw new IgnoreRuleException("settings key " + source
                    + " is invalid: it must be YAML with jsonPointers, jqPathExpressions or managedFieldsManagers");
        }
        rule.setJsonPointers(strings(source, root, "jsonPointers"));
        rule.setJqPathExpressions(strings(source, root, "jqPathExpressions"));
        rule.setManagedFieldsManagers(strings(source, root, "managedFieldsManagers"));
        return rule;
    }

    private static List<String> strings(String source, JsonNode root, String field) {
        JsonNode list = root.get(field);
        if (list == null || list.isNull()) {
            return null;
        }
        if (!list.isArray()) {
            throw new IgnoreRuleException("settings key " + source + " is invalid: " + field + " must be a list");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : list) {
            if (!item.isValueNode() || item.isNull()) {
                throw new IgnoreRuleException(
                        "settings key " + source + " is invalid: " + field + " must be a list of strings");
            }
            values.add(item.asText());
        }
        return values;
    }

    private static JsonNode parse(String source, String value) {
        if (value == null) {
            return null;
        }
        if (value.length() > (1 << 20)) {
            throw new IgnoreRuleException("settings key " + source + " is invalid: its value is larger than 1 MiB");
        }
        try {
            return YAML.readTree(value);
        } catch (Exception e) {
            throw new IgnoreRuleException("settings key " + source + " is not valid YAML: "
                    + IgnoreRule.shorten(
                            String.valueOf(e.getMessage()).lines().findFirst().orElse("")));
        }
    }

    private static ObjectMapper yamlMapper() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(50);
        options.setCodePointLimit(1 << 20);
        options.setAllowDuplicateKeys(false);
        return new ObjectMapper(YAMLFactory.builder().loaderOptions(options).build())
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    }
}
