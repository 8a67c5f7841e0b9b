package io.sextant.repo.git;

import io.sextant.repo.RepoException;
import io.sextant.repo.RepoException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * Resolves paths in one commit's tree the way a POSIX system resolves them in a checkout whose root is
 * also the file system root's ceiling: segment by segment, following symlinks (targets relative to the
 * link's directory, at most {@value RepoSnapshot#MAX_SYMLINK_HOPS} of them), treating {@code ..} after a
 * followed link as the parent of where the link led. A {@code ..} above the root or an absolute target is
 * {@link Reason#PATH_ESCAPE}; a path into a submodule is {@link Reason#UNSUPPORTED}.
 *
 * <p>Reads only the object database. One instance per operation; parsed trees go to a shared {@link TreeCache}. Not thread-safe.
 */
final class TreeResolver {

    static final int MAX_SYMLINK_TARGET = 4096;

    enum Kind {
        FILE,
        DIRECTORY,
        SYMLINK,
        SUBMODULE
    }

    /** An entry of a tree, before following anything. */
    record TreeEntry(String name, Kind kind, ObjectId id) {}

    /** Where a path led: its canonical location, what is there (null kind: nothing), and the object. */
    record Resolved(String canonicalPath, Kind kind, ObjectId id) {
        boolean exists() {
            return kind != null;
        }
    }

    private final ObjectReader reader;
    private final ObjectId rootTree;
    private final String shownUrl;
    private final TreeCache trees;

    TreeResolver(ObjectReader reader, ObjectId rootTree, String shownUrl, TreeCache trees) {
        this.reader = reader;
        this.rootTree = rootTree;
        this.shownUrl = shownUrl;
        this.trees = trees;
    }

    /**
     * Follows {@code path} (already {@linkplain RepoPaths#normalize normalized}) from the root, symlinks
     * included, the last one too.
     *
     * @param what names the path in errors
     */
    Resolved resolve(String path, String what) throws IOException {
        Deque<String> todo = new ArrayDeque<>(RepoPaths.segments(path));
        List<String> names = new ArrayList<>();
        List<ObjectId> dirs = new ArrayList<>();
        dirs.add(rootTree);
        int hops = 0;
        while (!todo.isEmpty()) {
            String segment = todo.pollFirst();
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (names.isEmpty()) {
                    // Only a symlink target can get here: normalize() removed the path's own "..".
                    throw escape(what, path, "a symlink's target climbs above the repository root");
                }
                names.remove(names.size() - 1);
                dirs.remove(dirs.size() - 1);
                continue;
            }
            TreeEntry entry = entries(dirs.get(dirs.size() - 1)).get(segment);
            String here = RepoPaths.join(String.join("/", names), segment);
            if (entry == null) {
                return new Resolved(here, null, null);
            }
            switch (entry.kind) {
                case DIRECTORY -> {
                    names.add(segment);
                    dirs.add(entry.id);
                }
                case FILE -> {
                    if (!todo.isEmpty()) {
                        return new Resolved(here + "/" + String.join("/", todo), null, null); // not a directory
                    }
                    return new Resolved(here, Kind.FILE, entry.id);
                }
                case SUBMODULE -> {
                    if (todo.isEmpty()) {
                        return new Resolved(here, Kind.SUBMODULE, entry.id);
                    }
                    throw new RepoException(
                            Reason.UNSUPPORTED,
                            what + " '" + Redactor.printable(path) + "' goes into submodule '" + here + "' of "
                                    + shownUrl + "; submodules are not supported");
                }
                case SYMLINK -> {
                    if (++hops > RepoSnapshot.MAX_SYMLINK_HOPS) {
                        throw SecurityLog.escape(new RepoException(
                                Reason.PATH_ESCAPE,
                                what + " '" + Redactor.printable(path)
                                        + "' goes through more than " + RepoSnapshot.MAX_SYMLINK_HOPS
                                        + " symlinks (a loop?) in " + shownUrl));
                    }
                    String target = symlinkTarget(entry.id, here);
                    if (target.startsWith("/") || target.startsWith("\\")) {
                        throw escape(
                                what,
                                path,
                                "symlink '" + here + "' points to the absolute path '" + Redactor.printable(target)
                                        + "'");
                    }
                    if (target.isEmpty()) {
                        return new Resolved(here, null, null);
                    }
                    List<String> targetSegments = List.of(target.split("/"));
                    // Check the link on its own first, so the error names the link that leaves the root.
                    int depth = names.size();
                    for (String t : targetSegments) {
                        if (t.equals("..")) {
                            if (--depth < 0) {
                                throw escape(
                                        what,
                                        path,
                                        "symlink '" + here + "' points outside the repository ('"
                                                + Redactor.printable(target) + "')");
                            }
                        } else if (!t.isEmpty() && !t.equals(".")) {
                            depth++;
                        }
                    }
                    for (int i = targetSegments.size() - 1; i >= 0; i--) {
                        todo.addFirst(targetSegments.get(i));
                    }
                }
                default -> throw new IllegalStateException(entry.kind.toString());
            }
        }
        return new Resolved(String.join("/", names), Kind.DIRECTORY, dirs.get(dirs.size() - 1));
    }

    /** The entries of a tree by name, in git order (which is also the lexical order of full paths). */
    Map<String, TreeEntry> entries(ObjectId tree) throws IOException {
        Map<String, TreeEntry> cached = trees.get(tree);
        if (cached != null) {
            return cached;
        }
        Map<String, TreeEntry> out = new LinkedHashMap<>();
        CanonicalTreeParser parser = new CanonicalTreeParser(null, reader, tree);
        while (!parser.eof()) {
            String name = parser.getEntryPathString();
            if (name.equals(".") || name.equals("..") || name.contains("/") || name.indexOf('\0') >= 0) {
                throw SecurityLog.escape(new RepoException(
                        Reason.PATH_ESCAPE,
                        "the tree of " + shownUrl + " has an entry named '" + Redactor.printable(name)
                                + "', which git itself would refuse"));
            }
            FileMode mode = parser.getEntryFileMode();
            Kind kind;
            if (mode == FileMode.TREE) {
                kind = Kind.DIRECTORY;
            } else if (mode == FileMode.SYMLINK) {
                kind = Kind.SYMLINK;
            } else if (mode == FileMode.GITLINK) {
                kind = Kind.SUBMODULE;
            } else {
                kind = Kind.FILE;
            }
            out.put(name, new TreeEntry(name, kind, parser.getEntryObjectId()));
            parser.next();
        }
        Map<String, TreeEntry> parsed = Collections.unmodifiableMap(out);
        trees.put(tree, parsed);
        return parsed;
    }

    String symlinkTarget(ObjectId blob, String linkPath) throws IOException {
        long size = reader.getObjectSize(blob, Constants.OBJ_BLOB);
        if (size > MAX_SYMLINK_TARGET) {
            throw SecurityLog.escape(new RepoException(
                    Reason.PATH_ESCAPE,
                    "symlink '" + linkPath + "' in " + shownUrl + " has a target longer than " + MAX_SYMLINK_TARGET
                            + " bytes"));
        }
        String target = new String(
                reader.open(blob, Constants.OBJ_BLOB).getCachedBytes(MAX_SYMLINK_TARGET), StandardCharsets.UTF_8);
        for (int i = 0; i < target.length(); i++) {
            if (Character.isISOControl(target.charAt(i))) {
                throw SecurityLog.escape(new RepoException(
                        Reason.PATH_ESCAPE,
                        "symlink '" + linkPath + "' in " + shownUrl + " has control characters in its target"));
            }
        }
        return target;
    }

    private RepoException escape(String what, String path, String why) {
        return SecurityLog.escape(new RepoException(
                Reason.PATH_ESCAPE,
                what + " '" + Redactor.printable(path) + "' in " + shownUrl + " is refused: " + why
                        + "; nothing outside the repository is read"));
    }
}
