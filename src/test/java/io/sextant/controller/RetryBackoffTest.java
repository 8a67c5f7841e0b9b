package io.sextant.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.model.RetryStrategy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {

    private static RetryStrategy retry(Long limit, String duration, Long factor, String max) {
        RetryStrategy r = new RetryStrategy();
        r.setLimit(limit);
        RetryStrategy.Backoff b = new RetryStrategy.Backoff();
        b.setDuration(duration);
        b.setFactor(factor);
        b.setMaxDuration(max);
        r.setBackoff(b);
        return r;
    }

    @Test
    void limitCountsRetriesAndANegativeLimitNeverStops() {
        assertThat(RetryBackoff.allows(null, 0L)).isFalse();
        assertThat(RetryBackoff.allows(retry(2L, null, null, null), 0L)).isTrue();
        assertThat(RetryBackoff.allows(retry(2L, null, null, null), 1L)).isTrue();
        assertThat(RetryBackoff.allows(retry(2L, null, null, null), 2L)).isFalse();
        assertThat(RetryBackoff.allows(retry(-1L, null, null, null), 1000L)).isTrue();
        assertThat(RetryBackoff.allows(retry(0L, null, null, null), 0L)).isFalse();
    }

    @Test
    void delayGrowsByTheFactorUpToTheMaximumWithArgoDefaults() {
        RetryStrategy defaults = retry(5L, null, null, null);
        assertThat(RetryBackoff.delay(defaults, 1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(RetryBackoff.delay(defaults, 2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(RetryBackoff.delay(defaults, 10)).isEqualTo(Duration.ofMinutes(3));
        RetryStrategy custom = retry(5L, "1m30s", 3L, "4m");
        assertThat(RetryBackoff.delay(custom, 1)).isEqualTo(Duration.ofSeconds(90));
        assertThat(RetryBackoff.delay(custom, 2)).isEqualTo(Duration.ofMinutes(4));
        assertThat(RetryBackoff.parse("500ms", Duration.ZERO)).isEqualTo(Duration.ofMillis(500));
        assertThat(RetryBackoff.parse("7", Duration.ZERO)).isEqualTo(Duration.ofSeconds(7));
        assertThat(RetryBackoff.parse("soon", Duration.ofSeconds(5)))
                .as("unreadable: the default")
                .isEqualTo(Duration.ofSeconds(5));
    }
}
