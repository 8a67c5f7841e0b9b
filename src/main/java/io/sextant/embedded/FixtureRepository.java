package io.sextant.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * The workshop's kubercoins repository, served by a {@link GitHttpServer} and changed the way the workshop
 * changes it.
 *
 * <p>Building writes the commits straight into the server's bare repository: {@code master}, {@code prod}
 * and {@code stage} share one commit holding {@code plain/} at the repository root, {@code helm} holds
 * {@code helm/} ({@code generic-service/}, {@code values/}), {@code kustomize} holds {@code kustomize/};
 * HEAD is {@code master}. These commits have a fixed author and date, so their SHAs are stable. A branch
 * that already exists is left as it is, so building twice is harmless.
 *
 * <p>Changes ({@link #replaceInFile}, {@link #writeFile}, {@link #revertHead}) go through a JGit working
 * clone that fetches from and pushes to {@link #url()} over HTTP, like a person with a laptop: each one
 * fetches first (so pushes made by others are built upon) and shows in the server's request counts.
 *
 * <p>Threading: the change methods are synchronized; reads ({@link #headOf}) may run at any time.
 * {@link #close()} deletes the working clone, not the served repository.
 */
public final class FixtureRepository implements AutoCloseable {

    public static final String NAME = "kubercoins";
    /** The folder, relative to the project directory, that holds plain/, helm/ and kustomize/. */
    public static final String FIXTURE_DIR = "testbed/fixtures/kubercoins";

    public static final List<String> BRANCHES = List.of("master", "prod", "stage", "helm", "kustomize");

    private static final PersonIdent FIXTURE_AUTHOR = new PersonIdent(
            "Sextant Fixtures", "fixtures@sextant.invalid", Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC);

    private final GitHttpServer server;
    private final String name;
    private final Path bareDir;
    private final CredentialsProvider credentials;
    private Path workDir;
    private Git work;

    private FixtureRepository(GitHttpServer server, String name, Path bareDir, CredentialsProvider credentials) {
        this.server = server;
        this.name = name;
        this.bareDir = bareDir;
        this.credentials = credentials;
    }

    /** Builds and serves {@code kubercoins.git} anonymously from the fixture folder found by {@link #locateFixtures()}. */
    public static FixtureRepository create(GitHttpServer server) {
        return create(server, NAME, locateFixtures(), null, null);
    }

    /**
     * Builds repository {@code name} from {@code fixtures} (a folder with plain/, helm/ and kustomize/) and
     * serves it: anonymously when {@code username} is null, else behind basic auth with these credentials.
     */
    public static FixtureRepository create(
            GitHttpServer server, String name, Path fixtures, String username, String password) {
        Path bare = username == null ? server.addAnonymous(name) : server.addProtected(name, username, password);
        try {
            build(bare, fixtures);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build repository " + name + " from " + fixtures, e);
        }
        CredentialsProvider credentials =
                username == null ? null : new UsernamePasswordCredentialsProvider(username, password);
        return new FixtureRepository(server, name, bare, credentials);
    }

    /**
     * Finds {@value #FIXTURE_DIR}: under the directory named by system property {@code project.root}
     * (Maven sets it in tests), else under the working directory or one of its parents.
     */
    public static Path locateFixtures() {
        String configured = System.getProperty("project.root");
        if (configured != null && !configured.isBlank()) {
            Path candidate = Paths.get(configured).resolve(FIXTURE_DIR);
            if (Files.isDirectory(candidate.resolve("plain"))) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(FIXTURE_DIR);
            if (Files.isDirectory(candidate.resolve("plain"))) {
                return candidate.normalize();
            }
        }
        throw new IllegalStateException("cannot find " + FIXTURE_DIR + " under project.root (" + configured
                + ") or the working directory " + Paths.get("").toAbsolutePath() + " and its parents");
    }

    /** {@code http://127.0.0.1:<port>/<name>.git}, without credentials. */
    public String url() {
        return server.url(name);
    }

    public String name() {
        return name;
    }

    /** The served bare repository's directory. */
    public Path bareDir() {
        return bareDir;
    }

    /** The commit SHA that {@code branch} points at on the server now. */
    public String headOf(String branch) {
        try (Repository repo = openBare()) {
            Ref ref = repo.exactRef(Constants.R_HEADS + branch);
            if (ref == null) {
                throw new IllegalArgumentException("no branch " + branch + " in " + name);
            }
            return ref.getObjectId().name();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Replaces every {@code from} with {@code to} in {@code file} on {@code branch}, commits and pushes, like
     * editing line 18 of worker-deployment.yaml in the workshop.
     *
     * @return the new commit's SHA, now the branch's head on the server
     * @throws IllegalArgumentException when the file does not contain {@code from}
     */
    public synchronized String replaceInFile(String branch, String file, String from, String to, String message) {
        return change(branch, message, () -> {
            Path path = fileIn(file);
            String text = Files.readString(path, StandardCharsets.UTF_8);
            if (!text.contains(from)) {
                throw new IllegalArgumentException(file + " on " + branch + " does not contain " + from);
            }
            Files.writeString(path, text.replace(from, to), StandardCharsets.UTF_8);
            work.add().addFilepattern(file).call();
            return commit(message);
        });
    }

    /** Writes {@code content} to {@code file} on {@code branch} (creating it if needed), commits and pushes. */
    public synchronized String writeFile(String branch, String file, String content, String message) {
        return change(branch, message, () -> {
            Path path = fileIn(file);
            Files.createDirectories(path.getParent());
            Files.writeString(path, content, StandardCharsets.UTF_8);
            work.add().addFilepattern(file).call();
            return commit(message);
        });
    }

    /** What {@code git revert HEAD && git push} does on {@code branch}. @return the revert commit's SHA */
    public synchronized String revertHead(String branch) {
        return change(branch, "revert", () -> {
            Repository repo = work.getRepository();
            RevCommit head = repo.parseCommit(repo.resolve(Constants.HEAD));
            RevCommit reverted = work.revert().include(head).call();
            if (reverted == null) {
                throw new IllegalStateException("git revert of " + head.name() + " on " + branch + " conflicts");
            }
            return reverted;
        });
    }

    @Override
    public synchronized void close() {
        if (work != null) {
            work.close();
            work = null;
        }
        if (workDir != null) {
            deleteTree(workDir);
            workDir = null;
        }
    }

    private interface Edit {
        RevCommit apply() throws IOException, GitAPIException;
    }

    private String change(String branch, String what, Edit edit) {
        try {
            checkout(branch);
            RevCommit commit = edit.apply();
            Iterable<PushResult> results = work.push()
                    .setRemote("origin")
                    .setCredentialsProvider(credentials)
                    .setRefSpecs(new RefSpec(Constants.R_HEADS + branch + ":" + Constants.R_HEADS + branch))
                    .call();
            for (PushResult result : results) {
                for (RemoteRefUpdate update : result.getRemoteUpdates()) {
                    if (update.getStatus() != RemoteRefUpdate.Status.OK
                            && update.getStatus() != RemoteRefUpdate.Status.UP_TO_DATE) {
                        throw new IllegalStateException("push of " + branch + " to " + url() + " was refused: "
                                + update.getStatus() + " " + update.getMessage());
                    }
                }
            }
            return commit.name();
        } catch (IOException e) {
            throw new UncheckedIOException(what + " on " + branch + " failed", e);
        } catch (GitAPIException e) {
            throw new IllegalStateException(what + " on " + branch + " failed: " + e.getMessage(), e);
        }
    }

    /** Clones once, then fetches and puts the working tree exactly at the server's {@code branch}. */
    private void checkout(String branch) throws IOException, GitAPIException {
        if (work == null) {
            workDir = Files.createTempDirectory("sextant-fixture-" + name + "-");
            work = Git.cloneRepository()
                    .setURI(url())
                    .setDirectory(workDir.toFile())
                    .setCredentialsProvider(credentials)
                    .setNoCheckout(true)
                    .call();
            StoredConfig config = work.getRepository().getConfig();
            config.setString("user", null, "name", FIXTURE_AUTHOR.getName());
            config.setString("user", null, "email", FIXTURE_AUTHOR.getEmailAddress());
            config.setBoolean("commit", null, "gpgsign", false);
            config.save();
        } else {
            work.fetch()
                    .setRemote("origin")
                    .setCredentialsProvider(credentials)
                    .setRemoveDeletedRefs(true)
                    .call();
        }
        Repository repo = work.getRepository();
        String remote = Constants.R_REMOTES + "origin/" + branch;
        if (repo.exactRef(remote) == null) {
            throw new IllegalArgumentException("no branch " + branch + " in " + url());
        }
        boolean exists = repo.exactRef(Constants.R_HEADS + branch) != null;
        if (exists) {
            work.checkout().setName(branch).setForced(true).call();
        } else {
            work.checkout()
                    .setName(branch)
                    .setCreateBranch(true)
                    .setStartPoint(remote)
                    .setForced(true)
                    .call();
        }
        work.reset().setMode(ResetCommand.ResetType.HARD).setRef(remote).call();
    }

    private RevCommit commit(String message) throws GitAPIException {
        PersonIdent now = new PersonIdent(FIXTURE_AUTHOR, Instant.now());
        return work.commit()
                .setMessage(message)
                .setAuthor(now)
                .setCommitter(now)
                .setSign(false)
                .call();
    }

    private Path fileIn(String file) {
        Path tree = workDir.toAbsolutePath().normalize();
        Path path = tree.resolve(file).normalize();
        if (file.isEmpty()
                || Paths.get(file).isAbsolute()
                || file.contains("..")
                || !path.startsWith(tree)
                || path.equals(tree)
                || path.startsWith(tree.resolve(Constants.DOT_GIT))) {
            throw new IllegalArgumentException("not a file path inside the repository: " + file);
        }
        return path;
    }

    private Repository openBare() throws IOException {
        return new FileRepositoryBuilder()
                .setGitDir(bareDir.toFile())
                .setMustExist(true)
                .build();
    }

    private static void build(Path bare, Path fixtures) throws IOException {
        Map<String, String> folderOf = new LinkedHashMap<>();
        folderOf.put("master", "plain");
        folderOf.put("prod", "plain");
        folderOf.put("stage", "plain");
        folderOf.put("helm", "helm");
        folderOf.put("kustomize", "kustomize");
        try (Repository repo = new FileRepositoryBuilder()
                        .setGitDir(bare.toFile())
                        .setMustExist(true)
                        .build();
                ObjectInserter inserter = repo.newObjectInserter()) {
            Map<String, ObjectId> commitOf = new LinkedHashMap<>();
            for (Map.Entry<String, String> branch : folderOf.entrySet()) {
                if (repo.exactRef(Constants.R_HEADS + branch.getKey()) != null) {
                    continue;
                }
                ObjectId commit = commitOf.get(branch.getValue());
                if (commit == null) {
                    commit = commitFolder(
                            inserter,
                            fixtures.resolve(branch.getValue()),
                            "kubercoins: " + branch.getValue() + " manifests from the GitOps workshop\n");
                    commitOf.put(branch.getValue(), commit);
                }
                inserter.flush();
                RefUpdate update = repo.updateRef(Constants.R_HEADS + branch.getKey());
                update.setNewObjectId(commit);
                update.setExpectedOldObjectId(ObjectId.zeroId());
                RefUpdate.Result result = update.update();
                if (result != RefUpdate.Result.NEW) {
                    throw new IOException("cannot create branch " + branch.getKey() + ": " + result);
                }
            }
            RefUpdate head = repo.updateRef(Constants.HEAD);
            head.link(Constants.R_HEADS + "master");
        }
    }

    /** One root commit whose tree is exactly the files under {@code folder}. */
    private static ObjectId commitFolder(ObjectInserter inserter, Path folder, String message) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException("fixture folder missing: " + folder);
        }
        DirCache index = DirCache.newInCore();
        DirCacheBuilder builder = index.builder();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                String relative = folder.relativize(file).toString().replace('\\', '/');
                DirCacheEntry entry = new DirCacheEntry(relative);
                // Always 644: file modes differ between checkouts of this tree, and the SHAs must not.
                entry.setFileMode(FileMode.REGULAR_FILE);
                entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, Files.readAllBytes(file)));
                builder.add(entry);
            }
        }
        builder.finish();
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(index.writeTree(inserter));
        commit.setAuthor(FIXTURE_AUTHOR);
        commit.setCommitter(FIXTURE_AUTHOR);
        commit.setMessage(message);
        return inserter.insert(commit);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
