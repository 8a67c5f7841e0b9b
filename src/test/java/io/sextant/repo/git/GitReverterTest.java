package io.sextant.repo.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.embedded.FixtureRepository;
import io.sextant.embedded.GitHttpServer;
import io.sextant.repo.RepoException;
import io.sextant.repo.RepoException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeCommand;
import org.eclipse.jgit.api.MergeResult;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workshop's rollback ({@code git checkout stage && git revert HEAD && git push origin stage}) as
 * Sextant does it, against the real git smart-HTTP server and the kubercoins repository behind basic auth.
 */
class GitReverterTest {

    static final String USER = "deployer";
    static final String PASSWORD = "push-token-4f9c2e";
    static final String WORKER = "worker-deployment.yaml";
    static final String WEBUI = "webui-deployment.yaml";
    static final PersonIdent ALICE = new PersonIdent("Alice Admin", "alice@example.com");

    @TempDir
    Path tmp;

    GitHttpServer server;
    FixtureRepository kubercoins;
    GitReverter reverter;
    Path workRoot;
    String url;
    Credentials write;

    @BeforeEach
    void start() throws IOException {
        server = GitHttpServer.start(tmp.resolve("served"), 0);
        kubercoins = FixtureRepository.create(
                server, FixtureRepository.NAME, FixtureRepository.locateFixtures(), USER, PASSWORD);
        workRoot = tmp.resolve("reverts");
        reverter = new GitReverter(workRoot);
        url = kubercoins.url();
        write = Credentials.basic(USER, PASSWORD);
    }

    @AfterEach
    void stop() {
        kubercoins.close();
        server.close();
    }

    @Test
    void revertsTheWorkerBumpOnStageAndPushesOneRevertCommit() throws IOException {
        String base = kubercoins.headOf("stage");
        String bump = kubercoins.replaceInFile("stage", WORKER, "worker:v0.1", "worker:v0.3", "worker v0.3");
        String prod = kubercoins.headOf("prod");

        RevertResult result = reverter.revert(url, "stage", base, write, ALICE, null);

        assertThat(result.pushed()).isTrue();
        assertThat(result.branch()).isEqualTo("refs/heads/stage");
        assertThat(result.previousHead()).isEqualTo(bump);
        assertThat(result.restoredRevision()).isEqualTo(base);
        assertThat(result.revertedCommits()).containsExactly(bump);
        assertThat(result.newHead()).isEqualTo(kubercoins.headOf("stage")).isNotIn(base, bump);
        assertThat(fileAt(result.newHead(), WORKER))
                .contains("image: dockercoins/worker:v0.1")
                .doesNotContain("v0.3");

        RevCommit revert = commit(result.newHead());
        assertThat(revert.getParents()).extracting(RevCommit::name).containsExactly(bump);
        assertThat(revert.getTree().name()).isEqualTo(commit(base).getTree().name());
        assertThat(revert.getShortMessage()).isEqualTo("Revert stage to " + base.substring(0, 7));
        assertThat(revert.getFullMessage())
                .contains("This reverts commit " + bump + ".")
                .contains("Restores the files of commit " + base + ".");
        assertThat(revert.getAuthorIdent().getName()).isEqualTo("Alice Admin");
        assertThat(revert.getCommitterIdent().getEmailAddress()).isEqualTo("alice@example.com");
        assertThat(kubercoins.headOf("prod")).as("other branches untouched").isEqualTo(prod);
        assertNoWorkLeft();
    }

    @Test
    void revertsSeveralCommitsNewestFirstEvenWhenTheyChangeTheSameLine() throws IOException {
        String base = kubercoins.headOf("stage");
        String first = kubercoins.replaceInFile("stage", WORKER, "worker:v0.1", "worker:v0.2", "worker v0.2");
        String second = kubercoins.replaceInFile("stage", WORKER, "worker:v0.2", "worker:v0.3", "worker v0.3");
        String third = kubercoins.replaceInFile("stage", WEBUI, "webui:v0.1", "webui:v0.2", "webui v0.2");

        RevertResult back = reverter.revert(
                url,
                "stage",
                first.substring(0, 10),
                write,
                ALICE,
                "Roll back kubercoins-stage\n\nRequested from the history page.");

        assertThat(back.restoredRevision()).as("abbreviated SHA resolved").isEqualTo(first);
        assertThat(back.revertedCommits()).containsExactly(third, second);
        assertThat(fileAt(kubercoins.headOf("stage"), WORKER)).contains("worker:v0.2");
        assertThat(fileAt(kubercoins.headOf("stage"), WEBUI)).contains("webui:v0.1");
        RevCommit revert = commit(back.newHead());
        assertThat(revert.getShortMessage()).isEqualTo("Roll back kubercoins-stage");
        assertThat(revert.getFullMessage())
                .contains("Requested from the history page.")
                .containsSubsequence("This reverts commit " + third + ".", "This reverts commit " + second + ".")
                .doesNotContain("This reverts commit " + first);

        RevertResult all = reverter.revert(url, "stage", base, write, ALICE, null);

        assertThat(all.revertedCommits()).containsExactly(back.newHead(), third, second, first);
        assertThat(fileAt(all.newHead(), WORKER)).contains("worker:v0.1");
        assertThat(commit(all.newHead()).getTree().name())
                .isEqualTo(commit(base).getTree().name());
        assertNoWorkLeft();
    }

    @Test
    void nothingToDoWhenTheTargetIsTheHeadOrAlreadyHasTheSameFiles() {
        String base = kubercoins.headOf("stage");
        long pushes = server.requests(FixtureRepository.NAME).receivePack();

        RevertResult same = reverter.revert(url, "stage", base, write, ALICE, null);

        assertThat(same.pushed()).isFalse();
        assertThat(same.newHead()).isEqualTo(same.previousHead()).isEqualTo(base);
        assertThat(same.revertedCommits()).isEmpty();
        assertThat(server.requests(FixtureRepository.NAME).receivePack())
                .as("no push")
                .isEqualTo(pushes);

        kubercoins.replaceInFile("stage", WORKER, "worker:v0.1", "worker:v0.3", "worker v0.3");
        String undone = kubercoins.revertHead("stage"); // someone already ran git revert HEAD by hand
        pushes = server.requests(FixtureRepository.NAME).receivePack();

        RevertResult already = reverter.revert(url, "stage", base, write, ALICE, null);

        assertThat(already.pushed()).isFalse();
        assertThat(already.newHead()).isEqualTo(undone);
        assertThat(kubercoins.headOf("stage")).isEqualTo(undone);
        assertThat(server.requests(FixtureRepository.NAME).receivePack())
                .as("no push")
                .isEqualTo(pushes);
        assertNoWorkLeft();
    }

    @Test
    void emptyOrHeadBranchMeansTheDefaultBranchAndATagCanBeTheTarget() throws IOException {
        String base = kubercoins.headOf("master");
        tag("v1.0", base);
        kubercoins.replaceInFile("master", WORKER, "worker:v0.1", "worker:v0.9", "worker v0.9");

        RevertResult result = reverter.revert(url, "HEAD", "v1.0", write, null, "");

        assertThat(result.branch()).isEqualTo("refs/heads/master");
        assertThat(result.restoredRevision()).isEqualTo(base);
        assertThat(kubercoins.headOf("master")).isEqualTo(result.newHead());
        assertThat(fileAt(result.newHead(), WORKER)).contains("worker:v0.1");
        assertThat(commit(result.newHead()).getShortMessage()).isEqualTo("Revert master to " + base.substring(0, 7));
        assertThat(commit(result.newHead()).getAuthorIdent().getName()).isEqualTo("Sextant");
    }

    @Test
    void refusesATagACommitOrAMissingBranch() throws IOException {
        String base = kubercoins.headOf("stage");
        tag("v1.0", base);
        kubercoins.replaceInFile("stage", WORKER, "worker:v0.1", "worker:v0.3", "worker v0.3");
        String head = kubercoins.headOf("stage");

        assertThatThrownBy(() -> reverter.revert(url, "v1.0", base, write, ALICE, null))
                .isInstanceOfSatisfying(
                        RepoException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT))
                .hasMessageContaining("revert needs a branch; 'v1.0' is a tag");
        assertThatThrownBy(() -> reverter.revert(url, "refs/tags/v1.0", base, write, ALICE, null))
                .isInstanceOfSatisfying(
                        RepoException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT))
                .hasMessageContaining("is a tag");
        assertThatThrownBy(() -> reverter.revert(url, head, base, write, ALICE, null))
                .isInstanceOfSatisfying(
                        RepoException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT))
                .hasMessageContaining("revert needs a branch; '" + head + "' is a commit");
        assertThatThrownBy(() -> reverter.revert(url, "staging", base, write, ALICE, null))
                .isInstanceOfSatisfying(
                        RepoException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REVISION_NOT_FOUND))
                .hasMessageContaining("has no branch 'staging'");
        assertThat(kubercoins.headOf("stage")).isEqualTo(head);
        assertNoWorkLeft();
    }

    @Test
    void refusesATargetOutsideTheBranchHistory() {
        String prodChange = kubercoins.replaceInFile("prod", WORKER, "worker:v0.1", "worker:v0.2", "prod worker v0.2");
        String stageHead = kubercoins.replaceInFile("stage", WORKER, "worker:v0.1", "worker:v0.3", "worker v0.3");
        long pushes = server.requests(FixtureRepository.NAME).receivePack();

        for (String target : List.of(prodChange, kubercoins.headOf("helm"), "prod", "abcdef12345")) {
            assertThatThrownBy(() -> reverter.revert(url, "stage", target, write, ALICE, null))
                    .as(target)
                    .isInstanceOfSatisfying(
                            RepoException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REVISION_NOT_FOUND))
                    .hasMessageContaining("cannot revert branch 'stage'")
                    .hasMessageContaining("it is not in the branch's history");
        }
        assertThat(kubercoins.headOf("stage")).isEqualTo(stageHead);
        assertThat(server.requests(FixtureRepository.NAME).receivePack()).isEqualTo(pushes);
        assertNoWorkLeft();
    }

    /** git revert A..B gives up on a merge commit; Sextant still restores A's files, without conflict. */
    @Test
    void restoresTheTargetAcrossAMergedFeatureBranch() throws Exception {
        String base = kubercoins.headOf("stage");
        List<String> made;
        try (Git laptop = Git.cloneRepository()
                .setURI(url)
                .setDirectory(tmp.resolve("laptop").toFile())
                .setBranch("stage")
                .setCredentialsProvider(new UsernamePasswordCredentialsProvider(USER, PASSWORD))
                .call()) {
            Path dir = tmp.resolve("laptop");
            laptop.getRepository().getConfig().setBoolean("commit", null, "gpgsign", false);
            laptop.getRepository().getConfig().save();
            laptop.checkout().setCreateBranch(true).setName("feature").call();
            edit(dir.resolve(WORKER), "worker:v0.1", "worker:v0.2");
            RevCommit side = laptop.commit()
                    .setAll(true)
                    .setMessage("feature: worker v0.2")
                    .setSign(false)
                    .call();
            laptop.checkout().setName("stage").call();
            edit(dir.resolve(WORKER), "replicas: 1", "replicas: 3");
            RevCommit main = laptop.commit()
                    .setAll(true)
                    .setMessage("scale worker")
                    .setSign(false)
                    .call();
            MergeResult merged = laptop.merge()
                    .include(side)
                    .setFastForward(MergeCommand.FastForwardMode.NO_FF)
                    .setMessage("Merge feature")
                    .call();
            assertThat(merged.getMergeStatus())
                    .as("test setup: a clean merge")
                    .isEqualTo(MergeResult.MergeStatus.MERGED);
            RevCommit merge = commitIn(laptop.getRepository(), merged.getNewHead());
            assertThat(merge.getParentCount()).isEqualTo(2);
            laptop.push()
                    .setCredentialsProvider(new UsernamePasswordCredentialsProvider(USER, PASSWORD))
                    .setRemote("origin")
                    .add("stage")
                    .call();
            made = List.of(merge.name(), main.name(), side.name());
        }
        assertThat(fileAt(kubercoins.headOf("stage"), WORKER))
                .contains("worker:v0.2")
                .contains("replicas: 3");

        RevertResult result = reverter.revert(url, "stage", base, write, ALICE, null);

        assertThat(result.revertedCommits()).containsExactlyInAnyOrderElementsOf(made);
        assertThat(result.revertedCommits().get(0)).as("the merge is newest").isEqualTo(made.get(0));
        String worker = fileAt(kubercoins.headOf("stage"), WORKER);
        assertThat(worker).contains("worker:v0.1").contains("replicas: 1");
        assertThat(commit(result.newHead()).getTree().name())
                .isEqualTo(commit(base).getTree().name());
    }

    @Test
    void wrongOrMissingCredentialsAreAnAuthenticationErrorWithoutThePassword() {
        String head = kubercoins.replaceInFile("stage", WORKER, "worker:v0.1", "worker:v0.3", "worker v0.3");
        String base = commit(head).getParent(0).name();
        String wrongPassword = "not-the-token-81d3";

        assertThatThrownBy(
                        () -> reverter.revert(url, "stage", base, Credentials.basic(USER, wrongPassword), ALICE, null))
                .isInstanceOfSatisfying(RepoException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION);
                    assertThat(e.getMessage())
                            .contains("lack write access")
                            .contains("argocd.argoproj.io/secret-type: repository-write")
                            .contains(url)
                            .doesNotContain(wrongPassword);
                    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain(wrongPassword);
                    }
                });
        assertThat(kubercoins.headOf("stage")).isEqualTo(head);

        String withUserInfo = url.replace("http://", "http://" + USER + ":" + wrongPassword + "@");
        assertThatThrownBy(() -> reverter.revert(withUserInfo, "stage", base, null, ALICE, null))
                .isInstanceOfSatisfying(
                        RepoException.class, e -> assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION))
                .hasMessageNotContaining(wrongPassword)
                .hasMessageContaining("argocd.argoproj.io/secret-type: repository-write");

        assertThatThrownBy(() -> reverter.revert(url, "stage", base, null, ALICE, null))
                .isInstanceOfSatisfying(
                        RepoException.class, e -> assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION))
                .hasMessageContaining("no write credentials are configured")
                .hasMessageContaining("argocd.argoproj.io/secret-type: repository-write");
        assertThat(kubercoins.headOf("stage")).isEqualTo(head);
        assertNoWorkLeft();
    }

    /** A server that lets the token read but refuses its push, the way a read-only deploy key or a protected branch does. */
    @Test
    void aRefusedPushSaysTheCredentialsLackWriteAccess() throws IOException {
        String head = kubercoins.replaceInFile("stage", WORKER, "worker:v0.1", "worker:v0.3", "worker v0.3");
        String base = commit(head).getParent(0).name();
        Path hook = kubercoins.bareDir().resolve("hooks/pre-receive");
        Files.createDirectories(hook.getParent());
        Files.writeString(hook, "#!/bin/sh\necho 'this token is read-only' >&2\nexit 1\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThatThrownBy(() -> reverter.revert(url, "stage", base, write, ALICE, null))
                .isInstanceOfSatisfying(
                        RepoException.class, e -> assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION))
                .hasMessageContaining("cannot revert branch 'stage'")
                .hasMessageContaining("lack write access")
                .hasMessageContaining("argocd.argoproj.io/secret-type: repository-write")
                .hasMessageNotContaining(PASSWORD);
        assertThat(kubercoins.headOf("stage")).isEqualTo(head);
        assertNoWorkLeft();
    }

    @Test
    void aBranchThatMovesBeforeThePushIsNotOverwritten() throws IOException {
        String head = kubercoins.replaceInFile("stage", WORKER, "worker:v0.1", "worker:v0.3", "worker v0.3");
        String base = commit(head).getParent(0).name();
        String[] moved = new String[1];
        GitReverter racing = new GitReverter(
                workRoot,
                GitReverter.Settings.DEFAULTS,
                () -> moved[0] =
                        kubercoins.replaceInFile("stage", WEBUI, "webui:v0.1", "webui:v0.2", "someone else pushes"));

        assertThatThrownBy(() -> racing.revert(url, "stage", base, write, ALICE, null))
                .isInstanceOfSatisfying(
                        RepoException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CONFLICT))
                .hasMessageContaining("the branch moved while reverting; try again");

        assertThat(moved[0]).isNotNull();
        assertThat(kubercoins.headOf("stage"))
                .as("their push stays, ours is not forced")
                .isEqualTo(moved[0]);
        assertThat(fileAt(moved[0], WORKER)).contains("worker:v0.3");

        RevertResult retry = reverter.revert(url, "stage", base, write, ALICE, null);
        assertThat(retry.revertedCommits()).containsExactly(moved[0], head);
        assertNoWorkLeft();
    }

    @Test
    void refusesMoreCommitsThanTheLimit() {
        String base = kubercoins.headOf("stage");
        kubercoins.replaceInFile("stage", WORKER, "worker:v0.1", "worker:v0.2", "worker v0.2");
        String head = kubercoins.replaceInFile("stage", WORKER, "worker:v0.2", "worker:v0.3", "worker v0.3");
        GitReverter small = new GitReverter(workRoot, new GitReverter.Settings(Duration.ofSeconds(30), 1));

        assertThatThrownBy(() -> small.revert(url, "stage", base, write, ALICE, null))
                .isInstanceOfSatisfying(
                        RepoException.class, e -> assertThat(e.reason()).isEqualTo(Reason.LIMIT_EXCEEDED))
                .hasMessageContaining("more than 1 commits");
        assertThat(kubercoins.headOf("stage")).isEqualTo(head);
    }

    @Test
    void refusesHostileArgumentsBeforeAnyRequest() {
        long before = server.requests(FixtureRepository.NAME).total();
        assertThatThrownBy(() -> reverter.revert("file:///etc", "stage", "abcdef1", write, ALICE, null))
                .isInstanceOfSatisfying(
                        RepoException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_URL));
        assertThatThrownBy(
                        () -> reverter.revert("git@example.com:org/repo.git", "stage", "abcdef1", write, ALICE, null))
                .isInstanceOfSatisfying(
                        RepoException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED));
        assertThatThrownBy(() -> reverter.revert(url, "--upload-pack=touch /tmp/x", "abcdef1", write, ALICE, null))
                .isInstanceOfSatisfying(
                        RepoException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT));
        assertThatThrownBy(() -> reverter.revert(url, "stage", "-x", write, ALICE, null))
                .isInstanceOfSatisfying(
                        RepoException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT));
        assertThatThrownBy(() -> reverter.revert(url, "stage", "", write, ALICE, null))
                .isInstanceOfSatisfying(
                        RepoException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT))
                .hasMessageContaining("needs the revision to go back to");
        assertThat(server.requests(FixtureRepository.NAME).total()).isEqualTo(before);
    }

    @Test
    void workDirectoriesLeftByACrashAreDeletedOnStart() throws IOException {
        Path stale = Files.createDirectories(workRoot.resolve("revert-12345/objects"));
        Path unrelated = Files.createDirectories(workRoot.resolve("keep-me"));

        new GitReverter(workRoot);

        assertThat(stale.getParent()).doesNotExist();
        assertThat(unrelated).exists();
    }

    private void assertNoWorkLeft() {
        if (!Files.exists(workRoot)) {
            return;
        }
        try (Stream<Path> entries = Files.list(workRoot)) {
            assertThat(entries)
                    .as("work directories are deleted after every revert")
                    .isEmpty();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void edit(Path file, String from, String to) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text).contains(from);
        Files.writeString(file, text.replace(from, to), StandardCharsets.UTF_8);
    }

    private void tag(String name, String sha) throws IOException {
        try (Repository repo = served()) {
            RefUpdate update = repo.updateRef(Constants.R_TAGS + name);
            update.setNewObjectId(ObjectId.fromString(sha));
            assertThat(update.update()).isEqualTo(RefUpdate.Result.NEW);
        }
    }

    private RevCommit commit(String sha) {
        try (Repository repo = served()) {
            return commitIn(repo, ObjectId.fromString(sha));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static RevCommit commitIn(Repository repo, ObjectId id) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit commit = walk.parseCommit(id);
            walk.parseBody(commit);
            for (RevCommit parent : commit.getParents()) {
                walk.parseHeaders(parent);
            }
            return commit;
        }
    }

    private String fileAt(String sha, String path) throws IOException {
        try (Repository repo = served();
                RevWalk walk = new RevWalk(repo)) {
            RevCommit commit = walk.parseCommit(ObjectId.fromString(sha));
            try (TreeWalk tree = TreeWalk.forPath(repo, path, commit.getTree())) {
                assertThat(tree).as(path + " at " + sha).isNotNull();
                return new String(repo.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    private Repository served() throws IOException {
        return new FileRepositoryBuilder()
                .setGitDir(kubercoins.bareDir().toFile())
                .setMustExist(true)
                .build();
    }
}
