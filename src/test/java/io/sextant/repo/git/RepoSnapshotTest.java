package io.sextant.repo.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.embedded.GitHttpServer;
import io.sextant.repo.RepoException;
import io.sextant.repo.RepoException.Reason;
import io.sextant.repo.TreeCommit;
import io.sextant.testing.LogLines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a commit without a checkout, from repositories built to attack the reader: symlinks out of the
 * repository, symlink chains and loops, submodules, {@code ..} and absolute paths. Served and fetched
 * through the real git server like any repository.
 */
class RepoSnapshotTest {

    static final String DEPLOYMENT = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n";

    @TempDir
    Path tmp;

    GitHttpServer server;
    RepoCache cache;
    Path bare;
    String url;

    @BeforeEach
    void start() throws IOException {
        server = GitHttpServer.start(tmp.resolve("served"), 0);
        bare = server.addAnonymous("hostile");
        url = server.url("hostile");
        cache = new RepoCache(tmp.resolve("cache"));
    }

    @AfterEach
    void stop() {
        cache.close();
        server.close();
    }

    RepoSnapshot snapshotOf(TreeCommit tree) {
        String sha = tree.commitTo(bare, "attack");
        cache.fetch(url, null);
        assertThat(cache.resolve(url, "attack")).isEqualTo(sha);
        return cache.snapshot(url, sha);
    }

    @Test
    void listsFilesInLexicalPathOrderFollowingSymlinksInsideTheRepository() {
        RepoSnapshot snapshot = snapshotOf(TreeCommit.tree()
                .file("shared/web.yaml", DEPLOYMENT)
                .file("app/b.yaml", "b: 1\n")
                .file("app/a-b.yaml", "ab: 1\n")
                .file("app/a/z.yaml", "z: 1\n")
                .symlink("app/linked.yaml", "../shared/web.yaml")
                .symlink("app/chain.yaml", "linked.yaml")
                .symlink("app/shared-dir", "../shared")
                .symlink("current", "app"));

        // Git's tree order, which is the byte order of full paths: "a-b.yaml" < "a/z.yaml" since '-' < '/'.
        List<RepoEntry> top = snapshot.list("app", false, 100);
        assertThat(top)
                .extracting(RepoEntry::relativePath)
                .containsExactly("a-b.yaml", "a", "b.yaml", "chain.yaml", "linked.yaml", "shared-dir");
        List<RepoEntry> all = snapshot.list("app", true, 100);
        assertThat(all)
                .extracting(RepoEntry::relativePath)
                .containsExactly("a-b.yaml", "a", "a/z.yaml", "b.yaml", "chain.yaml", "linked.yaml", "shared-dir");

        RepoEntry linked = all.stream()
                .filter(e -> e.name().equals("chain.yaml"))
                .findFirst()
                .orElseThrow();
        assertThat(linked.symlink()).isTrue();
        assertThat(linked.type()).isEqualTo(RepoEntry.Type.FILE);
        assertThat(new String(snapshot.read(linked, 1000), StandardCharsets.UTF_8))
                .isEqualTo(DEPLOYMENT);

        RepoEntry dirLink = all.stream()
                .filter(e -> e.name().equals("shared-dir"))
                .findFirst()
                .orElseThrow();
        assertThat(dirLink.type())
                .as("symlinked directories are listed, not entered")
                .isEqualTo(RepoEntry.Type.DIRECTORY);

        assertThat(snapshot.list("current", false, 100))
                .as("the application path itself may be a symlink")
                .extracting(RepoEntry::relativePath)
                .contains("b.yaml");
        assertThat(snapshot.list("./app/../app/", false, 100)).hasSize(6);
        assertThat(snapshot.readFile("current/linked.yaml", 1000))
                .asString(StandardCharsets.UTF_8)
                .isEqualTo(DEPLOYMENT);
    }

    @Test
    void aSymlinkToAnAbsolutePathIsRefused() {
        RepoSnapshot snapshot =
                snapshotOf(TreeCommit.tree().file("deploy.yaml", DEPLOYMENT).symlink("passwd.yaml", "/etc/passwd"));
        assertThatThrownBy(() -> snapshot.list(".", false, 100)).isInstanceOfSatisfying(RepoException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.PATH_ESCAPE);
            assertThat(e.getMessage())
                    .contains("passwd.yaml")
                    .contains("absolute path '/etc/passwd'")
                    .contains("nothing outside the repository is read")
                    .doesNotContain("root:");
        });
        assertThatThrownBy(() -> snapshot.readFile("passwd.yaml", 1_000_000))
                .isInstanceOfSatisfying(
                        RepoException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PATH_ESCAPE));
    }

    @Test
    void everyRefusedEscapeLeavesOneSecurityLogLine() {
        try (LogLines log = LogLines.of("io.sextant.security")) {
            RepoSnapshot snapshot =
                    snapshotOf(TreeCommit.tree().file("deploy.yaml", DEPLOYMENT).symlink("passwd.yaml", "/etc/passwd"));
            assertThatThrownBy(() -> snapshot.readFile("passwd.yaml", 1_000_000))
                    .isInstanceOf(RepoException.class);
            assertThatThrownBy(() -> snapshot.list("../outside", false, 100)).isInstanceOf(RepoException.class);
            assertThat(log.lines())
                    .hasSize(2)
                    .allSatisfy(l -> assertThat(l).matches("WARN(ING)? refused a path leaving the repository: .*"));
            assertThat(log.lines().get(0)).contains("passwd.yaml").contains("/etc/passwd");
            assertThat(log.lines().get(1)).contains("../outside");
            snapshot.readFile("deploy.yaml", 1_000_000);
            assertThat(log.lines()).as("an ordinary read logs nothing").hasSize(2);
        }
    }

    @Test
    void aSymlinkChainThatClimbsOutOfTheRepositoryIsRefused() {
        RepoSnapshot snapshot = snapshotOf(TreeCommit.tree()
                .file("app/ok.yaml", DEPLOYMENT)
                .symlink("app/step1.yaml", "../lib/step2.yaml")
                .symlink("lib/step2.yaml", "../../../../etc/shadow"));
        assertThatThrownBy(() -> snapshot.list("app", false, 100)).isInstanceOfSatisfying(RepoException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.PATH_ESCAPE);
            assertThat(e.getMessage()).contains("lib/step2.yaml").contains("points outside the repository");
        });
    }

    @Test
    void aSymlinkedDirectoryThatLeavesTheRootCannotBeTheApplicationPath() {
        RepoSnapshot snapshot = snapshotOf(TreeCommit.tree()
                .file("README.md", "hi\n")
                .symlink("escape", "..")
                .symlink("etc", "/etc"));
        for (String path : List.of("escape", "escape/other-repo", "etc")) {
            assertThatThrownBy(() -> snapshot.list(path, true, 100))
                    .as(path)
                    .isInstanceOfSatisfying(
                            RepoException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PATH_ESCAPE));
        }
    }

    @Test
    void dotDotAndAbsoluteApplicationPathsAreRefused() {
        RepoSnapshot snapshot = snapshotOf(TreeCommit.tree().file("app/deploy.yaml", DEPLOYMENT));
        for (String path : List.of("..", "../other", "app/../../x", "/etc", "/", "\\windows")) {
            assertThatThrownBy(() -> snapshot.list(path, false, 100))
                    .as(path)
                    .isInstanceOfSatisfying(RepoException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.PATH_ESCAPE);
                        assertThat(e.getMessage()).contains("application path");
                    });
        }
    }

    @Test
    void symlinkLoopsStopAfterEightHops() {
        RepoSnapshot snapshot = snapshotOf(
                TreeCommit.tree().symlink("loop-a.yaml", "loop-b.yaml").symlink("loop-b.yaml", "loop-a.yaml"));
        assertThatThrownBy(() -> snapshot.list(".", false, 100)).isInstanceOfSatisfying(RepoException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.PATH_ESCAPE);
            assertThat(e.getMessage()).contains("more than 8 symlinks");
        });
    }

    @Test
    void submodulesAreSkippedAndDanglingSymlinksReported() {
        RepoSnapshot snapshot = snapshotOf(TreeCommit.tree()
                .file("app/deploy.yaml", DEPLOYMENT)
                .submodule("app/vendor", "0123456789abcdef0123456789abcdef01234567")
                .symlink("app/missing.yaml", "nowhere.yaml"));
        List<RepoEntry> entries = snapshot.list("app", true, 100);
        assertThat(entries).extracting(RepoEntry::relativePath).containsExactly("deploy.yaml", "missing.yaml");
        assertThat(entries.get(1).type()).isEqualTo(RepoEntry.Type.DANGLING);
        assertThatThrownBy(() -> snapshot.list("app/vendor/charts", false, 100))
                .isInstanceOfSatisfying(RepoException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED);
                    assertThat(e.getMessage()).contains("submodule 'app/vendor'");
                });
    }

    @Test
    void missingPathsAndOversizedFilesGiveClearErrors() {
        RepoSnapshot snapshot = snapshotOf(TreeCommit.tree().file("app/deploy.yaml", DEPLOYMENT));
        assertThatThrownBy(() -> snapshot.list("nope", false, 100)).isInstanceOfSatisfying(RepoException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.PATH_NOT_FOUND);
            assertThat(e.getMessage()).contains("'nope' does not exist").contains(snapshot.sha());
        });
        assertThatThrownBy(() -> snapshot.list("app/deploy.yaml", false, 100))
                .isInstanceOfSatisfying(
                        RepoException.class, e -> assertThat(e.getMessage()).contains("is not a directory"));
        assertThatThrownBy(() -> snapshot.readFile("app/deploy.yaml", 10))
                .isInstanceOfSatisfying(RepoException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.LIMIT_EXCEEDED);
                    assertThat(e.getMessage()).contains("app/deploy.yaml").contains("more than the limit of 10 bytes");
                });
        assertThatThrownBy(() -> snapshot.list("app", true, 0))
                .isInstanceOfSatisfying(
                        RepoException.class, e -> assertThat(e.reason()).isEqualTo(Reason.LIMIT_EXCEEDED));
        assertThatThrownBy(() -> cache.snapshot(url, "HEAD"))
                .isInstanceOfSatisfying(
                        RepoException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT));
    }
}
