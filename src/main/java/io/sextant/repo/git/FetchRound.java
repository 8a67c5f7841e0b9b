package io.sextant.repo.git;

import io.sextant.repo.RepoException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * One refresh round's memo of fetches: the first request for a repository fetches it, every later
 * request in the same round (however many Applications use that repository) gets the first one's
 * result, or its error, without touching the network again. Concurrent first requests for one
 * repository wait for a single fetch. Repositories are told apart by {@link RepoUrls#cacheKey}, so
 * {@code .../a} and {@code .../a.git} count as one.
 *
 * <p>Credentials are those of the first request: within a round the controller resolves the same
 * credentials for the same URL, so this never matters in practice.
 *
 * <p>Threading: thread-safe. Start a new round (a new object) for every refresh cycle; a round holds
 * only small results and can simply be dropped.
 */
public final class FetchRound {

    /** {@code asked} for a round whose fetches serve what was pushed before they are made. */
    static final long WHEN_FETCHED = Long.MIN_VALUE;

    private final RepoCache cache;
    private final long asked;
    private final Map<String, CompletableFuture<FetchResult>> fetches = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<FetchResult>> missFetches = new ConcurrentHashMap<>();
    /**
     * Revisions resolved in this round, with the clone's fetch count they were read at: a sync and the
     * comparisons around it resolve the same revision, and JGit reads the refs from disk each time.
     */
    private final Map<String, Resolved> resolved = new ConcurrentHashMap<>();

    private record Resolved(long refsVersion, String sha) {}

    /** @param asked when the refresh this round serves was asked for ({@link System#nanoTime()}), or {@link #WHEN_FETCHED} */
    FetchRound(RepoCache cache, long asked) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.asked = asked;
    }

    /**
     * The result of this round's fetch of {@code url}, fetching now if this is the round's first request.
     *
     * @throws RepoException as {@link RepoCache#fetch}, the same error for every request of the round
     */
    public FetchResult fetch(String url, Credentials credentials) {
        RepoUrls.validate(url);
        String key = RepoUrls.cacheKey(url);
        CompletableFuture<FetchResult> first = fetches.get(key);
        Failed failed = failures.get(key);
        long since = asked;
        if (first != null
                && first.isCompletedExceptionally()
                && failed != null
                && failed.version() != cache.refsVersion(url)) {
            // This round's fetch failed, but one has worked since (a refresh asked for, in its own round):
            // the error is old news; that fetch serves the rest of the round, with no network request.
            fetches.remove(key, first);
            since = asked == WHEN_FETCHED || failed.started() - asked > 0 ? failed.started() : asked;
        }
        long version = cache.refsVersion(url);
        long started = System.nanoTime();
        long servedBy = since;
        return once(fetches, key, () -> {
            try {
                return servedBy == WHEN_FETCHED
                        ? cache.fetch(url, credentials)
                        : cache.fetch(url, credentials, servedBy);
            } catch (RuntimeException e) {
                failures.put(key, new Failed(version, started));
                throw e;
            }
        });
    }

    /** A failed fetch of this round: the clone's fetch count before it, and when it started. */
    private record Failed(long version, long started) {}

    private final Map<String, Failed> failures = new ConcurrentHashMap<>();

    /** Runs {@code fetch} for the first caller of {@code key}; every caller gets its result or error. */
    private static FetchResult once(
            Map<String, CompletableFuture<FetchResult>> memo, String key, Supplier<FetchResult> fetch) {
        CompletableFuture<FetchResult> mine = new CompletableFuture<>();
        CompletableFuture<FetchResult> first = memo.putIfAbsent(key, mine);
        if (first == null) {
            try {
                mine.complete(fetch.get());
            } catch (RuntimeException | Error e) {
                mine.completeExceptionally(e);
            }
            first = mine;
        }
        return join(first);
    }

    /**
     * {@link #fetch} (once per round), then {@link RepoCache#resolve}: the commit SHA of {@code targetRevision}.
     * A revision the round's fetch did not have (a branch pushed after it, for an app created just now)
     * gets one more fetch per repository and revision in the round, so a new app does not wait a whole
     * round to see a new branch.
     */
    public String resolve(String url, String targetRevision, Credentials credentials) {
        Revisions.validate(targetRevision);
        String key = RepoUrls.cacheKey(url) + "@" + targetRevision;
        Resolved known = resolved.get(key);
        if (known != null && known.refsVersion() == cache.refsVersion(url)) {
            return known.sha(); // no fetch since: the same answer
        }
        fetch(url, credentials);
        long version = cache.refsVersion(url);
        String sha;
        try {
            sha = cache.resolve(url, targetRevision);
        } catch (RepoException e) {
            if (e.reason() != RepoException.Reason.REVISION_NOT_FOUND) {
                throw e;
            }
            once(missFetches, key, () -> cache.fetch(url, credentials));
            sha = cache.resolve(url, targetRevision);
        }
        resolved.put(key, new Resolved(version, sha));
        return sha;
    }

    /** How many distinct repositories this round has fetched or is fetching. */
    public int repositories() {
        return fetches.size();
    }

    private static FetchResult join(CompletableFuture<FetchResult> future) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    // Keep waiting: the fetch runs on another caller's thread and will finish or time out.
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RepoException repo) {
                        // A fresh exception per caller, so stack traces show where each one waited.
                        throw new RepoException(repo.reason(), repo.getMessage(), repo);
                    }
                    if (cause instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    if (cause instanceof Error error) {
                        throw error;
                    }
                    throw new IllegalStateException(cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
