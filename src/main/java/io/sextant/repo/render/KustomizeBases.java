package io.sextant.repo.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.sextant.repo.RepoException;
import io.sextant.repo.RepoException.Reason;
import io.sextant.repo.git.Redactor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Makes sure a kustomization reads only the repository: starting at the application's directory, every
 * {@code resources}, {@code bases} and {@code components} entry of every kustomization reached must be
 * a file or directory inside the (copied) repository. Kustomize treats an entry it cannot find locally as
 * a remote target (git or http) and would fetch it, so a missing entry, a URL and a path leaving the
 * repository are all refused when remote bases are off.
 *
 * <p>Every other field that names a file is a fetch too: kustomize loads an {@code http(s)://} file
 * (generator {@code files}, {@code envs} and {@code env}, {@code patches[].path}, {@code openapi},
 * {@code replacements[].path}, {@code crds}, {@code configurations}, …) over the network with no
 * restriction, so the controller would fetch any address and render the answer (the security review's
 * H1). Those are refused always, remote bases or not: any string of a local kustomization that holds
 * a URL ({@code scheme://}) is refused, except in fields that are data, not file names (labels,
 * annotations, images, literals, inline patches and the like, {@link #DATA_FIELDS}). Stateless.
 */
final class KustomizeBases {

    static final List<String> FILE_NAMES = List.of("kustomization.yaml", "kustomization.yml", "Kustomization");

    private KustomizeBases() {}

    /** Fields whose strings are values written into objects, never names of files kustomize loads. */
    static final Set<String> DATA_FIELDS = Set.of(
            "apiVersion",
            "kind",
            "metadata",
            "namespace",
            "namePrefix",
            "nameSuffix",
            "commonLabels",
            "commonAnnotations",
            "labels",
            "images",
            "replicas",
            "literals",
            "patch",
            "target",
            "options",
            "generatorOptions",
            "sortOptions",
            "buildMetadata",
            "vars",
            "source",
            "targets",
            "nameReference",
            "name");

    /**
     * @param remoteBases whether {@code resources}, {@code bases} and {@code components} may be remote
     *        (those are then not followed); file fields are checked either way
     */
    static void requireLocal(Workspace ws, String appPath, RenderLimits limits, boolean remoteBases) {
        Path repo = ws.repoDir();
        Deque<Path> todo = new ArrayDeque<>();
        Set<Path> seen = new HashSet<>();
        todo.push(ws.inRepo(appPath));
        while (!todo.isEmpty()) {
            Path dir = todo.pop();
            if (!seen.add(dir) || seen.size() > limits.maxFiles()) {
                continue;
            }
            Path file = FILE_NAMES.stream()
                    .map(dir::resolve)
                    .filter(Files::isRegularFile)
                    .findFirst()
                    .orElse(null);
            if (file == null) {
                continue;
            }
            String shown = repo.relativize(file).toString();
            JsonNode kustomization = read(file, shown, limits);
            kustomization.fields().forEachRemaining(f -> {
                if (!List.of("resources", "bases", "components").contains(f.getKey())) {
                    refuseUrls(shown, f.getKey(), f.getValue());
                }
            });
            for (String field : List.of("resources", "bases", "components")) {
                for (JsonNode entry : kustomization.path(field)) {
                    if (!entry.isTextual()) {
                        continue;
                    }
                    String ref = entry.asText();
                    boolean remote = ref.contains("://")
                            || ref.startsWith("git@")
                            || ref.contains("?ref=")
                            || ref.contains("//");
                    if (remote && remoteBases) {
                        continue;
                    }
                    if (remote) {
                        throw refused(shown, ref, "is a remote target");
                    }
                    Path target = dir.resolve(ref).normalize();
                    if (ref.startsWith("/") || !target.startsWith(repo)) {
                        throw new RepoException(
                                Reason.PATH_ESCAPE,
                                shown + ": " + field + " entry '" + Redactor.printable(ref)
                                        + "' leads outside the repository");
                    }
                    if (Files.isDirectory(target)) {
                        todo.push(target);
                    } else if (!Files.isRegularFile(target)) {
                        throw refused(
                                shown,
                                ref,
                                "does not exist in the repository, so kustomize would fetch it as a remote target");
                    }
                }
            }
        }
    }

    /** Refuses a URL in any string under {@code field}, skipping the subtrees that are data. */
    private static void refuseUrls(String shown, String field, JsonNode node) {
        if (DATA_FIELDS.contains(field)) {
            return;
        }
        if (node.isTextual()) {
            String value = node.asText();
            // A string with a newline is inline YAML (a patch, a generator's config), not a file name.
            if (value.contains("://") && !value.contains("\n")) {
                throw new RepoException(
                        Reason.UNSUPPORTED,
                        shown + ": " + field + " names '" + Redactor.redact(value)
                                + "', a file kustomize would fetch over the network; only files in the repository can be used");
            }
        } else if (node.isArray()) {
            node.forEach(e -> refuseUrls(shown, field, e));
        } else if (node.isObject()) {
            node.fields().forEachRemaining(f -> refuseUrls(shown, f.getKey(), f.getValue()));
        }
    }

    private static JsonNode read(Path file, String shown, RenderLimits limits) {
        try {
            byte[] content = Files.readAllBytes(file);
            List<JsonNode> docs = new YamlDocuments(shown, new RenderBudget(limits)).parse(content);
            return docs.isEmpty() || docs.get(0) == null ? MissingNode.getInstance() : docs.get(0);
        } catch (YamlDocuments.SyntaxError e) {
            throw new RepoException(Reason.INVALID_MANIFEST, e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RepoException refused(String file, String ref, String why) {
        return new RepoException(
                Reason.UNSUPPORTED,
                file + ": '" + Redactor.redact(ref) + "' " + why
                        + "; remote bases are disabled (setting sextant.render.kustomize-remote-bases)");
    }
}
