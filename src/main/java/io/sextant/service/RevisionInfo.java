package io.sextant.service;

import io.sextant.config.SextantConfig;
import io.sextant.repo.git.RepoCache;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * A commit's message, author and date, as Argo's revision metadata gives them to pages (SYNC STATUS,
 * HISTORY AND ROLLBACK). Read from the controller's bare clone of the repository, never fetched: a
 * commit the cache does not have (a server-only process, an unfetched repo) is simply unknown.
 * Commits never change, so answers are kept (a bounded LRU).
 */
@ApplicationScoped
public class RevisionInfo {

    /** What the pages show of a commit. */
    public record Commit(String sha, String message, String author, String date) {
        /** The first line of the message. */
        public String subject() {
            int nl = message.indexOf('\n');
            return nl < 0 ? message : message.substring(0, nl);
        }
    }

    private final RepoCache paths;
    private final Map<String, Optional<Commit>> known = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Optional<Commit>> eldest) {
            return size() > 2000;
        }
    };

    public RevisionInfo(SextantConfig config) {
        // Only directoryOf() is used: a pure computation of where the controller keeps the clone.
        this.paths = new RepoCache(
                Path.of(config.repo().cacheDir()),
                new RepoCache.Settings(config.repo().fetchTimeout()));
    }

    public Optional<Commit> commit(String repoURL, String sha) {
        if (repoURL == null || sha == null || !sha.matches("[0-9a-f]{40}")) {
            return Optional.empty();
        }
        String key = repoURL + "@" + sha;
        synchronized (known) {
            Optional<Commit> hit = known.get(key);
            if (hit != null && hit.isPresent()) {
                return hit;
            }
        }
        Optional<Commit> read = read(repoURL, sha);
        if (read.isPresent()) {
            synchronized (known) {
                known.put(key, read);
            }
        }
        return read;
    }

    private Optional<Commit> read(String repoURL, String sha) {
        try {
            Path dir = paths.directoryOf(repoURL);
            if (!Files.isDirectory(dir)) {
                return Optional.empty();
            }
            try (Repository repo = new FileRepositoryBuilder()
                            .setGitDir(dir.toFile())
                            .setMustExist(true)
                            .build();
                    RevWalk walk = new RevWalk(repo)) {
                RevCommit c = walk.parseCommit(ObjectId.fromString(sha));
                return Optional.of(new Commit(
                        sha,
                        c.getFullMessage().strip(),
                        c.getAuthorIdent().getName() + " <" + c.getAuthorIdent().getEmailAddress() + ">",
                        c.getAuthorIdent().getWhenAsInstant().toString()));
            }
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
