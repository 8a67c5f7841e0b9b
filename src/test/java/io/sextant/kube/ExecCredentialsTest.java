package io.sextant.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin runs as client-go runs it, and only as often as its token's expiry asks. */
class ExecCredentialsTest {

    private static final String SCRIPT = Path.of(
                    System.getProperty("project.root", "."), "src/test/resources/exec/exec-credential.sh")
            .toAbsolutePath()
            .toString();

    @TempDir
    Path dir;

    private static ExecCredentials.Command plugin(Map<String, String> env) {
        return new ExecCredentials.Command("/bin/sh", List.of(SCRIPT), env, "client.authentication.k8s.io/v1");
    }

    /** A clock the test moves. */
    private static final class Hands extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-06T10:00:00Z"));

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    @Test
    void aTokenIsKeptUntilShortlyBeforeItExpiresThenThePluginRunsAgain() throws Exception {
        Path runs = dir.resolve("runs");
        Hands clock = new Hands();
        ExecCredentials creds = new ExecCredentials(
                plugin(Map.of("TOKEN", "t-1", "EXPIRES", "2026-12-06T10:05:00Z", "RUNS", runs.toString())), clock);
        assertThat(creds.getToken()).isEqualTo("t-1");
        assertThat(creds.getToken()).isEqualTo("t-1");
        clock.now.set(Instant.parse("2026-12-06T10:04:00Z"));
        assertThat(creds.getToken()).isEqualTo("t-1");
        assertThat(Files.readAllLines(runs)).as("runs while the token lives").hasSize(1);
        clock.now.set(Instant.parse("2026-12-06T10:04:55Z")); // within 10 s of its expiry
        creds.getToken();
        assertThat(Files.readAllLines(runs))
                .as("runs once it is about to expire")
                .hasSize(2);
    }

    @Test
    void aTokenWithoutExpiryIsKept() throws Exception {
        Path runs = dir.resolve("runs");
        ExecCredentials creds =
                new ExecCredentials(plugin(Map.of("TOKEN", "forever", "RUNS", runs.toString())), new Hands());
        for (int i = 0; i < 5; i++) {
            assertThat(creds.getToken()).isEqualTo("forever");
        }
        assertThat(Files.readAllLines(runs)).hasSize(1);
    }

    @Test
    void thePluginIsToldItIsNotInteractiveAndGetsNoStdin() throws Exception {
        Path script = dir.resolve("info.sh");
        Files.writeString(
                script,
                "read line && exit 9\n"
                        + "printf '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
                        + "\"status\":{\"token\":\"%s\"}}' \"$(echo \"$KUBERNETES_EXEC_INFO\" | tr -d '\" ')\"\n");
        ExecCredentials creds = new ExecCredentials(new ExecCredentials.Command(
                "/bin/sh", List.of(script.toString()), Map.of(), "client.authentication.k8s.io/v1"));
        assertThat(creds.getToken())
                .isEqualTo("{apiVersion:client.authentication.k8s.io/v1,kind:ExecCredential,spec:{interactive:false}}");
    }

    @Test
    void aHangingPluginIsKilledAfterItsTimeAndAMissingOneSaysSo() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> new ExecCredentials(plugin(Map.of("MODE", "hang"))).getToken())
                .isInstanceOf(ExecCredentials.Failed.class)
                .hasMessage("exec plugin '/bin/sh' did not finish within 10 s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThatThrownBy(() -> new ExecCredentials(new ExecCredentials.Command(
                                "/nonexistent/plugin", List.of(), Map.of(), "client.authentication.k8s.io/v1"))
                        .getToken())
                .isInstanceOf(ExecCredentials.Failed.class)
                .hasMessageStartingWith("exec plugin '/nonexistent/plugin' cannot be started");
    }

    @Test
    void whatABrokenPluginPrintsIsNeverQuoted() {
        for (String mode : List.of("garbage", "fail", "old-version")) {
            assertThatThrownBy(() -> new ExecCredentials(plugin(Map.of("MODE", mode, "TOKEN", "s3cr3t-99"))).getToken())
                    .as(mode)
                    .isInstanceOf(ExecCredentials.Failed.class)
                    .message()
                    .doesNotContain("s3cr3t-99");
        }
    }
}
