package io.sextant.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Reads one Sextant process signs for another: bound to the path, the method, the time and the key. */
class InternalRequestsTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-11-28T05:00:00Z");

    private static InternalRequests at(Instant t, byte[] key) {
        return new InternalRequests(() -> key, Clock.fixed(t, ZoneOffset.UTC));
    }

    @Test
    void aSignedReadIsAcceptedOnlyForItsPathMethodTimeAndKey() {
        String path = "/api/v1/applications/kubercoins/resource-tree";
        String header = at(NOW, KEY).sign(path);
        assertThat(at(NOW.plusSeconds(10), KEY).verify(header, "GET", path)).isTrue();
        assertThat(at(NOW, KEY).verify(header, "GET", "/api/v1/applications/other/resource-tree"))
                .isFalse();
        assertThat(at(NOW, KEY).verify(header, "POST", path)).as("reads only").isFalse();
        assertThat(at(NOW.plusSeconds(31), KEY).verify(header, "GET", path))
                .as("replayed too late")
                .isFalse();
        assertThat(at(NOW, "another-key-another-key-another-k".getBytes(StandardCharsets.UTF_8))
                        .verify(header, "GET", path))
                .isFalse();
        assertThat(at(NOW, KEY).verify("garbage", "GET", path)).isFalse();
        assertThat(at(NOW, KEY).verify(NOW.getEpochSecond() + ".zz", "GET", path))
                .isFalse();
    }

    /** The security review's L10: a signature seen on the wire works once, never again. */
    @Test
    void aSignedReadCannotBeReplayed() {
        String path = "/api/v1/applications/kubercoins/resource-tree";
        InternalRequests receiver = at(NOW, KEY);
        String first = at(NOW, KEY).sign(path);
        String second = at(NOW, KEY).sign(path);
        assertThat(second)
                .as("two reads of one path in one second are told apart")
                .isNotEqualTo(first);
        assertThat(receiver.verify(first, "GET", path)).isTrue();
        assertThat(receiver.verify(first, "GET", path)).as("replayed").isFalse();
        assertThat(receiver.verify(second, "GET", path)).isTrue();
        String tampered =
                first.substring(0, first.indexOf('.') + 1) + "0".repeat(32) + first.substring(first.lastIndexOf('.'));
        assertThat(receiver.verify(tampered, "GET", path))
                .as("a new nonce without a new signature")
                .isFalse();
    }
}
