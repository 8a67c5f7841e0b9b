package io.sextant.repo.render;

import io.sextant.repo.RepoException;
import io.sextant.repo.RepoException.Reason;
import io.sextant.repo.git.Redactor;
import io.sextant.repo.git.RepoEntry;
import io.sextant.repo.git.RepoPaths;
import io.sextant.repo.git.RepoSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A private temporary directory holding the part of a commit a tool needs on disk (Helm, Kustomize and
 * Jsonnet read files, not git objects), deleted on {@link #close()}.
 *
 * <p>Only {@link RepoSnapshot} content is written, so what the tool sees is confined the way the
 * snapshot is: paths normalized, symlinks already resolved inside the repository (a symlink leaving it
 * fails the listing with PATH_ESCAPE) and written as plain files, never as links. Symlinked directories
 * are not entered (as directory listing does not). Files and bytes count against {@link RenderLimits}
 * ({@code maxTreeEntries}, {@code maxTotalBytes}, {@code maxFileBytes}).
 *
 * <p>Layout: {@code <tmp>/repo/<path in repository>} for repository files, {@code <tmp>/gen/} for files
 * Sextant generates (values, overlays). {@link #scrub} turns tool messages back into repository paths.
 * Not thread-safe; one per render.
 */
final class Workspace implements AutoCloseable {

    private final Path root;
    private final Path repo;
    private final Path generated;
    private final RenderLimits limits;
    private int files;
    private long bytes;

    private Workspace(Path root, RenderLimits limits) throws IOException {
        this.root = root;
        this.repo = Files.createDirectory(root.resolve("repo"));
        this.generated = Files.createDirectory(root.resolve("gen"));
        this.limits = limits;
    }

    static Workspace create(RenderLimits limits) {
        try {
            Path dir = Files.createTempDirectory(
                    "sextant-render-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            return new Workspace(dir.toRealPath(), limits);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory to render in", e);
        }
    }

    /** The directory standing for the repository root. */
    Path repoDir() {
        return repo;
    }

    /** Where the repository path {@code path} (normalized) lies in the workspace. */
    Path inRepo(String path) {
        String normalized = RepoPaths.normalize(path, "path");
        Path p = normalized.isEmpty() ? repo : repo.resolve(normalized).normalize();
        if (!p.startsWith(repo)) {
            throw new RepoException(
                    Reason.PATH_ESCAPE, "path '" + Redactor.printable(path) + "' leads outside the repository");
        }
        return p;
    }

    /** A file for Sextant's own generated content, e.g. "values-0.yaml". */
    Path generated(String name) {
        return generated.resolve(name);
    }

    /** Copies every file under {@code dir} (recursively) of the snapshot into the workspace. */
    void copyTree(RepoSnapshot snapshot, String dir) {
        String base = RepoPaths.normalize(dir, "path");
        for (RepoEntry entry : snapshot.list(base, true, limits.maxTreeEntries())) {
            if (entry.type() == RepoEntry.Type.FILE) {
                write(
                        inRepo(join(base, entry.relativePath())),
                        snapshot.read(entry, limits.maxFileBytes()),
                        entry.path());
            } else if (entry.type() == RepoEntry.Type.DIRECTORY && !entry.symlink()) {
                mkdirs(inRepo(join(base, entry.relativePath())));
            }
        }
        mkdirs(inRepo(base));
    }

    /**
     * Copies the whole repository for a tool that may read anywhere in it (Kustomize bases, Jsonnet
     * imports): {@code appPath} strictly (any problem there fails the render), the rest best effort,
     * leaving out directories that cannot be listed (a symlink leaving the repository) and files over the
     * per-file limit, so a problem elsewhere in the repository does not break this application; a tool
     * that needs what was left out fails with "not found".
     */
    void copyRepository(RepoSnapshot snapshot, String appPath) {
        String app = RepoPaths.normalize(appPath, "application path");
        copyTree(snapshot, app);
        Deque<String> dirs = new ArrayDeque<>();
        dirs.push("");
        while (!dirs.isEmpty()) {
            String dir = dirs.pop();
            if (dir.equals(app)) {
                continue;
            }
            List<RepoEntry> entries;
            try {
                entries = snapshot.list(dir, false, limits.maxTreeEntries());
            } catch (RepoException e) {
                if (e.reason() == Reason.LIMIT_EXCEEDED) {
                    throw e;
                }
                continue;
            }
            for (RepoEntry entry : entries) {
                String path = join(dir, entry.relativePath());
                if (entry.type() == RepoEntry.Type.DIRECTORY && !entry.symlink()) {
                    mkdirs(inRepo(path));
                    dirs.push(path);
                } else if (entry.type() == RepoEntry.Type.FILE
                        && !Files.exists(inRepo(path))
                        && snapshot.size(entry) <= limits.maxFileBytes()) {
                    write(inRepo(path), snapshot.read(entry, limits.maxFileBytes()), path);
                }
            }
        }
    }

    /** Copies one file of the snapshot; PATH_NOT_FOUND when it is missing. @return where it lies */
    Path copyFile(RepoSnapshot snapshot, String path) {
        String normalized = RepoPaths.normalize(path, "path");
        Path target = inRepo(normalized);
        if (!Files.exists(target)) {
            write(target, snapshot.readFile(normalized, limits.maxFileBytes()), normalized);
        }
        return target;
    }

    /** Writes generated content (counted against the byte limit too). */
    Path writeGenerated(String name, byte[] content) {
        Path target = generated(name);
        write(target, content, name);
        return target;
    }

    /**
     * {@code message} with the workspace's absolute paths replaced by repository paths, so no
     * temporary path (which says nothing to a user) reaches a condition.
     */
    String scrub(String message) {
        if (message == null) {
            return "";
        }
        return Redactor.redact(message.replace(repo + "/", "")
                .replace(repo.toString(), ".")
                .replace(generated + "/", "")
                .replace(root.toString(), "."));
    }

    Path root() {
        return root;
    }

    @Override
    public void close() {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // best effort: a leftover temp dir is harmless and the OS cleans /tmp
        }
    }

    private void write(Path target, byte[] content, String shown) {
        if (++files > limits.maxTreeEntries()) {
            throw new RepoException(
                    Reason.LIMIT_EXCEEDED,
                    "more than " + limits.maxTreeEntries() + " files to render (reached at " + shown + ")");
        }
        bytes += content.length;
        if (bytes > limits.maxTotalBytes()) {
            throw new RepoException(
                    Reason.LIMIT_EXCEEDED,
                    "the files to render add up to more than " + limits.maxTotalBytes() + " bytes (reached at " + shown
                            + ")");
        }
        try {
            Files.createDirectories(target.getParent());
            Files.write(target, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + shown + " to render it", e);
        }
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String join(String dir, String name) {
        return dir.isEmpty() ? name : name.isEmpty() ? dir : dir + "/" + name;
    }
}
