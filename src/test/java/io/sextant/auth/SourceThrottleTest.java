package io.sextant.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Failed logins per source address: a flood from one address is cut off; others and successes are not. */
class SourceThrottleTest {

    private final MutableClock clock = MutableClock.startingNow();
    private final SourceThrottle throttle = SourceThrottle.defaults(clock);

    @Test
    void fiftyFailuresStopTheSourceWhichThenGetsOneCheckEveryMinuteOverFifty() {
        for (int i = 0; i < 50; i++) {
            assertThat(throttle.tryReserve("10.0.0.9")).as("failure %d", i).isTrue();
        }
        assertThat(throttle.tryReserve("10.0.0.9")).isFalse();
        assertThat(throttle.tryReserve("10.0.0.10")).as("another address").isTrue();
        assertThat(throttle.tryReserve(null))
                .as("an unknown source is never refused here")
                .isTrue();
        clock.advance(Duration.ofMillis(1100));
        assertThat(throttle.tryReserve("10.0.0.9"))
                .as("not yet a whole check back")
                .isFalse();
        clock.advance(Duration.ofMillis(200));
        assertThat(throttle.tryReserve("10.0.0.9"))
                .as("one check back after 1.2 s")
                .isTrue();
        assertThat(throttle.tryReserve("10.0.0.9")).as("and spent").isFalse();
        throttle.succeeded("10.0.0.9");
        assertThat(throttle.tryReserve("10.0.0.9"))
                .as("given back by a success")
                .isTrue();
    }

    @Test
    void aFloodNeverGetsAnotherBurstAtTheStartOfAMinute() {
        // A flood that tries every 10 ms for three minutes: 50 checks at first, then about one per 1.2 s.
        int checked = 0;
        for (int ms = 0; ms < 180_000; ms += 10) {
            if (throttle.tryReserve("10.0.0.9")) {
                checked++;
            }
            if (ms == 60_000 || ms == 120_000) {
                assertThat(checked).as("checks by %d ms", ms).isLessThanOrEqualTo(50 + ms / 1200 + 1);
            }
            clock.advance(Duration.ofMillis(10));
        }
        assertThat(checked).isBetween(50 + 148, 50 + 151);
    }

    @Test
    void theAllowanceRefillsWholeAfterAQuietMinute() {
        for (int i = 0; i < 50; i++) {
            throttle.tryReserve("10.0.0.9");
        }
        clock.advance(Duration.ofSeconds(60));
        for (int i = 0; i < 50; i++) {
            assertThat(throttle.tryReserve("10.0.0.9"))
                    .as("failure %d after a quiet minute", i)
                    .isTrue();
        }
        assertThat(throttle.tryReserve("10.0.0.9")).isFalse();
    }

    @Test
    void successesCountForNothing() {
        for (int i = 0; i < 500; i++) {
            assertThat(throttle.tryReserve("10.0.0.9")).as("login %d", i).isTrue();
            throttle.succeeded("10.0.0.9");
        }
        assertThat(throttle.size())
                .as("a source whose allowance is whole is forgotten")
                .isZero();
    }

    @Test
    void failuresSpreadOverMinutesNeverAddUp() {
        for (int i = 0; i < 200; i++) {
            assertThat(throttle.tryReserve("10.0.0.9")).as("failure %d", i).isTrue();
            clock.advance(Duration.ofSeconds(2));
        }
        // 30 failures per minute: under the bound at every moment.
        assertThat(throttle.failures().get("10.0.0.9")).isLessThan(50);
    }

    @Test
    void memoryIsBoundedByForgettingTheOldestSource() {
        SourceThrottle small = new SourceThrottle(50, Duration.ofSeconds(60), 3, clock);
        for (int i = 0; i < 50; i++) {
            small.tryReserve("a");
        }
        small.tryReserve("b");
        small.tryReserve("c");
        small.tryReserve("d");
        assertThat(small.size()).isEqualTo(3);
        assertThat(small.failures()).doesNotContainKey("a").containsKeys("b", "c", "d");
    }
}
