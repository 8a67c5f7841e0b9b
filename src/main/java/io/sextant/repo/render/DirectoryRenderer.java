package io.sextant.repo.render;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.model.ApplicationSource;
import io.sextant.model.ApplicationSourceDirectory;
import io.sextant.model.Glob;
import io.sextant.repo.RepoException;
import io.sextant.repo.RepoException.Reason;
import io.sextant.repo.git.Redactor;
import io.sextant.repo.git.RepoEntry;
import io.sextant.repo.git.RepoSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Renders a Directory source: the {@code *.yaml}, {@code *.yml} and {@code *.json} files directly in the
 * application path, or below it with {@code directory.recurse}, keeping those whose path relative to
 * the application path matches {@code directory.include} (when set) and not {@code directory.exclude}
 * ({@link Glob} syntax), in lexical path order; each file read as {@link ManifestReader} describes.
 * {@code .jsonnet} files that pass the filters are evaluated by the {@link JsonnetEvaluator} with
 * {@code directory.jsonnet}'s settings (without one they are refused: leaving them out would silently
 * drop resources); their objects take the file's place in the order.
 *
 * <p>All limits of the {@link RenderContext} apply: file count and total size are checked before any
 * file is read, each file's size before it is read. Stateless and thread-safe.
 */
public final class DirectoryRenderer implements Renderer {

    private final JsonnetEvaluator jsonnet;

    /** A renderer that refuses {@code .jsonnet} files. */
    public DirectoryRenderer() {
        this(null);
    }

    /** @param jsonnet evaluates {@code .jsonnet} files; null to refuse them */
    public DirectoryRenderer(JsonnetEvaluator jsonnet) {
        this.jsonnet = jsonnet;
    }

    @Override
    public RenderResult render(RepoSnapshot snapshot, ApplicationSource source, RenderContext ctx) {
        RenderLimits limits = ctx.limits();
        ApplicationSourceDirectory directory = source.getDirectory();
        boolean recurse = directory != null && Boolean.TRUE.equals(directory.getRecurse());
        Glob include = glob(directory == null ? null : directory.getInclude(), "directory.include");
        Glob exclude = glob(directory == null ? null : directory.getExclude(), "directory.exclude");

        List<RepoEntry> files = new ArrayList<>();
        for (RepoEntry entry : snapshot.list(source.getPath(), recurse, limits.maxTreeEntries())) {
            if (!isManifestName(entry.name())) {
                continue;
            }
            if (entry.type() == RepoEntry.Type.DIRECTORY && !entry.symlink()) {
                continue; // a directory named like a file, e.g. "config.yaml/"
            }
            String relative = entry.relativePath();
            if (exclude != null && exclude.matches(relative)) {
                continue;
            }
            if (include != null && !include.matches(relative)) {
                continue;
            }
            if (entry.type() != RepoEntry.Type.FILE) {
                throw new RepoException(
                        Reason.INVALID_MANIFEST,
                        entry.path() + ": is a symlink to "
                                + (entry.type() == RepoEntry.Type.DANGLING
                                        ? "nothing (its target does not exist)"
                                        : "a directory")
                                + ", not to a manifest file");
            }
            if (entry.name().endsWith(".jsonnet") && jsonnet == null) {
                throw new RepoException(
                        Reason.UNSUPPORTED,
                        entry.path()
                                + ": Jsonnet is not enabled in this renderer; exclude the file with directory.exclude to render the rest");
            }
            files.add(entry);
            if (files.size() > limits.maxFiles()) {
                throw new RepoException(
                        Reason.LIMIT_EXCEEDED,
                        "application path '" + shown(source.getPath()) + "' of " + snapshot.url() + " has more than "
                                + limits.maxFiles() + " manifest files");
            }
        }

        RenderBudget budget = new RenderBudget(limits);
        for (RepoEntry file : files) {
            budget.bytes(snapshot.size(file), file.path());
        }
        ManifestReader reader = new ManifestReader(budget);
        List<ObjectNode> manifests = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        JsonnetEvaluator.Session session = null;
        try {
            for (RepoEntry file : files) {
                if (file.name().endsWith(".jsonnet")) {
                    if (session == null) {
                        session = jsonnet.open(snapshot, source.getPath(), directory, limits);
                    }
                    manifests.addAll(session.evaluate(file.path(), budget));
                    continue;
                }
                ManifestReader.FileResult result = reader.read(file.path(), snapshot.read(file, limits.maxFileBytes()));
                if (result.ignored()) {
                    ignored.add(file.path());
                } else {
                    manifests.addAll(result.objects());
                }
            }
        } finally {
            if (session != null) {
                session.close();
            }
        }
        return new RenderResult(manifests, SourceType.DIRECTORY.argoName(), snapshot.sha(), budget.bytes(), ignored);
    }

    /** Argo CD's manifest file names: {@code .yaml}, {@code .yml}, {@code .json}, {@code .jsonnet}, case-sensitive. */
    static boolean isManifestName(String name) {
        return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json") || name.endsWith(".jsonnet");
    }

    /**
     * A leading {@code ./} is dropped (paths are matched without it); a pattern that is absolute or has a
     * {@code ..} segment could never match a path under the application path, so it is an error rather
     * than a filter that silently empties or keeps everything.
     */
    static Glob glob(String pattern, String what) {
        if (pattern == null || pattern.isEmpty()) {
            return null;
        }
        String p = pattern;
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        if (p.startsWith("/") || Arrays.asList(p.split("[/{},]")).contains("..")) {
            throw new RepoException(
                    Reason.PATH_ESCAPE,
                    what + " pattern '" + Redactor.printable(pattern)
                            + "' must be relative to the application path, without '..'");
        }
        try {
            return Glob.compile(p, what);
        } catch (IllegalArgumentException e) {
            throw new RepoException(Reason.INVALID_ARGUMENT, e.getMessage());
        }
    }

    private static String shown(String path) {
        return path == null || path.isEmpty() ? "." : Redactor.printable(path);
    }
}
