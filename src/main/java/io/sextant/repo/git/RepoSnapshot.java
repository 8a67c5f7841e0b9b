package io.sextant.repo.git;

import io.sextant.repo.RepoException;
import io.sextant.repo.RepoException.Reason;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;

/**
 * The files of one commit of one repository, read straight from the bare clone's object database: no
 * checkout, no working tree, no file system path derived from repository content.
 *
 * <p>Confinement: every path is {@linkplain RepoPaths#normalize normalized} first (absolute paths and
 * {@code ..} leaving the root are refused), then resolved in the commit's tree with symlinks followed
 * (relative targets, at most {@value #MAX_SYMLINK_HOPS} hops); a symlink whose target is absolute or
 * climbs above the root is refused with {@link Reason#PATH_ESCAPE}, whether it is on the way to the
 * application path or among the entries listed. Since content only ever comes from git objects, nothing
 * outside the repository can be read even by mistake. Submodules are skipped when listing.
 *
 * <p>Immutable and thread-safe: every call opens its own object reader.
 */
public final class RepoSnapshot {

    /** Symlinks followed for one path before giving up (Linux allows 40; a repository needs few). */
    public static final int MAX_SYMLINK_HOPS = 8;

    private final String url;
    private final String sha;
    private final Repository repo;
    private final ObjectId tree;
    private final TreeCache trees;
    /** Told when a read finds the clone damaged, so the next fetch makes it anew. */
    private final Consumer<String> damaged;

    RepoSnapshot(String url, String sha, Repository repo, ObjectId tree, TreeCache trees, Consumer<String> damaged) {
        this.damaged = Objects.requireNonNull(damaged);
        this.trees = Objects.requireNonNull(trees);
        this.url = Objects.requireNonNull(url);
        this.sha = Objects.requireNonNull(sha);
        this.repo = Objects.requireNonNull(repo);
        this.tree = Objects.requireNonNull(tree);
    }

    /** The repository URL, without credentials. */
    public String url() {
        return url;
    }

    /** The full commit SHA. */
    public String sha() {
        return sha;
    }

    /**
     * The files (and directories) under directory {@code dir}, in lexical order of their paths: only its
     * direct entries, or all below it when {@code recurse} (symlinked directories are listed but not
     * entered, as {@code filepath.Walk} does). Symlinks are followed; submodules are left out.
     *
     * @param dir        a path relative to the repository root; {@code ""} or {@code "."} for the root
     * @param maxEntries the most tree entries to look at before failing with LIMIT_EXCEEDED
     * @throws RepoException PATH_ESCAPE, PATH_NOT_FOUND (missing, or not a directory), LIMIT_EXCEEDED
     */
    public List<RepoEntry> list(String dir, boolean recurse, int maxEntries) {
        String normalized = RepoPaths.normalize(dir, "application path");
        try (ObjectReader reader = repo.newObjectReader()) {
            TreeResolver resolver = new TreeResolver(reader, tree, url, trees);
            TreeResolver.Resolved start = resolver.resolve(normalized, "application path");
            if (start.kind() != TreeResolver.Kind.DIRECTORY) {
                throw new RepoException(
                        Reason.PATH_NOT_FOUND,
                        "application path '" + shownPath(dir) + "' "
                                + (start.exists() ? "is not a directory" : "does not exist") + " in " + url
                                + " at " + sha);
            }
            return walk(resolver, start, recurse, maxEntries, shownPath(dir));
        } catch (IOException e) {
            throw readError(e);
        }
    }

    /** The entry at {@code path} with symlinks followed, or empty when nothing is there. */
    public Optional<RepoEntry> find(String path) {
        String normalized = RepoPaths.normalize(path, "path");
        try (ObjectReader reader = repo.newObjectReader()) {
            TreeResolver.Resolved found = new TreeResolver(reader, tree, url, trees).resolve(normalized, "path");
            if (!found.exists() || found.kind() == TreeResolver.Kind.SUBMODULE) {
                return Optional.empty();
            }
            boolean file = found.kind() == TreeResolver.Kind.FILE;
            return Optional.of(new RepoEntry(
                    found.canonicalPath(),
                    normalized,
                    file ? RepoEntry.Type.FILE : RepoEntry.Type.DIRECTORY,
                    !found.canonicalPath().equals(normalized),
                    file ? found.id() : null));
        } catch (IOException e) {
            throw readError(e);
        }
    }

    /** The size in bytes of a file entry, without reading it. */
    public long size(RepoEntry file) {
        requireFile(file);
        try (ObjectReader reader = repo.newObjectReader()) {
            return reader.getObjectSize(file.blob(), Constants.OBJ_BLOB);
        } catch (IOException e) {
            throw readError(e);
        }
    }

    /**
     * The content of a file entry from {@link #list} or {@link #find}.
     *
     * @throws RepoException LIMIT_EXCEEDED when it is larger than {@code maxBytes} (checked before reading)
     */
    public byte[] read(RepoEntry file, long maxBytes) {
        requireFile(file);
        try (ObjectReader reader = repo.newObjectReader()) {
            long size = reader.getObjectSize(file.blob(), Constants.OBJ_BLOB);
            if (size > maxBytes) {
                throw new RepoException(
                        Reason.LIMIT_EXCEEDED,
                        "file '" + file.path() + "' is " + size + " bytes, more than the limit of " + maxBytes
                                + " bytes per file");
            }
            return reader.open(file.blob(), Constants.OBJ_BLOB)
                    .getCachedBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes));
        } catch (IOException e) {
            throw readError(e);
        }
    }

    /** {@link #find} then {@link #read}. */
    public byte[] readFile(String path, long maxBytes) {
        RepoEntry entry = find(path)
                .filter(RepoEntry::isFile)
                .orElseThrow(() -> new RepoException(
                        Reason.PATH_NOT_FOUND,
                        "file '" + shownPath(path) + "' does not exist in " + url + " at " + sha));
        return read(entry, maxBytes);
    }

    @Override
    public String toString() {
        return url + "@" + sha;
    }

    private List<RepoEntry> walk(
            TreeResolver resolver, TreeResolver.Resolved start, boolean recurse, int maxEntries, String shownDir)
            throws IOException {
        List<RepoEntry> out = new ArrayList<>();
        // Depth-first in git order: a stack of (directory, its remaining entries).
        record Level(String relative, Iterator<TreeResolver.TreeEntry> entries) {}
        Deque<Level> stack = new ArrayDeque<>();
        stack.push(new Level("", resolver.entries(start.id()).values().iterator()));
        int seen = 0;
        while (!stack.isEmpty()) {
            Level level = stack.peek();
            if (!level.entries.hasNext()) {
                stack.pop();
                continue;
            }
            TreeResolver.TreeEntry entry = level.entries.next();
            if (++seen > maxEntries) {
                throw new RepoException(
                        Reason.LIMIT_EXCEEDED,
                        "application path '" + shownDir + "' in " + url + " has more than " + maxEntries
                                + " entries to look at");
            }
            String relative = RepoPaths.join(level.relative, entry.name());
            String path = RepoPaths.join(start.canonicalPath(), relative);
            switch (entry.kind()) {
                case FILE -> out.add(new RepoEntry(path, relative, RepoEntry.Type.FILE, false, entry.id()));
                case DIRECTORY -> {
                    out.add(new RepoEntry(path, relative, RepoEntry.Type.DIRECTORY, false, null));
                    if (recurse) {
                        Map<String, TreeResolver.TreeEntry> children = resolver.entries(entry.id());
                        stack.push(new Level(relative, children.values().iterator()));
                    }
                }
                case SYMLINK -> {
                    TreeResolver.Resolved target = resolver.resolve(path, "symlink");
                    if (!target.exists()) {
                        out.add(new RepoEntry(path, relative, RepoEntry.Type.DANGLING, true, null));
                    } else if (target.kind() == TreeResolver.Kind.FILE) {
                        out.add(new RepoEntry(path, relative, RepoEntry.Type.FILE, true, target.id()));
                    } else if (target.kind() == TreeResolver.Kind.DIRECTORY) {
                        out.add(new RepoEntry(path, relative, RepoEntry.Type.DIRECTORY, true, null));
                    }
                    // a symlink to a submodule is skipped like the submodule
                }
                case SUBMODULE -> {
                    // skipped: its content is another repository
                }
                default -> throw new IllegalStateException(entry.kind().toString());
            }
        }
        return out;
    }

    private static void requireFile(RepoEntry file) {
        if (file == null || !file.isFile() || file.blob() == null) {
            throw new IllegalArgumentException("not a file entry: " + file);
        }
    }

    private static String shownPath(String path) {
        return path == null || path.isEmpty() ? "." : Redactor.printable(path);
    }

    /**
     * A read of an object of a commit the clone holds failed: the objects a fetched commit needs are all
     * fetched with it, so the clone on disk is damaged (a pack overwritten or cut short, an object file
     * lost). The clone is told, and its next fetch clones it anew.
     */
    private RepoException readError(IOException e) {
        String why = e.getClass().getSimpleName() + ": " + Redactor.redact(String.valueOf(e.getMessage()));
        damaged.accept(why);
        return new RepoException(
                Reason.TRANSPORT,
                "the local clone of " + url + " is damaged (reading " + sha + ": " + why
                        + "): it is cloned again at the next fetch",
                Redactor.scrub(e, null));
    }
}
