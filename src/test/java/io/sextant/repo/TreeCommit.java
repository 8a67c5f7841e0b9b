package io.sextant.repo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Builds a commit with exactly the entries a test wants — including what no checkout can hold, like a
 * symlink to {@code /etc/passwd} or a submodule — straight into a served bare repository, and points a
 * branch at it. The repository is then fetched through the real git server like any other.
 */
public final class TreeCommit {

    private static final PersonIdent AUTHOR = new PersonIdent(
            "Sextant Tests", "tests@sextant.invalid", Instant.parse("2024-02-01T00:00:00Z"), ZoneOffset.UTC);

    private record Item(FileMode mode, byte[] content, ObjectId gitlink) {}

    private final Map<String, Item> items = new LinkedHashMap<>();

    public static TreeCommit tree() {
        return new TreeCommit();
    }

    public TreeCommit file(String path, String content) {
        return file(path, content.getBytes(StandardCharsets.UTF_8));
    }

    public TreeCommit file(String path, byte[] content) {
        items.put(path, new Item(FileMode.REGULAR_FILE, content, null));
        return this;
    }

    public TreeCommit symlink(String path, String target) {
        items.put(path, new Item(FileMode.SYMLINK, target.getBytes(StandardCharsets.UTF_8), null));
        return this;
    }

    public TreeCommit submodule(String path, String sha) {
        items.put(path, new Item(FileMode.GITLINK, null, ObjectId.fromString(sha)));
        return this;
    }

    /**
     * {@link #commitTo}, then points the repository's HEAD at {@code branch}, as a hosted repository's
     * default branch. @return the commit SHA
     */
    public String commitToDefaultBranch(Path bareDir, String branch) {
        String sha = commitTo(bareDir, branch);
        try (Repository repo = new FileRepositoryBuilder()
                .setGitDir(bareDir.toFile())
                .setMustExist(true)
                .build()) {
            repo.updateRef(Constants.HEAD).link(Constants.R_HEADS + branch);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sha;
    }

    /** Commits the tree as a root commit and force-moves {@code branch} to it. @return the commit SHA */
    public String commitTo(Path bareDir, String branch) {
        try (Repository repo = new FileRepositoryBuilder()
                        .setGitDir(bareDir.toFile())
                        .setMustExist(true)
                        .build();
                ObjectInserter inserter = repo.newObjectInserter()) {
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            for (Map.Entry<String, Item> item : items.entrySet()) {
                DirCacheEntry entry = new DirCacheEntry(item.getKey());
                entry.setFileMode(item.getValue().mode);
                entry.setObjectId(
                        item.getValue().gitlink != null
                                ? item.getValue().gitlink
                                : inserter.insert(Constants.OBJ_BLOB, item.getValue().content));
                builder.add(entry);
            }
            builder.finish();
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(index.writeTree(inserter));
            commit.setAuthor(AUTHOR);
            commit.setCommitter(AUTHOR);
            commit.setMessage("test tree for " + branch + "\n");
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            RefUpdate update = repo.updateRef(Constants.R_HEADS + branch);
            update.setNewObjectId(id);
            RefUpdate.Result result = update.forceUpdate();
            if (result != RefUpdate.Result.NEW
                    && result != RefUpdate.Result.FORCED
                    && result != RefUpdate.Result.NO_CHANGE) {
                throw new IOException("cannot move " + branch + ": " + result);
            }
            return id.name();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
