package io.sextant.repo.git;

import io.sextant.repo.OutboundHosts;
import io.sextant.repo.RepoException;
import io.sextant.repo.RepoException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.TagOpt;

/**
 * A cache of bare clones, one per repository, under a root directory: {@code <root>/<hash>.git}, where
 * the hash is of {@link RepoUrls#cacheKey} (so {@code https://host/a}, {@code https://host/a.git/} and
 * {@code https://user:token@HOST/a} share one clone, and no URL or credential appears in a file name).
 *
 * <p>{@link #fetch} brings every branch and tag ({@code +refs/heads/*:refs/heads/*},
 * {@code +refs/tags/*:refs/tags/*}, pruning what the server deleted) and points the clone's HEAD where the
 * server's HEAD points. {@link #resolve} and {@link #snapshot} then work offline on the clone. The
 * controller fetches each repository once per refresh round through a {@link FetchRound}.
 *
 * <p>Only https, http and git:// are fetched for now: ssh and scp-like URLs are valid but give
 * {@link Reason#UNSUPPORTED}, because JGit's ssh transport (Apache MINA sshd) is not on the classpath.
 *
 * <p>Threading: thread-safe. Fetches of one repository are serialised; a fetch that waited for
 * another is answered by the last successful one when that started after it was asked for. Fetches
 * of different repositories, and any number of resolves and snapshot reads, run in parallel (JGit updates refs and
 * adds packs atomically, so readers see the state before or after a fetch, never half of it).
 * Errors are {@link RepoException}s whose text carries no credentials.
 */
public final class RepoCache implements AutoCloseable {

    /**
     * @param timeout network I/O timeout of one fetch (JGit's per-read timeout, in whole seconds)
     */
    public record Settings(Duration timeout) {
        public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(90));

        public Settings {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
        }
    }

    private static final System.Logger LOG = System.getLogger(RepoCache.class.getName());
    private static final Pattern FULL_SHA = Pattern.compile("[0-9a-f]{40}");
    // "HEAD" (no destination) creates no ref; it makes protocol v2's ls-refs include HEAD and its symref
    // target, so the same single request also tells which branch is the default.
    static {
        // Git's HTTP transport asks the default selector for every connection, redirects included.
        OutboundHosts.guardConnections();
    }

    static final String[] REF_SPECS = {"+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*", "HEAD"};
    static final String[] BRANCHES_AND_TAGS = {"+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"};

    private final Path root;
    private final Settings settings;
    private final Map<String, BareClone> clones = new ConcurrentHashMap<>();
    /** Parsed trees, shared by all snapshots: content-addressed, so never stale. */
    private final TreeCache trees = new TreeCache(TreeCache.DEFAULT_MAX_ENTRIES);

    private volatile boolean closed;

    public RepoCache(Path root) {
        this(root, Settings.DEFAULTS);
    }

    public RepoCache(Path root, Settings settings) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** A new refresh round: within it, each repository is fetched at most once. */
    public FetchRound newRound() {
        return new FetchRound(this, FetchRound.WHEN_FETCHED);
    }

    /**
     * A round for a refresh asked for at {@code askedNanos} ({@link System#nanoTime()}): a fetch of a
     * repository that started after that moment, by anyone, serves it, so the refreshes of a burst (the
     * refresh annotation set on many apps) share a few fetches however late each is reconciled.
     */
    public FetchRound newRound(long askedNanos) {
        return new FetchRound(this, askedNanos);
    }

    /**
     * Told of every fetch: how long it took and whether it worked (for metrics). Called on the
     * fetching thread; it must return at once and never throw.
     */
    @FunctionalInterface
    public interface FetchListener {
        FetchListener NONE = (nanos, ok) -> {};

        void fetched(long nanos, boolean ok);
    }

    private volatile FetchListener fetchListener = FetchListener.NONE;

    /** Who hears of fetches (one listener; set before fetching starts). */
    public void onFetch(FetchListener listener) {
        this.fetchListener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Fetches all branches and tags of {@code url} into its bare clone, creating the clone on first use.
     *
     * @param credentials null for anonymous access
     * @throws RepoException INVALID_URL, UNSUPPORTED (ssh), AUTHENTICATION or TRANSPORT
     */
    public FetchResult fetch(String url, Credentials credentials) {
        return fetch(url, credentials, System.nanoTime());
    }

    /**
     * As {@link #fetch(String, Credentials)}, for a caller who needs what was pushed before
     * {@code askedNanos} ({@link System#nanoTime()}): a fetch that started after it is enough.
     */
    public FetchResult fetch(String url, Credentials credentials, long askedNanos) {
        long started = System.nanoTime();
        boolean ok = false;
        try {
            FetchResult result = fetchNow(url, credentials, askedNanos);
            ok = true;
            return result;
        } finally {
            fetchListener.fetched(System.nanoTime() - started, ok);
        }
    }

    private FetchResult fetchNow(String url, Credentials credentials, long asked) {
        RepoUrls.Kind kind = RepoUrls.validate(url);
        OutboundHosts.check(url);
        String shown = Redactor.redact(url);
        if (kind == RepoUrls.Kind.SSH) {
            throw new RepoException(
                    Reason.UNSUPPORTED,
                    "cannot fetch " + shown
                            + ": ssh and scp-like URLs are not supported yet (Sextant fetches over https, http and "
                            + "git:// for now); use the repository's https URL with a username and token");
        }
        BareClone clone = clone(url);
        clone.lock.lock();
        try {
            if (clone.lastFetch != null && clone.lastFetchStarted - asked > 0) {
                // A fetch that began after this one was asked for has brought everything pushed before
                // the ask: a burst of refreshes of one repository costs one fetch, not one each.
                return clone.lastFetch;
            }
            long started = System.nanoTime();
            ensureOpen();
            Repository repo = clone.open(true);
            org.eclipse.jgit.transport.FetchResult result;
            CredentialsProvider provider = OriginCredentials.of(kind, credentials, url);
            try {
                try {
                    result = runFetch(repo, url, provider, REF_SPECS);
                } catch (TransportException e) {
                    if (!String.valueOf(e.getMessage()).contains("does not have HEAD")) {
                        throw e;
                    }
                    // The server's HEAD names no branch (an empty repository, or a default branch that was
                    // deleted): fetch the branches and tags anyway, at the price of a second request.
                    result = runFetch(repo, url, provider, BRANCHES_AND_TAGS);
                }
            } catch (TransportException e) {
                throw transportError(shown, e, credentials, provider);
            } catch (GitAPIException | RuntimeException e) {
                throw new RepoException(
                        Reason.TRANSPORT,
                        "cannot fetch " + shown + ": " + Redactor.redact(e.getMessage(), credentials),
                        Redactor.scrub(e, credentials));
            }
            BareClone.followRemoteHead(repo, result.getAdvertisedRef(Constants.HEAD));
            int updated = result.getTrackingRefUpdates().size();
            clone.refsChanged++; // every fetch (HEAD may follow the server without a ref update); under the lock
            if (updated > 0) {
                housekeeping(repo, shown);
            }
            LOG.log(System.Logger.Level.DEBUG, () -> "fetched " + shown + ": " + updated + " refs updated");
            clone.lastFetch = new FetchResult(shown, Instant.now(), updated);
            clone.lastFetchStarted = started;
            return clone.lastFetch;
        } finally {
            clone.lock.unlock();
        }
    }

    /** A number that changes with every fetch of {@code url}: what was resolved before it may be stale. */
    public long refsVersion(String url) {
        return clone(url).refsChanged;
    }

    /**
     * The full commit SHA {@code targetRevision} names in the clone of {@code url}, as of its last fetch:
     * empty or {@code HEAD} (the server's default branch), a branch, a tag, {@code refs/...}, or a full or
     * abbreviated (7+) SHA.
     *
     * @throws RepoException INVALID_URL, INVALID_ARGUMENT, REVISION_NOT_FOUND, or TRANSPORT when the
     *                       repository was never fetched
     */
    public String resolve(String url, String targetRevision) {
        RepoUrls.validate(url);
        Revisions.validate(targetRevision);
        Repository repo = fetchedClone(url);
        return Revisions.resolve(repo, targetRevision, Redactor.redact(url));
    }

    /**
     * The tree of commit {@code sha} in the clone of {@code url}, for reading without a checkout.
     *
     * @throws RepoException INVALID_ARGUMENT when {@code sha} is not 40 hex digits, REVISION_NOT_FOUND when
     *                       the clone does not have it
     */
    public RepoSnapshot snapshot(String url, String sha) {
        RepoUrls.validate(url);
        if (sha == null || !FULL_SHA.matcher(sha.toLowerCase(Locale.ROOT)).matches()) {
            throw new RepoException(
                    Reason.INVALID_ARGUMENT,
                    "a snapshot needs a full 40-hex commit SHA, not '" + Redactor.printable(String.valueOf(sha)) + "'");
        }
        String shown = Redactor.redact(url);
        Repository repo = fetchedClone(url);
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit commit = walk.parseCommit(ObjectId.fromString(sha.toLowerCase(Locale.ROOT)));
            return new RepoSnapshot(shown, commit.name(), repo, commit.getTree().getId(), trees);
        } catch (MissingObjectException e) {
            throw new RepoException(
                    Reason.REVISION_NOT_FOUND, "commit " + sha + " is not in the local clone of " + shown);
        } catch (IOException e) {
            throw new RepoException(
                    Reason.TRANSPORT,
                    "cannot read commit " + sha + " of " + shown + ": " + Redactor.redact(e.getMessage()),
                    Redactor.scrub(e, null));
        }
    }

    /**
     * The commit {@code sha} of the (fetched) clone of {@code url}: author, date, message, tags.
     *
     * @throws RepoException as {@link #snapshot}
     */
    public CommitInfo commit(String url, String sha) {
        RepoSnapshot snapshot = snapshot(url, sha);
        Repository repo = fetchedClone(url);
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit commit = walk.parseCommit(ObjectId.fromString(snapshot.sha()));
            var author = commit.getAuthorIdent();
            List<String> tags = new ArrayList<>();
            for (var ref : repo.getRefDatabase().getRefsByPrefix(Constants.R_TAGS)) {
                ObjectId target = repo.getRefDatabase().peel(ref).getPeeledObjectId();
                if (commit.getId().equals(target != null ? target : ref.getObjectId())) {
                    tags.add(ref.getName().substring(Constants.R_TAGS.length()));
                }
            }
            return new CommitInfo(
                    commit.name(),
                    author.getName() + " <" + author.getEmailAddress() + ">",
                    author.getWhenAsInstant(),
                    commit.getFullMessage(),
                    List.copyOf(tags));
        } catch (IOException e) {
            throw new RepoException(
                    Reason.TRANSPORT,
                    "cannot read commit " + sha + " of " + Redactor.redact(url) + ": "
                            + Redactor.redact(e.getMessage()),
                    Redactor.scrub(e, null));
        }
    }

    /**
     * Checks that {@code url} can be read with {@code credentials} (one {@code ls-remote}, nothing
     * stored): what adding a repository and its connection test do.
     *
     * @throws RepoException INVALID_URL, UNSUPPORTED (ssh), AUTHENTICATION or TRANSPORT, credentials redacted
     */
    public static void testConnection(String url, Credentials credentials, Duration timeout) {
        RepoUrls.Kind kind = RepoUrls.validate(url);
        OutboundHosts.check(url);
        String shown = Redactor.redact(url);
        if (kind == RepoUrls.Kind.SSH) {
            throw new RepoException(
                    Reason.UNSUPPORTED,
                    "cannot test " + shown
                            + ": ssh and scp-like URLs are not supported yet; use the repository's https URL");
        }
        CredentialsProvider provider = OriginCredentials.of(kind, credentials, url);
        try {
            Git.lsRemoteRepository()
                    .setRemote(url)
                    .setHeads(true)
                    .setTimeout((int) Math.max(1, timeout.toSeconds()))
                    .setCredentialsProvider(provider)
                    .call();
        } catch (TransportException e) {
            throw transportError(shown, e, credentials, provider);
        } catch (GitAPIException | RuntimeException e) {
            throw new RepoException(
                    Reason.TRANSPORT,
                    "cannot reach " + shown + ": " + Redactor.redact(String.valueOf(e.getMessage()), credentials),
                    Redactor.scrub(e, credentials));
        }
    }

    /** Where the bare clone of {@code url} lives (it may not exist yet). */
    public Path directoryOf(String url) {
        RepoUrls.validate(url);
        return root.resolve(hash(RepoUrls.cacheKey(url)) + ".git");
    }

    /** Closes the open clones; later calls fail. The clones stay on disk for the next start. */
    @Override
    public void close() {
        closed = true;
        clones.values().forEach(BareClone::close);
        clones.clear();
    }

    private BareClone clone(String url) {
        return clones.computeIfAbsent(RepoUrls.cacheKey(url), key -> new BareClone(root.resolve(hash(key) + ".git")));
    }

    private Repository fetchedClone(String url) {
        ensureOpen();
        BareClone clone = clone(url);
        Repository repo = clone.open(false);
        if (repo == null) {
            throw new RepoException(
                    Reason.TRANSPORT, "repository " + Redactor.redact(url) + " has not been fetched yet");
        }
        return repo;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the repository cache is closed");
        }
    }

    private int timeoutSeconds() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, settings.timeout().toSeconds()));
    }

    private org.eclipse.jgit.transport.FetchResult runFetch(
            Repository repo, String url, CredentialsProvider provider, String[] refSpecs) throws GitAPIException {
        try (Git git = Git.wrap(repo)) {
            return git.fetch()
                    .setRemote(url)
                    .setRefSpecs(refSpecs)
                    .setRemoveDeletedRefs(true)
                    .setTagOpt(TagOpt.NO_TAGS)
                    .setTimeout(timeoutSeconds())
                    .setCredentialsProvider(provider)
                    .call();
        }
    }

    private static RepoException transportError(
            String shown, TransportException e, Credentials credentials, CredentialsProvider provider) {
        String detail = Redactor.redact(String.valueOf(e.getMessage()), credentials);
        String lower = detail.toLowerCase(Locale.ROOT);
        Throwable cause = Redactor.scrub(e, credentials);
        String redirected = OriginCredentials.refusedOrigin(provider);
        if (redirected != null) {
            return new RepoException(
                    Reason.AUTHENTICATION,
                    "cannot fetch " + shown + ": the server redirected to "
                            + Redactor.redact(redirected)
                            + ", which asked for credentials; they are sent only to the host "
                            + "of the configured URL: configure the repository by the URL it redirects to",
                    cause);
        }
        if (lower.contains("not authorized")
                || lower.contains("authentication is required")
                || lower.contains("authentication not supported")) {
            String why = credentials == null || !credentials.hasPassword()
                    ? "the server requires credentials and none are configured for this URL "
                            + "(add a repository or repo-creds Secret)"
                    : "the server refused the configured credentials";
            return new RepoException(Reason.AUTHENTICATION, "cannot fetch " + shown + ": " + why, cause);
        }
        return new RepoException(Reason.TRANSPORT, "cannot fetch " + shown + ": " + detail, cause);
    }

    /** Packs refs and objects when JGit's thresholds say so, so years of fetches do not pile up packs. */
    private static void housekeeping(Repository repo, String shown) {
        try {
            repo.autoGC(NullProgressMonitor.INSTANCE);
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "housekeeping of the clone of " + shown + " failed: " + Redactor.redact(e.getMessage()));
        }
    }

    static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
