package io.sextant.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.testing.ProjectPaths;
import io.sextant.testing.TestbedResource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The testbed script as a user meets it: the errors it gives when something is wrong, and how it
 * recovers from a testbed a killed run left behind. Each case runs a second testbed of its own
 * (own state directory, own ports) beside the shared one, so the shared one is never disturbed.
 */
class TestbedScriptTest {

    @TempDir
    Path tmp;

    private final List<String> output = new ArrayList<>();

    @BeforeAll
    static void binariesBuilt() {
        // Builds (or finds in the cache) the binaries the cases below share.
        TestbedResource.testbed().run("build");
    }

    private Testbed testbed(int portBase, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(extra);
        env.put("TESTBED_HOME", tmp.resolve("state").toString());
        env.put("TESTBED_PORT_BASE", Integer.toString(portBase));
        return new Testbed(ProjectPaths.root().resolve("testbed/testbed"), env, line -> {
            synchronized (output) {
                output.add(line);
            }
        });
    }

    @Test
    void withoutGoAndWithoutCachedBinariesUpSaysToInstallGo() {
        Testbed tb = testbed(
                16500, Map.of("TESTBED_CACHE", tmp.resolve("empty-cache").toString(), "TESTBED_GO", "/nonexistent/go"));

        assertThatThrownBy(tb::up)
                .hasMessageContaining("no Go toolchain")
                .hasMessageContaining("Install Go 1.26 or newer");
    }

    @Test
    void aPortAlreadyTakenIsNamedWithWhatToDo() throws IOException {
        int base = 16510;
        try (ServerSocket taken = new ServerSocket(base + 3, 1, InetAddress.getLoopbackAddress())) {
            Testbed tb = testbed(base, Map.of());

            assertThatThrownBy(tb::up)
                    .hasMessageContaining("port " + (base + 3) + ", needed for kube-apiserver, is already in use")
                    .hasMessageContaining("TESTBED_PORT_BASE");
        }
        assertThat(tmp.resolve("state/pids")).doesNotExist();
    }

    @Test
    void aBinaryThatFailsToStartShowsTheTailOfItsLogAndLeavesNothingRunning() throws IOException {
        int base = 16520;
        Testbed tb = testbed(base, Map.of("TESTBED_APISERVER_ARGS", "--no-such-flag"));

        assertThatThrownBy(tb::up)
                .hasMessageContaining("kube-apiserver exited while starting")
                .hasMessageContaining("The last lines of its log")
                .hasMessageContaining("unknown flag: --no-such-flag");
        // etcd, started before the API server failed, is stopped again: its port is free.
        try (ServerSocket free = new ServerSocket(base + 1, 1, InetAddress.getLoopbackAddress())) {
            assertThat(free.isBound()).isTrue();
        }
    }

    @Test
    void aStaleTestbedLeftByAKilledRunIsCleanedUpAndRestarted() throws Exception {
        Testbed tb = testbed(16530, Map.of());
        try {
            tb.up();
            long apiserver = Long.parseLong(
                    Files.readString(tmp.resolve("state/pids/kube-apiserver")).trim());
            long etcd = Long.parseLong(
                    Files.readString(tmp.resolve("state/pids/etcd")).trim());
            // What a killed run leaves: state on disk, some processes gone, others still running.
            ProcessHandle.of(apiserver).ifPresent(ProcessHandle::destroyForcibly);
            ProcessHandle.of(apiserver).ifPresent(p -> p.onExit().join());
            output.clear();

            long start = System.nanoTime();
            Path kubeconfig = tb.up();
            double seconds = (System.nanoTime() - start) / 1e9;

            assertThat(String.join("\n", output)).contains("cleaning up a stale testbed");
            assertThat(ProcessHandle.of(etcd).map(ProcessHandle::isAlive).orElse(false))
                    .as("the stale etcd was stopped")
                    .isFalse();
            assertThat(kubeconfig).exists();
            assertThat(tb.run("status").get(0)).startsWith("running");
            assertThat(seconds).as("a cached up takes at most 30 s").isLessThan(30);

            output.clear();
            tb.up();
            assertThat(String.join("\n", output)).contains("reusing the running testbed");
        } finally {
            tb.down();
        }
        assertThat(tmp.resolve("state")).doesNotExist();
    }

    @Test
    void envPrintsKubeconfigAndAPathWithKubectlAndKustomize() {
        Path bin = TestbedResource.binDir();
        assertThat(bin.resolve("kubectl")).isExecutable();
        assertThat(bin.resolve("kustomize")).isExecutable();
        assertThat(TestbedResource.kubeconfig()).exists();
    }
}
