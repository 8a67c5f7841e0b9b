package io.sextant.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.model.ResourceIgnoreDifferences;
import io.sextant.model.ResourceKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * The ignoreDifferences rules in force for one Application: its own {@code spec.ignoreDifferences}
 * plus the system-wide rules of the settings ({@link SystemIgnoreDifferences}). Built once per
 * Application and settings version (all pointers and jq expressions are compiled and checked here, so a
 * bad rule is reported before any resource is compared), then applied to every resource.
 *
 * <p>Applying removes, from the expected and the live object alike: each JSON pointer's field, each jq
 * path expression's matches, then the fields owned by the named managers where the two sides differ.
 * A jq expression that raises an error on an object is skipped for that object, as Argo CD does: silently
 * when it iterated a list the object lacks ({@code .spec.x[]} on no {@code x}), else with a warning
 * naming the rule; one that runs past the
 * time limit fails the comparison with a {@link DiffException} naming the rule. jq's own messages are
 * withheld for Secrets, since they can quote values.
 *
 * <p>Immutable, thread-safe.
 */
public final class IgnoreRules {

    private static final IgnoreRules NONE = new IgnoreRules(List.of());
    private static final Duration PROBE = Duration.ofMillis(200);

    private final List<IgnoreRule> rules;

    private IgnoreRules(List<IgnoreRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** No rules. */
    public static IgnoreRules none() {
        return NONE;
    }

    /**
     * @param appRules the Application's {@code spec.ignoreDifferences} (may be null)
     * @param system   the system-wide rules (may be null)
     * @throws IgnoreRuleException naming the first malformed rule
     */
    public static IgnoreRules of(List<ResourceIgnoreDifferences> appRules, SystemIgnoreDifferences system) {
        List<IgnoreRule> compiled = new ArrayList<>();
        if (appRules != null) {
            for (int i = 0; i < appRules.size(); i++) {
                if (appRules.get(i) != null) {
                    compiled.add(
                            IgnoreRule.compile("application ignoreDifferences[" + i + "]", appRules.get(i), PROBE));
                }
            }
        }
        if (system != null) {
            for (Map.Entry<String, ResourceIgnoreDifferences> e : system.rules().entrySet()) {
                compiled.add(IgnoreRule.compile(e.getKey(), e.getValue(), PROBE));
            }
        }
        return new IgnoreRules(compiled);
    }

    /** Convenience: the Application's rules plus those of the settings ConfigMap's data. */
    public static IgnoreRules of(List<ResourceIgnoreDifferences> appRules, Map<String, String> settings) {
        return of(appRules, SystemIgnoreDifferences.fromSettings(settings));
    }

    /** How many rules (application and system) there are. */
    public int size() {
        return rules.size();
    }

    /**
     * Removes the ignored fields from both objects (either may be null).
     *
     * @param managedFields the live object's {@code metadata.managedFields} as read from the cluster
     * @return warnings for rules skipped on this object, each naming its rule
     * @throws DiffException when a jq expression exceeds {@code jqTimeout}
     */
    List<String> apply(
            ResourceKey key,
            ObjectNode expected,
            ObjectNode live,
            JsonNode managedFields,
            Duration jqTimeout,
            boolean secret) {
        List<String> warnings = new ArrayList<>();
        Set<String> managers = new LinkedHashSet<>();
        for (IgnoreRule rule : rules) {
            if (!rule.matches(key)) {
                continue;
            }
            for (List<String> pointer : rule.pointers) {
                for (ObjectNode side : sides(expected, live)) {
                    JsonPaths.remove(side, IgnoreRule.resolve(pointer, side));
                }
            }
            for (JqPath jq : rule.jqPaths) {
                for (ObjectNode side : sides(expected, live)) {
                    removeJqMatches(rule, jq, side, jqTimeout, secret, warnings);
                }
            }
            managers.addAll(rule.managers);
        }
        if (!managers.isEmpty() && expected != null && live != null) {
            for (JsonNode trie : ManagedFields.owned(managedFields, managers, null)) {
                ManagedFields.removeOwnedDifferences(expected, live, trie);
            }
        }
        return warnings;
    }

    private static void removeJqMatches(
            IgnoreRule rule, JqPath jq, ObjectNode side, Duration timeout, boolean secret, List<String> warnings) {
        String where = "ignoreDifferences rule " + rule.source + ": jqPathExpression '"
                + IgnoreRule.shorten(jq.expression()) + "'";
        try {
            JsonPaths.removeAll(side, jq.paths(side, timeout));
        } catch (JqPath.TimeLimitExceeded e) {
            throw new DiffException(where + " ran longer than " + timeout.toMillis() + " ms and was stopped");
        } catch (JsonQueryException e) {
            if (String.valueOf(e.getMessage()).startsWith("Cannot iterate over null")) {
                return; // the list is absent on this object: nothing to ignore, as in Argo CD
            }
            String detail = secret
                    ? "details withheld because the object is a Secret"
                    : IgnoreRule.shorten(String.valueOf(e.getMessage()));
            String warning = where + " was skipped: " + detail;
            if (!warnings.contains(warning)) {
                warnings.add(warning);
            }
        } catch (StackOverflowError e) {
            throw new DiffException(where + " recursed without end and was stopped");
        }
    }

    private static List<ObjectNode> sides(ObjectNode expected, ObjectNode live) {
        List<ObjectNode> sides = new ArrayList<>(2);
        if (expected != null) {
            sides.add(expected);
        }
        if (live != null) {
            sides.add(live);
        }
        return sides;
    }
}
