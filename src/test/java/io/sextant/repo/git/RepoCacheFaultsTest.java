package io.sextant.repo.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.embedded.GitHttpServer;
import io.sextant.repo.RepoException;
import io.sextant.repo.TreeCommit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24, fault 6: the repository cache's disk and clones fail under it. A bare clone damaged on disk
 * (packs overwritten, a config that does not parse, as a crash or a bad disk leaves them) is detected
 * when it is read or opened, cloned again by the next fetch, and its readers get the right files; a full
 * disk (a real tmpfs of a few MB) fails the fetch with a message that says so, leaves the last fetched
 * state readable and the other repositories working, and the fetch works once there is room again.
 */
class RepoCacheFaultsTest {

    @TempDir
    Path tmp;

    GitHttpServer server;
    RepoCache cache;
    Path cacheRoot;

    @BeforeEach
    void start() throws IOException {
        server = GitHttpServer.start(tmp.resolve("served"), 0);
        cacheRoot = tmp.resolve("cache");
    }

    @AfterEach
    void stop() {
        if (cache != null) {
            cache.close();
        }
        server.close();
    }

    @Test
    void aCloneWhosePacksWereOverwrittenIsDetectedOnReadAndClonedAgain() throws IOException {
        Path a = server.addAnonymous("damaged");
        Path b = server.addAnonymous("healthy");
        String first = TreeCommit.tree()
                .file("app/cm.yaml", "kind: ConfigMap # one\n")
                .file("app/big.txt", "x".repeat(10_000))
                .commitTo(a, "main");
        String other = TreeCommit.tree()
                .file("app/cm.yaml", "kind: ConfigMap # other\n")
                .commitTo(b, "main");
        cache = new RepoCache(cacheRoot);
        fetchAndRead(server.url("damaged"), first, "app/cm.yaml");
        fetchAndRead(server.url("healthy"), other, "app/cm.yaml");
        cache.close();

        // Bit rot, or a crash halfway through writing: every pack of the clone is garbage, its index intact.
        Path clone = new RepoCache(cacheRoot).directoryOf(server.url("damaged"));
        try (Stream<Path> packs = Files.list(clone.resolve("objects/pack"))) {
            Random random = new Random(7);
            for (Path pack : packs.filter(p -> p.toString().endsWith(".pack")).toList()) {
                byte[] junk = new byte[(int) Files.size(pack)];
                random.nextBytes(junk);
                Files.write(pack, junk);
            }
        }
        cache = new RepoCache(cacheRoot);
        String url = server.url("damaged");
        cache.fetch(url, null);
        assertThatThrownBy(() -> cache.snapshot(url, first).readFile("app/cm.yaml", 1 << 20))
                .isInstanceOf(RepoException.class)
                .hasMessageContaining("the local clone of " + url + " is damaged")
                .hasMessageContaining("cloned again at the next fetch");

        String second = TreeCommit.tree()
                .file("app/cm.yaml", "kind: ConfigMap # two\n")
                .file("app/big.txt", "x".repeat(10_000))
                .commitTo(a, "main");
        cache.fetch(url, null);
        assertThat(cache.resolve(url, "main")).isEqualTo(second);
        assertThat(text(url, second, "app/cm.yaml")).isEqualTo("kind: ConfigMap # two\n");
        assertThat(text(url, second, "app/big.txt"))
                .as("a file unchanged since the damage reads right")
                .hasSize(10_000);
        assertThat(text(server.url("healthy"), other, "app/cm.yaml")).isEqualTo("kind: ConfigMap # other\n");
    }

    @Test
    void aCloneThatCannotBeOpenedIsClonedAgainByTheNextFetch() throws IOException {
        Path a = server.addAnonymous("unreadable");
        String first = TreeCommit.tree().file("cm.yaml", "one\n").commitTo(a, "main");
        cache = new RepoCache(cacheRoot);
        String url = server.url("unreadable");
        fetchAndRead(url, first, "cm.yaml");
        cache.close();

        Path clone = new RepoCache(cacheRoot).directoryOf(url);
        Files.writeString(clone.resolve("config"), "[core\n\tbare = ???\n[[[");
        cache = new RepoCache(cacheRoot);
        String second = TreeCommit.tree().file("cm.yaml", "two\n").commitTo(a, "main");
        cache.fetch(url, null);
        assertThat(cache.resolve(url, "main")).isEqualTo(second);
        assertThat(text(url, second, "cm.yaml")).isEqualTo("two\n");
    }

    @Test
    void aFullDiskFailsTheFetchClearlyKeepsWhatWasFetchedAndOtherRepositoriesWork() throws Exception {
        Path mount = Files.createDirectories(tmp.resolve("small-disk"));
        Process mounted = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mount.toString())
                .redirectErrorStream(true)
                .start();
        String why = new String(mounted.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeTrue(
                mounted.waitFor(10, TimeUnit.SECONDS) && mounted.exitValue() == 0,
                "a tmpfs needs mount rights (root in the container): " + why);
        try {
            cacheRoot = mount.resolve("cache");
            Path a = server.addAnonymous("grows");
            Path b = server.addAnonymous("small");
            String first = TreeCommit.tree().file("cm.yaml", "one\n").commitTo(a, "main");
            String small = TreeCommit.tree().file("cm.yaml", "small\n").commitTo(b, "main");
            cache = new RepoCache(cacheRoot);
            String url = server.url("grows");
            fetchAndRead(url, first, "cm.yaml");
            fetchAndRead(server.url("small"), small, "cm.yaml");

            // Fill the disk but for a few hundred KB, then push a commit of incompressible 2 MB.
            Path filler = mount.resolve("filler");
            long free = Files.getFileStore(mount).getUsableSpace();
            Files.write(filler, new byte[(int) Math.max(0, free - 300 * 1024)]);
            byte[] noise = new byte[2 * 1024 * 1024];
            new Random(11).nextBytes(noise);
            String big = TreeCommit.tree()
                    .file("cm.yaml", "two\n")
                    .file("blob.bin", noise)
                    .commitTo(a, "main");
            assertThatThrownBy(() -> cache.fetch(url, null))
                    .isInstanceOf(RepoException.class)
                    .hasMessageContaining("cannot fetch " + url)
                    .hasMessageContaining("no space left on the disk of the repository cache");
            assertThat(text(url, first, "cm.yaml"))
                    .as("what was fetched before stays readable")
                    .isEqualTo("one\n");
            assertThat(cache.resolve(url, "main")).as("the last good state").isEqualTo(first);

            String smallNext = TreeCommit.tree().file("cm.yaml", "small two\n").commitTo(b, "main");
            cache.fetch(server.url("small"), null);
            assertThat(text(server.url("small"), smallNext, "cm.yaml"))
                    .as("another repository's small fetch fits")
                    .isEqualTo("small two\n");

            Files.delete(filler);
            cache.fetch(url, null);
            assertThat(cache.resolve(url, "main")).isEqualTo(big);
            assertThat(cache.snapshot(url, big).readFile("blob.bin", 4 << 20)).isEqualTo(noise);
            try (Stream<Path> left = Files.walk(cache.directoryOf(url))) {
                List<Path> temp = left.filter(p -> p.getFileName().toString().startsWith("incoming_"))
                        .toList();
                assertThat(temp).as("no temporary pack left behind").isEmpty();
            }
        } finally {
            if (cache != null) {
                cache.close();
                cache = null;
            }
            new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void fetchAndRead(String url, String sha, String path) {
        cache.fetch(url, null);
        assertThat(cache.resolve(url, "main")).isEqualTo(sha);
        assertThat(text(url, sha, path)).isNotEmpty();
    }

    private String text(String url, String sha, String path) {
        return new String(cache.snapshot(url, sha).readFile(path, 4 << 20), StandardCharsets.UTF_8);
    }
}
