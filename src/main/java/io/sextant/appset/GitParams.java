package io.sextant.appset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sextant.model.Glob;
import io.sextant.repo.RepoException;
import io.sextant.repo.git.RepoEntry;
import io.sextant.repo.git.RepoSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The git generator (Generators-Git.md), read through the repository cache at one commit, inside the
 * repository only (symlinks are followed within it, as renders do; a pattern with {@code ..} or a
 * leading {@code /} is refused).
 *
 * <ul>
 * <li>{@code directories}: every directory whose path matches an include pattern and no {@code exclude}
 *     one, segment by segment as Go's {@code path.Match} ({@code *} stays within a segment); directories
 *     with a segment starting with '.' are left out. Parameters {@code path}, {@code path.basename},
 *     {@code path.basenameNormalized}, {@code path[n]}, {@code commitSHA}.</li>
 * <li>{@code files}: every file matching a {@code path} glob (Argo CD's default globbing, where {@code *}
 *     crosses '/'), in path order, parsed as YAML or JSON: a list gives one set per element, an object one
 *     set; nested keys flatten to {@code a.b}, list items to {@code a.0}. Then {@code path} (the file's
 *     directory), {@code path.basename}, {@code path.filename}, {@code path.basenameNormalized},
 *     {@code path.filenameNormalized}, {@code path[n]} and {@code commitSHA}, over any file key of that
 *     name.</li>
 * </ul>
 * {@code pathParamPrefix} prefixes the path parameters and {@code commitSHA}; {@code values} adds
 * {@code values.<k>} templated with the rest.
 */
final class GitParams {

    static final int MAX_ENTRIES = 200_000;
    static final long MAX_FILE_BYTES = 1024 * 1024;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final GeneratorSources sources;
    private final int maxParams;

    GitParams(GeneratorSources sources, int maxParams) {
        this.sources = sources;
        this.maxParams = maxParams;
    }

    /** {@code requeueAfterSeconds} when set, else {@code fallback}. */
    static Duration requeueAfter(JsonNode spec, Duration fallback) {
        JsonNode s = spec.path("requeueAfterSeconds");
        return s.canConvertToLong() && s.asLong() > 0 ? Duration.ofSeconds(s.asLong()) : fallback;
    }

    List<Map<String, String>> generate(JsonNode spec, String where, Interpolation interpolation) {
        String url = spec.path("repoURL").asText("");
        if (url.isBlank()) {
            throw Generators.error(where + ".repoURL is required");
        }
        String revision = spec.path("revision").asText("");
        boolean dirs = spec.has("directories");
        boolean files = spec.has("files");
        if (dirs == files) {
            throw Generators.error(where + " needs directories or files (one of them)");
        }
        RepoSnapshot snapshot;
        try {
            snapshot = sources.git(url, revision.isBlank() ? "HEAD" : revision);
        } catch (RepoException e) {
            throw new AppSetException(AppSetException.Reason.GENERATE, where + ": " + e.getMessage(), e);
        }
        String prefix = spec.path("pathParamPrefix").asText("");
        List<Map<String, String>> out = dirs
                ? directories(spec.get("directories"), snapshot, prefix, where)
                : files(spec.get("files"), snapshot, prefix, where);
        List<Map<String, String>> withValues = new ArrayList<>(out.size());
        out.forEach(p -> withValues.add(ClusterParams.withValues(p, spec, where, interpolation)));
        return withValues;
    }

    private List<Map<String, String>> directories(JsonNode list, RepoSnapshot snapshot, String prefix, String where) {
        List<List<Glob>> include = new ArrayList<>();
        List<List<Glob>> exclude = new ArrayList<>();
        for (JsonNode d : list) {
            String pattern = safePattern(d.path("path").asText(""), where + ".directories");
            (d.path("exclude").asBoolean(false) ? exclude : include).add(segments(pattern, where));
        }
        List<Map<String, String>> out = new ArrayList<>();
        for (RepoEntry e : entries(snapshot, where)) {
            if (e.type() != RepoEntry.Type.DIRECTORY) {
                continue;
            }
            String path = e.relativePath();
            String[] parts = path.split("/");
            if (java.util.Arrays.stream(parts).anyMatch(s -> s.startsWith("."))) {
                continue;
            }
            if (include.stream().anyMatch(g -> matches(g, parts))
                    && exclude.stream().noneMatch(g -> matches(g, parts))) {
                Map<String, String> params = new LinkedHashMap<>();
                pathParams(params, prefix, path, null);
                params.put(key(prefix, "commitSHA"), snapshot.sha());
                out.add(params);
                bound(out.size(), where);
            }
        }
        return out;
    }

    private List<Map<String, String>> files(JsonNode list, RepoSnapshot snapshot, String prefix, String where) {
        List<Glob> globs = new ArrayList<>();
        for (JsonNode f : list) {
            globs.add(Glob.compile(safePattern(f.path("path").asText(""), where + ".files"), where + ".files path"));
        }
        TreeSet<String> matched = new TreeSet<>();
        for (RepoEntry e : entries(snapshot, where)) {
            if (e.isFile() && globs.stream().anyMatch(g -> g.matches(e.relativePath()))) {
                matched.add(e.relativePath());
            }
        }
        List<Map<String, String>> out = new ArrayList<>();
        for (String file : matched) {
            JsonNode parsed;
            try {
                parsed = YAML.readTree(new String(snapshot.readFile(file, MAX_FILE_BYTES), StandardCharsets.UTF_8));
            } catch (JsonProcessingException e) {
                throw Generators.error(where + ": " + file + " is not YAML or JSON: " + e.getOriginalMessage());
            } catch (RepoException e) {
                throw new AppSetException(AppSetException.Reason.GENERATE, where + ": " + e.getMessage(), e);
            }
            List<JsonNode> objects = new ArrayList<>();
            if (parsed != null && parsed.isArray()) {
                parsed.forEach(objects::add);
            } else if (parsed != null && parsed.isObject()) {
                objects.add(parsed);
            }
            for (JsonNode o : objects) {
                if (!o.isObject()) {
                    throw Generators.error(where + ": " + file + " holds a list item that is not an object");
                }
                Map<String, String> params = new LinkedHashMap<>();
                flatten("", o, params);
                String dir = file.contains("/") ? file.substring(0, file.lastIndexOf('/')) : ".";
                pathParams(params, prefix, dir, file.substring(file.lastIndexOf('/') + 1));
                params.put(key(prefix, "commitSHA"), snapshot.sha());
                out.add(params);
                bound(out.size(), where);
            }
        }
        return out;
    }

    private static List<RepoEntry> entries(RepoSnapshot snapshot, String where) {
        try {
            return snapshot.list("", true, MAX_ENTRIES);
        } catch (RepoException e) {
            throw new AppSetException(AppSetException.Reason.GENERATE, where + ": " + e.getMessage(), e);
        }
    }

    private static void pathParams(Map<String, String> params, String prefix, String dir, String filename) {
        String base = dir.substring(dir.lastIndexOf('/') + 1);
        params.put(key(prefix, "path"), dir);
        params.put(key(prefix, "path.basename"), base);
        params.put(key(prefix, "path.basenameNormalized"), Names.normalize(base));
        if (filename != null) {
            params.put(key(prefix, "path.filename"), filename);
            params.put(key(prefix, "path.filenameNormalized"), Names.normalize(filename));
        }
        if (!dir.equals(".")) {
            String[] segments = dir.split("/");
            for (int i = 0; i < segments.length; i++) {
                params.put(key(prefix, "path[" + i + "]"), segments[i]);
            }
        }
    }

    private static String key(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    /** Nested keys joined with '.', list items by index; scalars as their text, nulls left out. */
    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + "." + i, node.get(i), out);
            }
        } else if (!node.isNull()) {
            out.put(prefix, node.asText());
        }
    }

    private static String safePattern(String pattern, String where) {
        if (pattern.isBlank()) {
            throw Generators.error(where + ": a path pattern is empty");
        }
        if (pattern.startsWith("/") || List.of(pattern.split("/")).contains("..")) {
            throw Generators.error(where + ": path '" + pattern + "' leaves the repository: patterns are relative to"
                    + " its root, without '..'");
        }
        return pattern;
    }

    private static List<Glob> segments(String pattern, String where) {
        List<Glob> out = new ArrayList<>();
        for (String s : pattern.split("/")) {
            out.add(Glob.compile(s, where + ".directories path"));
        }
        return out;
    }

    private static boolean matches(List<Glob> pattern, String[] parts) {
        if (pattern.size() != parts.length) {
            return false;
        }
        for (int i = 0; i < parts.length; i++) {
            if (!pattern.get(i).matches(parts[i])) {
                return false;
            }
        }
        return true;
    }

    private void bound(int count, String where) {
        if (count > maxParams) {
            throw Generators.error(where + " generates more than " + maxParams + " parameter sets"
                    + " (sextant.applicationset.max-apps): nothing was changed");
        }
    }
}
