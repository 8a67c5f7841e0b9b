package io.sextant.repo.git;

import io.sextant.repo.OutboundHosts;
import io.sextant.repo.RepoException;
import io.sextant.repo.RepoException.Reason;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
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
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.PackProtocolException;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.file.GC;
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

    /** Every this many fetches that bring something, the clone is repacked. */
    static final int PACK_LIMIT = 10;
    /** How long packs a repack replaced stay (readers of a commit a force-push orphaned finish). */
    static final Duration PACK_GRACE = Duration.ofMinutes(10);
    /** More packs than this (a flood of pushes) and a repack deletes the replaced ones at once. */
    static final int MAX_PACKS = 100;

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
            if (clone.damage() == null && clone.lastFetch != null && clone.lastFetchStarted - asked > 0) {
                // A fetch that began after this one was asked for has brought everything pushed before
                // the ask: a burst of refreshes of one repository costs one fetch, not one each.
                return clone.lastFetch;
            }
            long started = System.nanoTime();
            ensureOpen();
            Repository repo = usableClone(clone, shown);
            org.eclipse.jgit.transport.FetchResult result;
            CredentialsProvider provider = OriginCredentials.of(kind, credentials, url);
            try {
                try {
                    result = fetchAllRefs(repo, url, provider);
                } catch (GitAPIException | RuntimeException e) {
                    if (!locallyDamaged(e)) {
                        throw e;
                    }
                    // The fetch read a damaged object of the clone (negotiating what it has): start afresh.
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "the local clone of " + shown + " is damaged (" + Redactor.redact(e.getMessage())
                                    + "); cloning it again");
                    repo = recreate(clone, shown);
                    result = fetchAllRefs(repo, url, provider);
                }
            } catch (TransportException | InvalidRemoteException e) {
                if (diskFull(e)) {
                    throw diskFullError(shown, e);
                }
                // JGit reports a 404 as an InvalidRemoteException from a fetch, a TransportException elsewhere.
                throw transportError(
                        shown, e, credentials, provider, timeoutSeconds() + "s (sextant.repo.fetch-timeout)");
            } catch (GitAPIException | RuntimeException e) {
                if (diskFull(e)) {
                    throw diskFullError(shown, e);
                }
                throw new RepoException(
                        Reason.TRANSPORT,
                        "cannot fetch " + shown + ": " + Redactor.redact(e.getMessage(), credentials),
                        Redactor.scrub(e, credentials));
            }
            BareClone.followRemoteHead(repo, result.getAdvertisedRef(Constants.HEAD));
            int updated = result.getTrackingRefUpdates().size();
            clone.refsChanged++; // every fetch (HEAD may follow the server without a ref update); under the lock
            if (updated > 0) {
                housekeeping(clone, repo, shown);
            }
            LOG.log(System.Logger.Level.DEBUG, () -> "fetched " + shown + ": " + updated + " refs updated");
            clone.lastFetch = new FetchResult(shown, Instant.now(), updated);
            clone.lastFetchStarted = started;
            return clone.lastFetch;
        } finally {
            clone.lock.unlock();
        }
    }

    private org.eclipse.jgit.transport.FetchResult fetchAllRefs(
            Repository repo, String url, CredentialsProvider provider) throws GitAPIException {
        try {
            return runFetch(repo, url, provider, REF_SPECS);
        } catch (TransportException e) {
            if (!String.valueOf(e.getMessage()).contains("does not have HEAD")) {
                throw e;
            }
            // The server's HEAD names no branch (an empty repository, or a default branch that was
            // deleted): fetch the branches and tags anyway, at the price of a second request.
            return runFetch(repo, url, provider, BRANCHES_AND_TAGS);
        }
    }

    /**
     * The clone to fetch into: made anew when a reader found it damaged or it cannot be opened (a config
     * or HEAD that does not parse), so one bad file on disk never stops the repository for good.
     */
    private Repository usableClone(BareClone clone, String shown) {
        String damage = clone.damage();
        if (damage == null) {
            try {
                return clone.open(true);
            } catch (RepoException e) {
                damage = e.getMessage();
            }
        }
        LOG.log(
                System.Logger.Level.WARNING,
                "the local clone of " + shown + " is damaged (" + damage + "); cloning it again");
        return recreate(clone, shown);
    }

    private Repository recreate(BareClone clone, String shown) {
        try {
            return clone.recreate();
        } catch (IOException | GitAPIException e) {
            if (diskFull(e)) {
                throw diskFullError(shown, e);
            }
            throw new RepoException(
                    Reason.TRANSPORT,
                    "cannot clone " + shown + " again after finding its local clone damaged: "
                            + Redactor.redact(e.getMessage()),
                    Redactor.scrub(e, null));
        }
    }

    /** Whether {@code e} comes from reading the local clone's objects, not from the network. */
    private static boolean locallyDamaged(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.eclipse.jgit.errors.CorruptObjectException
                    || t instanceof org.eclipse.jgit.errors.PackInvalidException
                    || t instanceof org.eclipse.jgit.errors.CorruptPackIndexException
                    || t instanceof MissingObjectException) {
                return true;
            }
        }
        return false;
    }

    private static boolean diskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).contains("No space left on device")) {
                return true;
            }
        }
        return false;
    }

    private RepoException diskFullError(String shown, Throwable e) {
        return new RepoException(
                Reason.TRANSPORT,
                "cannot fetch " + shown + ": no space left on the disk of the repository cache (" + root
                        + "): free space there or set sextant.repo.cache-dir to a larger disk; what was fetched"
                        + " before stays in use",
                Redactor.scrub(e, null));
    }

    /** Parsed trees held (shared by all repositories), for metrics. */
    public long treeEntries() {
        return trees.size();
    }

    public long treeMaxEntries() {
        return TreeCache.DEFAULT_MAX_ENTRIES;
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
        BareClone clone = clone(url);
        int generation = clone.generation();
        Repository repo = fetchedClone(url);
        ObjectId id = ObjectId.fromString(sha.toLowerCase(Locale.ROOT));
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit commit = walk.parseCommit(id);
            return new RepoSnapshot(
                    shown,
                    commit.name(),
                    repo,
                    commit.getTree().getId(),
                    trees,
                    why -> clone.markDamaged(generation, why));
        } catch (MissingObjectException e) {
            if (!isRefTip(repo, id)) {
                throw new RepoException(
                        Reason.REVISION_NOT_FOUND, "commit " + sha + " is not in the local clone of " + shown);
            }
            // A branch or tag of the clone names it, so it was fetched: the clone lost it.
            return damaged(clone, generation, shown, sha, e);
        } catch (IOException e) {
            return damaged(clone, generation, shown, sha, e);
        }
    }

    private static RepoSnapshot damaged(BareClone clone, int generation, String shown, String sha, IOException e) {
        String why = e.getClass().getSimpleName() + ": " + Redactor.redact(String.valueOf(e.getMessage()));
        clone.markDamaged(generation, why);
        throw new RepoException(
                Reason.TRANSPORT,
                "the local clone of " + shown + " is damaged (reading " + sha + ": " + why
                        + "): it is cloned again at the next fetch",
                Redactor.scrub(e, null));
    }

    private static boolean isRefTip(Repository repo, ObjectId id) {
        try {
            for (var ref : repo.getRefDatabase().getRefs()) {
                if (id.equals(ref.getObjectId())) {
                    return true;
                }
            }
        } catch (IOException e) {
            return true; // refs that cannot be read are damage too
        }
        return false;
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
        } catch (TransportException | InvalidRemoteException e) {
            throw transportError(shown, e, credentials, provider, Math.max(1, timeout.toSeconds()) + "s");
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

    BareClone clone(String url) {
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

    /**
     * What a failed fetch or ls-remote means, in words a user can act on.
     *
     * @param timeout the network timeout in force, as shown to the user (with the setting that sets it)
     */
    private static RepoException transportError(
            String shown, GitAPIException e, Credentials credentials, CredentialsProvider provider, String timeout) {
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
        if (causedBy(e, NoRemoteRepositoryException.class) != null) {
            boolean http = shown.regionMatches(true, 0, "http", 0, 4);
            return new RepoException(
                    Reason.TRANSPORT,
                    "cannot fetch " + shown + ": the repository was not found on the server"
                            + (http ? " (HTTP 404)" : "") + ": check the URL, or whether it was deleted or renamed"
                            + (credentials == null || !credentials.hasPassword()
                                    ? " (some servers answer so for a private repository asked without credentials)"
                                    : ""),
                    cause);
        }
        InterruptedIOException timedOut = causedBy(e, SocketTimeoutException.class);
        if (timedOut == null) {
            InterruptedIOException interrupted = causedBy(e, InterruptedIOException.class);
            if (interrupted != null && String.valueOf(interrupted.getMessage()).contains("timed out")) {
                timedOut = interrupted; // JGit's own timeout streams (git://)
            }
        }
        if (timedOut != null) {
            boolean connecting = String.valueOf(timedOut.getMessage())
                    .toLowerCase(Locale.ROOT)
                    .contains("connect");
            return new RepoException(
                    Reason.TRANSPORT,
                    "cannot fetch " + shown + ": "
                            + (connecting
                                    ? "the server did not accept a connection within " + timeout
                                    : "the server stopped answering for " + timeout),
                    cause);
        }
        if (causedBy(e, PackProtocolException.class) != null
                || lower.contains("pkt-line")
                || lower.contains("packet line")) {
            // JGit quotes what it got instead: from a login page or a broken proxy, bytes no one can read.
            return new RepoException(
                    Reason.TRANSPORT,
                    "cannot fetch " + shown + ": the server's answer is not the git protocol (does the URL name a "
                            + "git repository, or did a proxy or login page answer?): " + excerpt(detail, shown),
                    cause);
        }
        return new RepoException(Reason.TRANSPORT, "cannot fetch " + shown + ": " + detail, cause);
    }

    /** The first throwable of {@code type} in the cause chain of {@code e}, or null. */
    private static <T extends Throwable> T causedBy(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** {@code detail} without the URL JGit puts first, in printable ASCII, at most 80 characters. */
    private static String excerpt(String detail, String shown) {
        String text = detail.startsWith(shown + ": ") ? detail.substring(shown.length() + 2) : detail;
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(80).forEach(c -> out.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return text.codePointCount(0, text.length()) > 80 ? out + "..." : out.toString();
    }

    /**
     * Repacks the clone every {@link #PACK_LIMIT} fetches that brought something. Every fetch adds a pack,
     * and JGit's own autoGC waits for 50 and then keeps the packs it replaced for an hour, so a repository
     * pushed to every minute held about 60 packs (270 MB for 1,000 apps after 91 pushes, the soak of
     * issue 24) and was repacked on nearly every fetch. Here the replaced packs stay {@link #PACK_GRACE}
     * (deleted at a later repack): a render that resolved a commit a force-push has just orphaned still
     * reads it, since the new pack holds only what a branch or tag reaches. Past {@link #MAX_PACKS} packs
     * (a flood of pushes) they go at once. Runs under the fetch lock; readers keep reading: one that finds
     * a pack gone looks in the others.
     */
    private static void housekeeping(BareClone clone, Repository repo, String shown) {
        clone.fetchesSinceRepack++;
        try {
            if (!(repo instanceof FileRepository file)) {
                return;
            }
            int packs = file.getObjectDatabase().getPacks().size();
            boolean many = packs > MAX_PACKS;
            if (clone.fetchesSinceRepack < PACK_LIMIT && !many) {
                return;
            }
            clone.fetchesSinceRepack = 0;
            GC gc = new GC(file);
            gc.setAuto(false);
            gc.setPackExpire(many ? Instant.now() : Instant.now().minus(PACK_GRACE));
            gc.setProgressMonitor(NullProgressMonitor.INSTANCE);
            long started = System.nanoTime();
            gc.gc().join();
            clone.repacks++;
            LOG.log(
                    System.Logger.Level.DEBUG,
                    () -> "repacked the clone of " + shown + " in " + (System.nanoTime() - started) / 1_000_000
                            + " ms: " + file.getObjectDatabase().getPacks().size() + " packs now");
        } catch (IOException | ParseException | GitAPIException | RuntimeException e) {
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
