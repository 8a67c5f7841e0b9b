package io.sextant.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kubercoins repository changed the way the GitOps workshop changes it, checked with the git CLI. */
class FixtureRepositoryTest extends ServedKubercoins {

    static final String WORKER = "worker-deployment.yaml";

    @Test
    void branchesAreBuiltFromTheFixtureWithStableShas() throws IOException {
        assertTrue(Files.isDirectory(FixtureRepository.locateFixtures().resolve("helm/generic-service")));
        String plain = kubercoins.headOf("master");
        assertEquals(plain, kubercoins.headOf("prod"));
        assertEquals(plain, kubercoins.headOf("stage"));
        assertNotEquals(plain, kubercoins.headOf("helm"));
        assertNotEquals(plain, kubercoins.headOf("kustomize"));
        assertThrows(IllegalArgumentException.class, () -> kubercoins.headOf("no-such-branch"));

        try (GitHttpServer other = GitHttpServer.start(tmp.resolve("other"), 0);
                FixtureRepository again = FixtureRepository.create(other)) {
            for (String branch : FixtureRepository.BRANCHES) {
                assertEquals(kubercoins.headOf(branch), again.headOf(branch), "same fixture, same SHA on " + branch);
            }
        }
        // Building over an existing repository leaves its branches alone.
        FixtureRepository.create(server).close();
        assertEquals(plain, kubercoins.headOf("stage"));
    }

    @Test
    void replaceThenRevertMovesStageLikeTheWorkshop() throws IOException {
        String initial = kubercoins.headOf("stage");
        String prod = kubercoins.headOf("prod");

        String upgraded = kubercoins.replaceInFile(
                "stage", WORKER, "dockercoins/worker:v0.1", "dockercoins/worker:v0.3", "worker: v0.3");
        assertEquals(upgraded, kubercoins.headOf("stage"));
        assertNotEquals(initial, upgraded);

        String reverted = kubercoins.revertHead("stage");
        assertEquals(reverted, kubercoins.headOf("stage"));
        assertEquals(prod, kubercoins.headOf("prod"), "prod is untouched");

        git.run(tmp, "clone", "-q", "-b", "stage", kubercoins.url(), "stage").ok();
        Path clone = tmp.resolve("stage");
        assertEquals(
                List.of(reverted, upgraded, initial),
                git.run(clone, "log", "--format=%H").ok().lines());
        assertEquals(
                List.of("Revert \"worker: v0.3\"", "worker: v0.3"),
                git.run(clone, "log", "--format=%s", "-2").ok().lines());
        assertEquals(
                "      - image: dockercoins/worker:v0.1",
                Files.readAllLines(clone.resolve(WORKER)).get(17));
        assertEquals(
                "      - image: dockercoins/worker:v0.3",
                git.run(clone, "show", "HEAD~1:" + WORKER).ok().lines().get(17));
        assertEquals(
                git.run(clone, "rev-parse", "HEAD~2^{tree}").ok().out(),
                git.run(clone, "rev-parse", "HEAD^{tree}").ok().out(),
                "the revert restores the original tree");
    }

    @Test
    void changesBuildOnWhatOthersPushed() throws IOException {
        kubercoins.replaceInFile("stage", WORKER, "replicas: 1", "replicas: 2", "scale worker");
        git.run(tmp, "clone", "-q", "-b", "stage", kubercoins.url(), "person").ok();
        Path clone = tmp.resolve("person");
        Files.writeString(clone.resolve("README.md"), "hello\n");
        git.run(clone, "add", "README.md").ok();
        git.run(clone, "commit", "-q", "-m", "readme").ok();
        git.run(clone, "push", "-q", "origin", "stage").ok();
        String theirs = kubercoins.headOf("stage");

        String ours = kubercoins.writeFile("stage", "notes/today.txt", "v0.3 next\n", "notes");
        git.run(clone, "pull", "-q", "--ff-only").ok();
        assertEquals(ours, git.run(clone, "rev-parse", "HEAD").ok().out().trim());
        assertEquals(theirs, git.run(clone, "rev-parse", "HEAD~1").ok().out().trim());
        assertEquals("v0.3 next\n", Files.readString(clone.resolve("notes/today.txt")));
    }

    @Test
    void badChangesAreRefusedAndMoveNothing() {
        String before = kubercoins.headOf("stage");
        assertThrows(
                IllegalArgumentException.class,
                () -> kubercoins.replaceInFile(
                        "stage", WORKER, "dockercoins/worker:v9", "dockercoins/worker:v10", "nothing to replace"));
        assertThrows(IllegalArgumentException.class, () -> kubercoins.writeFile("stage", "../outside.txt", "x", "m"));
        assertThrows(IllegalArgumentException.class, () -> kubercoins.writeFile("stage", ".git/config", "x", "m"));
        assertThrows(
                IllegalArgumentException.class,
                () -> kubercoins.replaceInFile("no-such-branch", WORKER, "a", "b", "m"));
        assertEquals(before, kubercoins.headOf("stage"));
    }
}
