package io.sextant.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final MutableClock clock = MutableClock.startingNow();
    private final LoginThrottle throttle = LoginThrottle.defaults(clock);

    @Test
    void fiveFailuresWithinTheWindowLockTheNameUntilTheWindowPasses() {
        for (int i = 0; i < 4; i++) {
            throttle.recordFailure("alice");
            clock.advance(Duration.ofSeconds(10));
        }
        assertThat(throttle.isLocked("alice")).isFalse();
        throttle.recordFailure("alice");
        assertThat(throttle.isLocked("alice")).isTrue();
        assertThat(throttle.isLocked("bob")).isFalse();

        clock.advance(Duration.ofSeconds(299));
        assertThat(throttle.isLocked("alice")).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.isLocked("alice")).isFalse();
        // A fresh count after the window: one more failure does not lock again.
        throttle.recordFailure("alice");
        assertThat(throttle.isLocked("alice")).isFalse();
    }

    @Test
    void failuresSpreadWiderThanTheWindowNeverLock() {
        for (int i = 0; i < 20; i++) {
            throttle.recordFailure("alice");
            clock.advance(Duration.ofSeconds(301));
        }
        assertThat(throttle.isLocked("alice")).isFalse();
    }

    @Test
    void aSuccessClearsTheCount() {
        for (int i = 0; i < 4; i++) {
            throttle.recordFailure("admin");
        }
        throttle.recordSuccess("admin");
        throttle.recordFailure("admin");
        assertThat(throttle.isLocked("admin")).isFalse();
    }

    @Test
    void theMapIsBoundedAndAFloodOfNamesNeverEvictsAdmin() {
        LoginThrottle small = new LoginThrottle(5, Duration.ofSeconds(300), 100, clock);
        for (int i = 0; i < 5; i++) {
            small.recordFailure("admin");
            small.recordFailure("alice");
        }
        assertThat(small.isLocked("admin")).isTrue();
        assertThat(small.isLocked("alice")).isTrue();

        for (int i = 0; i < 1000; i++) {
            small.recordFailure("made-up-" + i);
        }
        assertThat(small.size()).isEqualTo(100);
        assertThat(small.isLocked("admin"))
                .as("admin's counter survives the flood")
                .isTrue();
        assertThat(small.isLocked("alice"))
                .as("other names are evicted, oldest first")
                .isFalse();
        for (int i = 0; i < 4; i++) {
            small.recordFailure("made-up-999");
        }
        assertThat(small.isLocked("made-up-999"))
                .as("the newest names are the ones kept")
                .isTrue();
    }

    @Test
    void veryLongNamesAreCountedUnderAShortKey() {
        String longName = "n".repeat(10_000);
        for (int i = 0; i < 5; i++) {
            throttle.recordFailure(longName + i);
        }
        assertThat(throttle.size()).isEqualTo(1);
        assertThat(throttle.isLocked(longName)).isTrue();
    }
}
