package io.sextant.repo.git;

import io.sextant.repo.RepoException;
import io.sextant.repo.RepoException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * One bare clone of {@link RepoCache}: its directory, the lock that serialises its fetches and, once
 * opened, its JGit repository (shared by all readers; JGit repositories are thread-safe for reading).
 */
/** One bare clone: its directory, its fetch lock and, once opened, its repository. */
final class BareClone {

    private static final System.Logger LOG = System.getLogger(BareClone.class.getName());

    final Path dir;
    final ReentrantLock lock = new ReentrantLock();
    /** When the last successful fetch started ({@link System#nanoTime}), and its result; guarded by {@link #lock}. */
    long lastFetchStarted;

    FetchResult lastFetch;
    /** How many times housekeeping repacked this clone (for tests); guarded by {@link #lock}. */
    int repacks;

    /** Fetches that brought something since the last repack; guarded by {@link #lock}. */
    int fetchesSinceRepack;

    /** Counts the fetches: what was resolved before one may be stale after it. */
    volatile long refsChanged;

    /**
     * Counts the times this clone was made anew: a reader of an older one that finds it damaged reports
     * damage already repaired, which must not throw the new clone away.
     */
    private volatile int generation;
    /** Why the clone must be made anew before its next fetch (a read found it damaged), or null. */
    private volatile String damage;

    private Repository repo;

    BareClone(Path dir) {
        this.dir = dir;
    }

    /** The open repository; created when {@code create}, else null when it does not exist on disk. */
    synchronized Repository open(boolean create) {
        if (repo != null) {
            return repo;
        }
        try {
            if (Files.isDirectory(dir.resolve("objects")) && Files.exists(dir.resolve("HEAD"))) {
                repo = new FileRepositoryBuilder()
                        .setGitDir(dir.toFile())
                        .setBare()
                        .setMustExist(true)
                        .build();
            } else if (create) {
                repo = init();
            }
        } catch (IOException | GitAPIException e) {
            throw new RepoException(
                    Reason.TRANSPORT,
                    "cannot open the local clone " + dir.getFileName() + ": " + Redactor.redact(e.getMessage()),
                    Redactor.scrub(e, null));
        }
        return repo;
    }

    private Repository init() throws IOException, GitAPIException {
        Files.createDirectories(dir.getParent());
        deleteLeftovers();
        Repository created;
        try (Git git = Git.init().setBare(true).setDirectory(dir.toFile()).call()) {
            created = git.getRepository();
            created.incrementOpen();
        }
        StoredConfig config = created.getConfig();
        // Housekeeping runs inline, under the fetch lock, never in a thread nobody waits for.
        config.setBoolean(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTODETACH, false);
        config.setBoolean(
                ConfigConstants.CONFIG_CORE_SECTION, null, ConfigConstants.CONFIG_KEY_LOGALLREFUPDATES, false);
        config.save();
        return created;
    }

    int generation() {
        return generation;
    }

    /** Notes that a reader of generation {@code seen} found the clone damaged: the next fetch clones anew. */
    void markDamaged(int seen, String why) {
        if (seen == generation) {
            damage = why;
        }
    }

    /** Why the clone must be made anew, or null when nothing says so. */
    String damage() {
        return damage;
    }

    /**
     * Throws the clone away and starts an empty one in its place (the caller holds {@link #lock} and
     * fetches next). Readers still holding the old repository keep their open files until they finish.
     */
    synchronized Repository recreate() throws IOException, GitAPIException {
        close();
        generation++;
        damage = null;
        lastFetch = null;
        repo = init();
        return repo;
    }

    /** A directory without objects/ or HEAD is a clone whose creation was interrupted: start over. */
    private void deleteLeftovers() throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    synchronized void close() {
        if (repo != null) {
            repo.close();
            repo = null;
        }
    }

    /**
     * Points the clone's HEAD where the server's does, so {@code HEAD} and an empty revision mean the
     * server's default branch. A server that does not say which branch HEAD is gets a detached HEAD.
     */
    static void followRemoteHead(Repository repo, Ref remoteHead) {
        if (remoteHead == null) {
            return;
        }
        try {
            if (remoteHead.isSymbolic()) {
                String target = remoteHead.getTarget().getName();
                Ref local = repo.exactRef(Constants.HEAD);
                boolean already = local != null
                        && local.isSymbolic()
                        && local.getTarget().getName().equals(target);
                if (!already && target.startsWith(Constants.R_HEADS) && repo.exactRef(target) != null) {
                    repo.updateRef(Constants.HEAD).link(target);
                }
            } else if (remoteHead.getObjectId() != null) {
                RefUpdate update = repo.updateRef(Constants.HEAD, true);
                update.setNewObjectId(remoteHead.getObjectId());
                update.forceUpdate();
            }
        } catch (IOException e) {
            // HEAD stays as it was; resolving "HEAD" reports what it finds.
            LOG.log(System.Logger.Level.DEBUG, "cannot update HEAD of " + repo.getDirectory(), e);
        }
    }
}
