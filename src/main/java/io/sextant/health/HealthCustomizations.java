package io.sextant.health;

import io.sextant.model.Glob;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The custom health scripts of the settings ConfigMap ({@code sextant-cm}, keys as Argo CD's
 * {@code argocd-cm}), by group and kind.
 *
 * <h2>Keys</h2>
 * <ul>
 * <li>{@code resource.customizations.health.<group>_<kind>}, e.g.
 *     {@code resource.customizations.health.cert-manager.io_Certificate}; a core kind has no group:
 *     {@code resource.customizations.health.Pod}. ({@code _Pod}, an empty group, is read as
 *     {@code Pod} too; Argo CD silently never matches it.)</li>
 * <li>Globs in group and kind: {@code resource.customizations.health.*.aws.crossplane.io_*} (see
 *     {@link Glob}).</li>
 * <li>The older single key {@code resource.customizations}, YAML mapping {@code <group>/<kind>} (or
 *     {@code <kind>}) to {@code {health.lua: <script>}}. A split key above wins over it for the same
 *     group and kind, as in Argo CD.</li>
 * </ul>
 * A script is found by the exact {@code group/kind} first, else by the first glob key (in key order)
 * that matches it. A malformed key or an unreadable legacy block is skipped and reported in
 * {@link #warnings()}; nothing here throws on settings content. Immutable and thread-safe.
 */
public final class HealthCustomizations {

    public static final String PREFIX = "resource.customizations.health.";
    public static final String LEGACY_KEY = "resource.customizations";
    static final int MAX_LEGACY_CHARS = 4 << 20;

    /** A script and the key it was found under ({@code group/kind} or {@code kind}, maybe a glob). */
    public record Script(String key, String text) {}

    private final Map<String, String> exact;
    private final Map<String, Glob> globs;
    private final Map<String, String> globScripts;
    private final List<String> warnings;

    private HealthCustomizations(Map<String, String> scripts, List<String> warnings) {
        Map<String, String> exactScripts = new TreeMap<>();
        Map<String, Glob> globPatterns = new LinkedHashMap<>();
        Map<String, String> globTexts = new TreeMap<>();
        List<String> problems = new ArrayList<>(warnings);
        new TreeMap<>(scripts).forEach((key, text) -> {
            if (!Glob.isGlob(key)) {
                exactScripts.put(key, text);
                return;
            }
            try {
                globPatterns.put(key, Glob.compile(key, "resource customization key"));
                globTexts.put(key, text);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        });
        this.exact = Collections.unmodifiableMap(exactScripts);
        this.globs = Collections.unmodifiableMap(globPatterns);
        this.globScripts = Collections.unmodifiableMap(globTexts);
        this.warnings = List.copyOf(problems);
    }

    /** No custom checks. */
    public static HealthCustomizations none() {
        return new HealthCustomizations(Map.of(), List.of());
    }

    /** From scripts keyed {@code group/kind}, or {@code kind} for the core group (globs allowed). */
    public static HealthCustomizations of(Map<String, String> scriptsByGroupKind) {
        return new HealthCustomizations(scriptsByGroupKind, List.of());
    }

    /** From the data of the settings ConfigMap; other keys are ignored. */
    public static HealthCustomizations fromSettings(Map<String, String> data) {
        return fromSettings(data, Map.of(), List.of());
    }

    /**
     * From the settings ConfigMap over checks loaded elsewhere (a {@link HealthCheckTree} in a Git
     * repository): a kind the ConfigMap names keeps the ConfigMap's script, as an explicit setting
     * should win over a shared collection.
     *
     * @param loaded         scripts keyed {@code group/kind} or {@code kind}
     * @param loadedWarnings what was skipped while loading them
     */
    public static HealthCustomizations fromSettings(
            Map<String, String> data, Map<String, String> loaded, List<String> loadedWarnings) {
        Map<String, String> scripts = new LinkedHashMap<>(loaded);
        List<String> warnings = new ArrayList<>(loadedWarnings);
        String legacy = data.get(LEGACY_KEY);
        if (legacy != null && !legacy.isBlank()) {
            readLegacy(legacy, scripts, warnings);
        }
        new TreeMap<>(data).forEach((key, script) -> {
            if (!key.startsWith(PREFIX) || script == null || script.isBlank()) {
                return;
            }
            String groupKind = key.substring(PREFIX.length());
            String[] parts = groupKind.split("_", -1);
            if (groupKind.isEmpty() || parts.length > 2 || parts[parts.length - 1].isEmpty()) {
                warnings.add("ignored " + key + ": expected " + PREFIX + "<group>_<kind> or " + PREFIX + "<kind>");
                return;
            }
            scripts.put(
                    parts.length == 2 && !parts[0].isEmpty() ? parts[0] + "/" + parts[1] : parts[parts.length - 1],
                    script);
        });
        return new HealthCustomizations(scripts, warnings);
    }

    /** The script for a resource of this group ({@code ""} for core) and kind, if any. */
    public Optional<Script> lookup(String group, String kind) {
        String key = group == null || group.isEmpty() ? kind : group + "/" + kind;
        String script = exact.get(key);
        if (script != null) {
            return Optional.of(new Script(key, script));
        }
        for (Map.Entry<String, Glob> g : globs.entrySet()) {
            if (g.getValue().matches(key)) {
                return Optional.of(new Script(g.getKey(), globScripts.get(g.getKey())));
            }
        }
        return Optional.empty();
    }

    public boolean isEmpty() {
        return exact.isEmpty() && globs.isEmpty();
    }

    /** Settings that were skipped, for logs and the settings page. */
    public List<String> warnings() {
        return warnings;
    }

    private static void readLegacy(String yaml, Map<String, String> scripts, List<String> warnings) {
        if (yaml.length() > MAX_LEGACY_CHARS) {
            warnings.add("ignored " + LEGACY_KEY + ": larger than " + MAX_LEGACY_CHARS + " characters");
            return;
        }
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(20);
        options.setCodePointLimit(MAX_LEGACY_CHARS);
        Object parsed;
        try {
            parsed = new Yaml(new SafeConstructor(options)).load(yaml);
        } catch (RuntimeException e) {
            // The parser's message may quote the block; say where, not what.
            warnings.add("ignored " + LEGACY_KEY + ": not valid YAML ("
                    + e.getClass().getSimpleName() + ")");
            return;
        }
        if (!(parsed instanceof Map<?, ?> byKind)) {
            warnings.add("ignored " + LEGACY_KEY + ": expected a mapping of <group>/<kind> to customizations");
            return;
        }
        byKind.forEach((groupKind, customization) -> {
            if (customization instanceof Map<?, ?> c
                    && c.get("health.lua") instanceof String script
                    && groupKind instanceof String key
                    && !script.isBlank()) {
                scripts.put(key, script);
            }
        });
    }
}
