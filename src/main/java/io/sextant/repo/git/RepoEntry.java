package io.sextant.repo.git;

import java.util.Objects;
import org.eclipse.jgit.lib.ObjectId;

/**
 * One entry found by {@link RepoSnapshot#list}, after following symlinks.
 *
 * <p>{@code path} is from the repository root through the listed directory's real location;
 * {@code relativePath} is from the listed directory (what include/exclude globs match). For a symlink,
 * both name the link, while the type and content are its target's (as {@code os.ReadFile} sees it).
 * Immutable.
 */
public final class RepoEntry {

    /** What the entry is, with symlinks followed. */
    public enum Type {
        FILE,
        DIRECTORY,
        /** A symlink whose target does not exist in the commit. */
        DANGLING
    }

    private final String path;
    private final String relativePath;
    private final Type type;
    private final boolean symlink;
    private final ObjectId blob;

    RepoEntry(String path, String relativePath, Type type, boolean symlink, ObjectId blob) {
        this.path = Objects.requireNonNull(path);
        this.relativePath = Objects.requireNonNull(relativePath);
        this.type = Objects.requireNonNull(type);
        this.symlink = symlink;
        this.blob = blob;
    }

    public String path() {
        return path;
    }

    public String relativePath() {
        return relativePath;
    }

    /** The last path segment. */
    public String name() {
        return relativePath.substring(relativePath.lastIndexOf('/') + 1);
    }

    public Type type() {
        return type;
    }

    public boolean isFile() {
        return type == Type.FILE;
    }

    /** True when the entry is a symlink (already followed). */
    public boolean symlink() {
        return symlink;
    }

    /** The blob holding a file's content (its target's, for a symlink); null for others. */
    ObjectId blob() {
        return blob;
    }

    @Override
    public String toString() {
        return relativePath + (symlink ? " (symlink)" : "") + " " + type;
    }
}
