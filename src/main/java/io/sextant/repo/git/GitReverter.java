package io.sextant.repo.git;

import io.sextant.repo.RepoException;
import io.sextant.repo.RepoException.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefLeaseSpec;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.TagOpt;

/**
 * Rolls a branch back in Git: the GitOps form of {@code git checkout stage && git revert ... && git push}.
 * {@link #revert} adds <em>one</em> commit on top of the branch head whose files are exactly those of
 * {@code toRevision}, with a message naming every commit it undoes ({@code This reverts commit <sha>.},
 * newest first), and pushes it without force.
 *
 * <p>Why one commit with {@code toRevision}'s files rather than one revert per commit: on a linear
 * history the two give the same files (each revert starts from the state the previous one left, which is
 * exactly that commit's parent, so no revert can conflict), and on a history with merges {@code git
 * revert A..B} gives up while this still restores what the Application ran at {@code toRevision}. So a
 * revert never conflicts; it can only find the branch moved on the server ({@link Reason#CONFLICT}).
 *
 * <p>Each call works in a fresh bare repository under the root directory (no working tree, nothing
 * checked out): one {@code ls-remote}, a fetch of the one branch (plus the tag {@code toRevision} names,
 * if it names one), the commit, one push; the directory is deleted afterwards, whatever happened. Root
 * entries named {@code revert-*} left by a crash are deleted when a reverter is built, so give each
 * reverter its own root (not the {@link RepoCache}'s).
 *
 * <p>Errors are {@link RepoException}s without credentials in their text: INVALID_URL,
 * INVALID_ARGUMENT (the branch is a tag or a commit, a malformed revision), UNSUPPORTED (ssh),
 * REVISION_NOT_FOUND (no such branch; {@code toRevision} not in the branch's history), LIMIT_EXCEEDED,
 * AUTHENTICATION (credentials missing, refused or read-only; the message names the
 * {@code repository-write} Secret label), CONFLICT (the branch moved meanwhile), TRANSPORT.
 *
 * <p>Threading: thread-safe; calls share nothing but the root directory and may run in parallel. Two
 * reverts of one branch racing each other: the server takes the first push, the second gets CONFLICT.
 */
public final class GitReverter {

    /**
     * @param timeout    network I/O timeout of each of the three requests (whole seconds)
     * @param maxCommits most commits one revert may undo; a longer range is refused with LIMIT_EXCEEDED
     */
    public record Settings(Duration timeout, int maxCommits) {
        public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(90), 1000);

        public Settings {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            if (maxCommits < 1) {
                throw new IllegalArgumentException("maxCommits must be at least 1: " + maxCommits);
            }
        }
    }

    /** What to tell a user whose credentials cannot push. */
    static final String WRITE_SECRET = "a Secret labelled " + CredentialsResolver.SECRET_TYPE_LABEL + ": "
            + CredentialsResolver.TYPE_REPOSITORY_WRITE + " whose url is this repository";

    private static final String WORK_PREFIX = "revert-";
    private static final int MAX_MESSAGE_CHARS = 8192;
    private static final Pattern SHA_LIKE = Pattern.compile("[0-9a-fA-F]{7,40}");
    private static final PersonIdent DEFAULT_AUTHOR = new PersonIdent("Sextant", "sextant@localhost");

    private final Path root;
    private final Settings settings;
    private final Runnable beforePush;

    public GitReverter(Path root) {
        this(root, Settings.DEFAULTS);
    }

    public GitReverter(Path root, Settings settings) {
        this(root, settings, () -> {});
    }

    /** For tests: {@code beforePush} runs after the revert commit is made and before it is pushed. */
    GitReverter(Path root, Settings settings, Runnable beforePush) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        this.settings = Objects.requireNonNull(settings, "settings");
        this.beforePush = Objects.requireNonNull(beforePush, "beforePush");
        deleteLeftovers();
    }

    /**
     * Makes {@code branch} of {@code url} hold the files of {@code toRevision} again, by pushing one revert
     * commit; does nothing when the branch head is {@code toRevision} or already has its files.
     *
     * @param branch           a branch of the repository ({@code stage} or {@code refs/heads/stage}); empty
     *                         or {@code HEAD} means the server's default branch. Tags and SHAs are refused.
     * @param toRevision       the commit to go back to: a full or abbreviated (7+) SHA, or a tag, that is in
     *                         the branch's history
     * @param writeCredentials credentials allowed to push (see {@link CredentialsResolver#forWriteUrl}); null
     *                         for anonymous
     * @param author           author and committer of the revert commit, as given (its time is used); null
     *                         for "Sextant"
     * @param message          the commit message's subject (and optional body); null or blank for
     *                         "Revert &lt;branch&gt; to &lt;short SHA&gt;". The list of reverted commits is
     *                         always appended.
     * @throws RepoException as listed on the class; when it is thrown, nothing was pushed
     */
    public RevertResult revert(
            String url,
            String branch,
            String toRevision,
            Credentials writeCredentials,
            PersonIdent author,
            String message) {
        RepoUrls.Kind kind = RepoUrls.validate(url);
        String shown = Redactor.redact(url);
        if (kind == RepoUrls.Kind.SSH) {
            throw new RepoException(
                    Reason.UNSUPPORTED,
                    "cannot revert on " + shown
                            + ": ssh and scp-like URLs are not supported yet; use the repository's https URL with a "
                            + "username and token in " + WRITE_SECRET);
        }
        Revisions.validate(branch);
        if (toRevision == null || toRevision.isBlank() || toRevision.equals(Constants.HEAD)) {
            throw new RepoException(
                    Reason.INVALID_ARGUMENT,
                    "a revert needs the revision to go back to: a commit SHA from the Application's history");
        }
        Revisions.validate(toRevision);
        CredentialsProvider provider = OriginCredentials.of(kind, writeCredentials, url);
        Path work = createWorkDir();
        try (Git git = Git.init().setBare(true).setDirectory(work.toFile()).call()) {
            // A throw-away repository: JGit's automatic gc after the fetch would only race the cleanup below.
            var config = git.getRepository().getConfig();
            config.setInt("gc", null, "auto", 0);
            try {
                config.save();
            } catch (IOException e) {
                // the in-memory setting still applies to this process
            }
            return revertIn(
                    git,
                    new Target(url, shown, writeCredentials, provider),
                    branch,
                    toRevision,
                    author == null ? DEFAULT_AUTHOR : author,
                    message);
        } catch (GitAPIException e) {
            throw new RepoException(
                    Reason.TRANSPORT,
                    "cannot revert on " + shown + ": cannot set up a work " + "repository: "
                            + Redactor.redact(e.getMessage(), writeCredentials),
                    Redactor.scrub(e, writeCredentials));
        } finally {
            deleteTree(work);
        }
    }

    /** The remote of one call: its URL, its redacted form and how to authenticate to it. */
    private record Target(String url, String shown, Credentials credentials, CredentialsProvider provider) {}

    private RevertResult revertIn(
            Git git, Target target, String branch, String toRevision, PersonIdent author, String message) {
        Repository repo = git.getRepository();
        Map<String, Ref> advertised = listRemote(git, target);
        String branchRef = branchRef(branch, advertised, target.shown);
        String branchName = Repository.shortenRefName(branchRef);
        fetch(git, target, fetchSpecs(branchRef, toRevision, advertised));
        try (RevWalk walk = new RevWalk(repo);
                ObjectInserter inserter = repo.newObjectInserter()) {
            Ref fetched = repo.exactRef(branchRef);
            if (fetched == null || fetched.getObjectId() == null) {
                throw new RepoException(
                        Reason.TRANSPORT,
                        "cannot revert on " + target.shown + ": branch '" + branchName
                                + "' was not fetched; try again");
            }
            RevCommit head = walk.parseCommit(fetched.getObjectId());
            RevCommit to = walk.parseCommit(resolveTarget(repo, toRevision, branchName, target.shown));
            if (!walk.isMergedInto(to, head)) {
                throw notInHistory(toRevision, branchName, target.shown);
            }
            if (to.equals(head) || to.getTree().equals(head.getTree())) {
                return new RevertResult(target.shown, branchRef, head.name(), head.name(), to.name(), List.of());
            }
            List<RevCommit> reverted = range(walk, head, to, branchName);
            ObjectId commit = inserter.insert(
                    revertCommit(head, to, reverted, author, commitMessage(message, branchName, to, reverted)));
            inserter.flush();
            moveLocalBranch(repo, branchRef, head, commit);
            beforePush.run();
            push(git, target, branchRef, head);
            return new RevertResult(
                    target.shown,
                    branchRef,
                    head.name(),
                    commit.name(),
                    to.name(),
                    reverted.stream().map(RevCommit::name).toList());
        } catch (IOException e) {
            throw new RepoException(
                    Reason.TRANSPORT,
                    "cannot revert on " + target.shown + ": " + Redactor.redact(e.getMessage(), target.credentials),
                    Redactor.scrub(e, target.credentials));
        }
    }

    private Map<String, Ref> listRemote(Git git, Target target) {
        try {
            return git.lsRemote()
                    .setRemote(target.url)
                    .setCredentialsProvider(target.provider)
                    .setTimeout(timeoutSeconds())
                    .callAsMap();
        } catch (TransportException e) {
            throw WriteErrors.transport("read", target.shown, e, target.credentials);
        } catch (GitAPIException | RuntimeException e) {
            throw WriteErrors.other("read", target.shown, e, target.credentials);
        }
    }

    /** The full ref name of {@code branch}, which must be a branch the server advertises. */
    static String branchRef(String branch, Map<String, Ref> advertised, String shown) {
        String wanted = branch == null ? "" : branch;
        if (wanted.isEmpty() || wanted.equals(Constants.HEAD)) {
            Ref head = advertised.get(Constants.HEAD);
            if (head == null
                    || !head.isSymbolic()
                    || !head.getTarget().getName().startsWith(Constants.R_HEADS)) {
                throw new RepoException(
                        Reason.INVALID_ARGUMENT,
                        "revert needs a branch; " + shown + " does not say which branch HEAD is, so name the branch");
            }
            return head.getTarget().getName();
        }
        String shownBranch = Redactor.printable(wanted);
        String ref = wanted.startsWith(Constants.R_REFS) ? wanted : Constants.R_HEADS + wanted;
        if (ref.startsWith(Constants.R_HEADS) && advertised.containsKey(ref)) {
            return ref;
        }
        String tag = wanted.startsWith(Constants.R_TAGS) ? wanted : Constants.R_TAGS + wanted;
        if (advertised.containsKey(tag)) {
            throw new RepoException(
                    Reason.INVALID_ARGUMENT,
                    "revert needs a branch; '" + shownBranch
                            + "' is a tag of " + shown
                            + ", and a revert commit can only be pushed to a branch. Point the "
                            + "Application at a branch to roll back in Git, or roll back without Git");
        }
        if (SHA_LIKE.matcher(wanted).matches()) {
            throw new RepoException(
                    Reason.INVALID_ARGUMENT,
                    "revert needs a branch; '" + shownBranch
                            + "' is a commit SHA, and a revert commit can only be pushed to a branch. Point the "
                            + "Application at a branch to roll back in Git, or roll back without Git");
        }
        if (!ref.startsWith(Constants.R_HEADS)) {
            throw new RepoException(
                    Reason.INVALID_ARGUMENT,
                    "revert needs a branch; '" + shownBranch + "' is not a branch name (refs/heads/...)");
        }
        throw new RepoException(
                Reason.REVISION_NOT_FOUND, "revert needs a branch; " + shown + " has no branch '" + shownBranch + "'");
    }

    /** The branch, plus the branch or tag {@code toRevision} names if it names one (not needed for a SHA). */
    private static List<String> fetchSpecs(String branchRef, String toRevision, Map<String, Ref> advertised) {
        Set<String> refs = new LinkedHashSet<>();
        refs.add(branchRef);
        List<String> candidates = toRevision.startsWith(Constants.R_REFS)
                ? List.of(toRevision)
                : List.of(Constants.R_HEADS + toRevision, Constants.R_TAGS + toRevision);
        for (String candidate : candidates) {
            if (advertised.containsKey(candidate)) {
                refs.add(candidate);
                break;
            }
        }
        return refs.stream().map(ref -> "+" + ref + ":" + ref).toList();
    }

    private void fetch(Git git, Target target, List<String> specs) {
        try {
            git.fetch()
                    .setRemote(target.url)
                    .setRefSpecs(specs.toArray(String[]::new))
                    .setTagOpt(TagOpt.NO_TAGS)
                    .setCredentialsProvider(target.provider)
                    .setTimeout(timeoutSeconds())
                    .call();
        } catch (TransportException e) {
            throw WriteErrors.transport("read", target.shown, e, target.credentials);
        } catch (GitAPIException | RuntimeException e) {
            throw WriteErrors.other("read", target.shown, e, target.credentials);
        }
    }

    private static ObjectId resolveTarget(Repository repo, String toRevision, String branchName, String shown) {
        try {
            return ObjectId.fromString(Revisions.resolve(repo, toRevision, shown));
        } catch (RepoException e) {
            if (e.reason() == Reason.REVISION_NOT_FOUND) {
                throw notInHistory(toRevision, branchName, shown);
            }
            throw e;
        }
    }

    private static RepoException notInHistory(String toRevision, String branchName, String shown) {
        return new RepoException(
                Reason.REVISION_NOT_FOUND,
                "cannot revert branch '" + Redactor.printable(branchName)
                        + "' of " + shown + " to '" + Redactor.printable(toRevision) + "': it is not in the branch's "
                        + "history. A revert goes back to an earlier commit of the same branch; pick a revision from "
                        + "the Application's history");
    }

    /** The commits in {@code to..head}, newest first, as {@code git rev-list} would list them. */
    private List<RevCommit> range(RevWalk walk, RevCommit head, RevCommit to, String branchName) throws IOException {
        walk.reset();
        walk.sort(RevSort.TOPO, true);
        walk.sort(RevSort.COMMIT_TIME_DESC, true);
        walk.markStart(head);
        walk.markUninteresting(to);
        List<RevCommit> commits = new ArrayList<>();
        for (RevCommit commit : walk) {
            if (commits.size() == settings.maxCommits()) {
                throw new RepoException(
                        Reason.LIMIT_EXCEEDED,
                        "cannot revert branch '"
                                + Redactor.printable(branchName) + "' to " + to.name() + ": that would undo more than "
                                + settings.maxCommits() + " commits; pick a later revision");
            }
            commits.add(commit);
        }
        return commits;
    }

    private static CommitBuilder revertCommit(
            RevCommit head, RevCommit to, List<RevCommit> reverted, PersonIdent author, String message) {
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(to.getTree());
        commit.setParentId(head);
        commit.setAuthor(author);
        commit.setCommitter(author);
        commit.setMessage(message);
        return commit;
    }

    /**
     * The subject (the caller's message, or "Revert stage to 1a2b3c4"), then one line naming the restored
     * commit and one {@code This reverts commit <sha>.} line per undone commit, the phrase git itself and
     * the forges recognise.
     */
    static String commitMessage(String message, String branchName, RevCommit to, List<RevCommit> reverted) {
        String given = message == null ? "" : clean(message).strip();
        StringBuilder text = new StringBuilder();
        text.append(
                given.isEmpty()
                        ? "Revert " + branchName + " to " + to.abbreviate(7).name()
                        : given);
        text.append("\n\nRestores the files of commit ").append(to.name()).append(".\n");
        for (RevCommit commit : reverted) {
            text.append("This reverts commit ").append(commit.name()).append(".\n");
        }
        return text.toString();
    }

    /** Control characters other than newline and tab out, length bounded: the message may come from a user. */
    private static String clean(String message) {
        String bounded = message.length() > MAX_MESSAGE_CHARS ? message.substring(0, MAX_MESSAGE_CHARS) : message;
        StringBuilder out = new StringBuilder(bounded.length());
        bounded.codePoints()
                .filter(c -> c == '\n' || c == '\t' || !Character.isISOControl(c))
                .forEach(out::appendCodePoint);
        return out.toString();
    }

    private static void moveLocalBranch(Repository repo, String branchRef, ObjectId head, ObjectId commit)
            throws IOException {
        RefUpdate update = repo.updateRef(branchRef);
        update.setExpectedOldObjectId(head);
        update.setNewObjectId(commit);
        RefUpdate.Result result = update.update();
        if (result != RefUpdate.Result.FAST_FORWARD && result != RefUpdate.Result.NEW) {
            throw new IOException("cannot move the work repository's " + branchRef + ": " + result);
        }
    }

    /** Pushes {@code branchRef} without force, and only if the server's branch is still {@code head}. */
    private void push(Git git, Target target, String branchRef, ObjectId head) {
        Iterable<PushResult> results;
        try {
            results = git.push()
                    .setRemote(target.url)
                    .setCredentialsProvider(target.provider)
                    .setRefSpecs(new RefSpec(branchRef + ":" + branchRef))
                    .setRefLeaseSpecs(new RefLeaseSpec(branchRef, head.name()))
                    .setForce(false)
                    .setTimeout(timeoutSeconds())
                    .call();
        } catch (TransportException e) {
            throw WriteErrors.transport("write", target.shown, e, target.credentials);
        } catch (GitAPIException | RuntimeException e) {
            throw WriteErrors.other("write", target.shown, e, target.credentials);
        }
        String branchName = Repository.shortenRefName(branchRef);
        boolean seen = false;
        for (PushResult result : results) {
            RemoteRefUpdate update = result.getRemoteUpdate(branchRef);
            if (update != null) {
                seen = true;
                WriteErrors.checkPushed(update, target.shown, branchName, target.credentials);
            }
        }
        if (!seen) {
            throw new RepoException(
                    Reason.TRANSPORT,
                    "cannot revert on " + target.shown + ": the server did not " + "report on the push to '"
                            + branchName + "'; check the branch before trying again");
        }
    }

    private int timeoutSeconds() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, settings.timeout().toSeconds()));
    }

    private Path createWorkDir() {
        try {
            Files.createDirectories(root);
            return Files.createTempDirectory(root, WORK_PREFIX);
        } catch (IOException e) {
            throw new RepoException(
                    Reason.TRANSPORT,
                    "cannot create a work directory for a revert under " + root + ": " + e.getMessage(),
                    e);
        }
    }

    private void deleteLeftovers() {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> entries = Files.list(root)) {
            entries.filter(p -> p.getFileName().toString().startsWith(WORK_PREFIX))
                    .forEach(GitReverter::deleteTree);
        } catch (IOException e) {
            // leftovers only cost disk space; the next start tries again
        }
    }

    private static void deleteTree(Path dir) {
        // A few tries: a file can vanish (or appear) under the walk while JGit finishes with a lock file.
        for (int attempt = 0; attempt < 5 && Files.exists(dir); attempt++) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                // try again; a work directory left behind is deleted by the next reverter built on this root
            }
            if (Files.exists(dir)) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
