package io.sextant.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Failed logins per source address: a flood from one address is cut off; others and successes are not. */
class SourceThrottleTest {

    private final MutableClock clock = MutableClock.startingNow();
    private final SourceThrottle throttle = SourceThrottle.defaults(clock);

    @Test
    void fiftyFailuresInAMinuteStopTheSourceUntilItsMinuteIsOver() {
        for (int i = 0; i < 50; i++) {
            assertThat(throttle.allowed("10.0.0.9")).as("failure %d", i).isTrue();
            throttle.failed("10.0.0.9");
        }
        assertThat(throttle.allowed("10.0.0.9")).isFalse();
        assertThat(throttle.allowed("10.0.0.10")).as("another address").isTrue();
        assertThat(throttle.allowed(null))
                .as("an unknown source is never refused here")
                .isTrue();
        clock.advance(Duration.ofSeconds(59));
        assertThat(throttle.allowed("10.0.0.9")).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.allowed("10.0.0.9")).as("a new minute").isTrue();
        throttle.failed("10.0.0.9");
        assertThat(throttle.failures()).containsEntry("10.0.0.9", 1);
    }

    @Test
    void failuresSpreadOverMinutesNeverAddUp() {
        for (int i = 0; i < 200; i++) {
            throttle.failed("10.0.0.9");
            clock.advance(Duration.ofSeconds(2));
        }
        // 30 failures per minute: under the bound in every window.
        assertThat(throttle.failures().get("10.0.0.9")).isLessThan(50);
    }

    @Test
    void memoryIsBoundedByForgettingTheOldestSource() {
        SourceThrottle small = new SourceThrottle(50, Duration.ofSeconds(60), 3, clock);
        for (int i = 0; i < 50; i++) {
            small.failed("a");
        }
        small.failed("b");
        small.failed("c");
        small.failed("d");
        assertThat(small.size()).isEqualTo(3);
        assertThat(small.failures()).doesNotContainKey("a").containsKeys("b", "c", "d");
    }
}
