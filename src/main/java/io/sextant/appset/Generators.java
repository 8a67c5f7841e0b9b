package io.sextant.appset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sextant.appset.AppSetException.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs one ApplicationSet's generators: each yields parameter sets (flat string maps, as fasttemplate
 * reads them), filtered by its post {@code selector}. {@code list}, {@code clusters} and {@code git} read
 * their sources ({@link ClusterParams}, {@link GitParams}); {@code matrix} and {@code merge} combine two or
 * more children, nested once at most (Generators-Matrix.md, Generators-Merge.md). Generators Sextant does
 * not implement are refused by name. The number of parameter sets is bounded while they are made, so a
 * matrix of two large generators fails early instead of filling the heap. One instance per reconcile.
 */
final class Generators {

    static final Set<String> UNSUPPORTED =
            Set.of("scmProvider", "pullRequest", "clusterDecisionResource", "plugin", "clusterProfile", "oci");
    private static final Set<String> SUPPORTED = Set.of("list", "clusters", "git", "matrix", "merge");
    /** Argo CD's git generator default: look again every 3 minutes. */
    static final Duration GIT_REQUEUE = Duration.ofMinutes(3);

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final GeneratorSources sources;
    private final boolean applyNestedSelectors;
    private final int maxParams;
    private final Interpolation interpolation;
    private Duration requeue;

    Generators(GeneratorSources sources, boolean applyNestedSelectors, int maxParams) {
        this(sources, applyNestedSelectors, maxParams, Interpolation.FAST);
    }

    Generators(GeneratorSources sources, boolean applyNestedSelectors, int maxParams, Interpolation interpolation) {
        this.sources = sources;
        this.applyNestedSelectors = applyNestedSelectors;
        this.maxParams = maxParams;
        this.interpolation = interpolation;
    }

    /** The shortest requeue any generator run so far asks for (git: 3 min or requeueAfterSeconds). */
    Optional<Duration> requeueAfter() {
        return Optional.ofNullable(requeue);
    }

    /** The parameter sets of top-level generator {@code index}. */
    List<Map<String, String>> generate(ObjectNode generator, int index) {
        return generate(generator, "generators[" + index + "]", 0);
    }

    private List<Map<String, String>> generate(JsonNode generator, String where, int depth) {
        if (!generator.isObject()) {
            throw error(where + " must be an object naming one generator");
        }
        String member = member((ObjectNode) generator, where);
        JsonNode spec = generator.get(member);
        checkKeys(spec, member, where + "." + member);
        List<Map<String, String>> params = switch (member) {
            case "list" -> listParams(spec, where + ".list");
            case "clusters" -> ClusterParams.generate(spec, sources.clusters(), where + ".clusters", interpolation);
            case "git" -> {
                noteRequeue(GitParams.requeueAfter(spec, GIT_REQUEUE));
                yield new GitParams(sources, maxParams).generate(spec, where + ".git", interpolation);
            }
            case "matrix" -> matrix(spec, where + ".matrix", depth);
            default -> merge(spec, where + ".merge", depth);
        };
        // Selectors of a nested combination's children apply only with applyNestedSelectors (Argo CD).
        boolean selectorApplies = depth < 2 || applyNestedSelectors;
        if (selectorApplies && generator.has("selector")) {
            ParamSelector selector = ParamSelector.of(generator.get("selector"), where);
            params = params.stream().filter(selector::matches).toList();
        }
        bound(params.size(), where);
        return params;
    }

    /** The fields each generator takes (Argo CD's types); any other is refused, never ignored. */
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "list",
            Set.of("elements", "elementsYaml", "template"),
            "clusters",
            Set.of("selector", "values", "template"),
            "git",
            Set.of(
                    "repoURL",
                    "revision",
                    "directories",
                    "files",
                    "requeueAfterSeconds",
                    "template",
                    "pathParamPrefix",
                    "values"),
            "matrix",
            Set.of("generators", "template"),
            "merge",
            Set.of("generators", "mergeKeys", "template"));

    private static void checkKeys(JsonNode spec, String member, String where) {
        if (spec == null || !spec.isObject()) {
            throw error(where + " must be an object");
        }
        Set<String> known = FIELDS.get(member);
        for (Iterator<String> names = spec.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw error(where + "." + name + " is not supported by Sextant (" + member + " takes "
                        + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
        for (String list : List.of("directories", "files")) {
            for (JsonNode entry : spec.path(list)) {
                for (Iterator<String> names = entry.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (!name.equals("path") && !(list.equals("directories") && name.equals("exclude"))) {
                        throw error(where + "." + list + "[]." + name + " is not supported by Sextant");
                    }
                }
            }
        }
    }

    private static String member(ObjectNode generator, String where) {
        String found = null;
        for (Iterator<String> names = generator.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.equals("selector")) {
                continue;
            }
            if (UNSUPPORTED.contains(name)) {
                throw error(where + ": the " + name + " generator is not supported by Sextant yet (list, clusters,"
                        + " git, matrix and merge are)");
            }
            if (!SUPPORTED.contains(name)) {
                throw error(where + ": '" + name + "' is not a generator (list, clusters, git, matrix or merge)");
            }
            if (found != null) {
                throw error(
                        where + " names two generators, " + found + " and " + name + ": write one generator per entry");
            }
            found = name;
        }
        if (found == null) {
            throw error(where + " names no generator (list, clusters, git, matrix or merge)");
        }
        return found;
    }

    /**
     * {@code elements} then {@code elementsYaml}: each an object of string values, {@code values} a map
     * flattened to {@code values.<key>} (Generators-List.md; without goTemplate every parameter is a string).
     */
    private List<Map<String, String>> listParams(JsonNode spec, String where) {
        List<JsonNode> elements = new ArrayList<>();
        spec.path("elements").forEach(elements::add);
        if (spec.hasNonNull("elementsYaml")) {
            JsonNode parsed;
            try {
                parsed = YAML.readTree(spec.get("elementsYaml").asText());
            } catch (JsonProcessingException e) {
                throw error(where + ".elementsYaml is not YAML: " + e.getOriginalMessage());
            }
            if (parsed != null && !parsed.isNull()) {
                if (!parsed.isArray()) {
                    throw error(where + ".elementsYaml must be a YAML list of objects");
                }
                parsed.forEach(elements::add);
            }
        }
        List<Map<String, String>> out = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            JsonNode element = elements.get(i);
            if (!element.isObject()) {
                throw error(where + ": element " + i + " is not an object of parameters");
            }
            Map<String, String> params = new LinkedHashMap<>();
            if (interpolation.go()) {
                // Go templates read nested values: kept as dotted names, nested again for the template.
                goFlatten("", element, params, where, i);
                out.add(params);
                bound(out.size(), where);
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = element.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("values") && e.getValue().isObject()) {
                    for (Iterator<Map.Entry<String, JsonNode>> v = e.getValue().fields(); v.hasNext(); ) {
                        Map.Entry<String, JsonNode> value = v.next();
                        params.put("values." + value.getKey(), string(value.getValue(), where, i, value.getKey()));
                    }
                } else {
                    params.put(e.getKey(), string(e.getValue(), where, i, e.getKey()));
                }
            }
            out.add(params);
            bound(out.size(), where);
        }
        return out;
    }

    private static void goFlatten(String prefix, JsonNode node, Map<String, String> out, String where, int element) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix + e.getKey();
            JsonNode v = e.getValue();
            if (v.isObject()) {
                goFlatten(key + ".", v, out, where, element);
            } else if (v.isTextual()) {
                out.put(key, v.asText());
            } else {
                // Lists, numbers, booleans and null keep their type for the Go template ({{range}}, {{if .flag}}).
                out.put(key, GoParams.typed(v));
            }
        }
    }

    private static String string(JsonNode value, String where, int element, String key) {
        if (!value.isTextual()) {
            throw error(where + ": element " + element + ", parameter '" + key + "' is "
                    + (value.isContainerNode() ? "an object or list" : "not a string (" + value + ")")
                    + ": without goTemplate every parameter is a string; quote it");
        }
        return value.asText();
    }

    /**
     * Two children; the second is rendered with each parameter set of the first (its strings templated),
     * then each pair merged. A key both give with different values is an error, as Argo CD's fasttemplate
     * merge says.
     */
    private List<Map<String, String>> matrix(JsonNode spec, String where, int depth) {
        List<JsonNode> children = children(spec, where, depth);
        if (children.size() != 2) {
            throw error(where + " has " + children.size() + " generators: a matrix combines exactly two");
        }
        List<Map<String, String>> out = new ArrayList<>();
        List<Map<String, String>> first = generate(children.get(0), where + ".generators[0]", depth + 1);
        if (first.isEmpty()) {
            throw error(where + ".generators[0] generated no parameters");
        }
        for (Map<String, String> a : first) {
            JsonNode second = interpolation.apply(children.get(1), a);
            List<Map<String, String>> bs = generate(second, where + ".generators[1]", depth + 1);
            if (bs.isEmpty()) {
                throw error(where + ".generators[1] generated no parameters");
            }
            for (Map<String, String> b : bs) {
                Map<String, String> merged = new LinkedHashMap<>(a);
                for (Map.Entry<String, String> e : b.entrySet()) {
                    String before = merged.putIfAbsent(e.getKey(), e.getValue());
                    if (before != null && !before.equals(e.getValue())) {
                        throw error(
                                where + ": both generators give parameter '" + e.getKey() + "', with values '" + before
                                        + "' and '" + e.getValue() + "'; rename one (git generators: pathParamPrefix)");
                    }
                }
                out.add(merged);
                bound(out.size(), where);
            }
        }
        return out;
    }

    /**
     * The first child is the base; each later child's sets override the base sets with the same values of
     * {@code mergeKeys}; sets of later children that match no base set are dropped (Generators-Merge.md).
     */
    private List<Map<String, String>> merge(JsonNode spec, String where, int depth) {
        List<JsonNode> children = children(spec, where, depth);
        if (children.size() < 2) {
            throw error(where + " has " + children.size() + " generators: a merge needs two or more");
        }
        List<String> keys = new ArrayList<>();
        spec.path("mergeKeys").forEach(k -> keys.add(k.asText()));
        if (keys.isEmpty()) {
            throw error(where + " has no mergeKeys: name the parameters that identify a set");
        }
        Map<List<String>, Map<String, String>> base = new LinkedHashMap<>();
        for (Map<String, String> p : generate(children.get(0), where + ".generators[0]", depth + 1)) {
            if (base.put(key(p, keys), new LinkedHashMap<>(p)) != null) {
                throw error(where + ".generators[0]: two parameter sets have the same " + keys + " " + key(p, keys)
                        + ": the mergeKeys must identify each set");
            }
        }
        for (int c = 1; c < children.size(); c++) {
            Map<List<String>, Map<String, String>> seen = new LinkedHashMap<>();
            for (Map<String, String> p : generate(children.get(c), where + ".generators[" + c + "]", depth + 1)) {
                if (seen.put(key(p, keys), p) != null) {
                    throw error(where + ".generators[" + c + "]: two parameter sets have the same " + keys + " "
                            + key(p, keys) + ": the mergeKeys must identify each set");
                }
                Map<String, String> target = base.get(key(p, keys));
                if (target != null) {
                    target.putAll(p);
                }
            }
        }
        return new ArrayList<>(base.values());
    }

    private static List<String> key(Map<String, String> params, List<String> keys) {
        List<String> values = new ArrayList<>(keys.size());
        keys.forEach(k -> values.add(params.get(k)));
        return values;
    }

    /** The children of a matrix or merge; combinations nest once at most (CRDs hold no recursive types). */
    private static List<JsonNode> children(JsonNode spec, String where, int depth) {
        List<JsonNode> children = new ArrayList<>();
        spec.path("generators").forEach(children::add);
        if (depth >= 1) {
            for (int i = 0; i < children.size(); i++) {
                JsonNode child = children.get(i);
                if (child.has("matrix") || child.has("merge")) {
                    throw error(where + ".generators[" + i + "]: a matrix or merge nests at most once"
                            + " (a combination inside a combination inside a combination)");
                }
            }
        }
        return children;
    }

    private void bound(int count, String where) {
        if (count > maxParams) {
            throw error(where + " generates more than " + maxParams + " parameter sets"
                    + " (sextant.applicationset.max-apps): nothing was changed");
        }
    }

    private void noteRequeue(Duration d) {
        if (d != null && (requeue == null || d.compareTo(requeue) < 0)) {
            requeue = d;
        }
    }

    static AppSetException error(String message) {
        return new AppSetException(Reason.GENERATE, message);
    }
}
