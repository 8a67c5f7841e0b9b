package io.sextant.controller;

import io.sextant.model.RetryStrategy;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code retry{limit, backoff{duration, factor, maxDuration}}} of an operation, with Argo CD's
 * defaults (5s, factor 2, at most 3m). A negative limit retries without end. Stateless.
 */
final class RetryBackoff {

    static final Duration DEFAULT_DURATION = Duration.ofSeconds(5);
    static final long DEFAULT_FACTOR = 2;
    static final Duration DEFAULT_MAX = Duration.ofMinutes(3);
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|h|m|s)");

    private RetryBackoff() {}

    /** Whether another attempt is allowed after {@code retriesSoFar} retries. */
    static boolean allows(RetryStrategy retry, Long retriesSoFar) {
        if (retry == null || retry.getLimit() == null || retry.getLimit() == 0) {
            return false;
        }
        long done = retriesSoFar == null ? 0 : retriesSoFar;
        return retry.getLimit() < 0 || done < retry.getLimit();
    }

    /** The wait before retry number {@code attempt} (1 for the first). */
    static Duration delay(RetryStrategy retry, long attempt) {
        RetryStrategy.Backoff b = retry == null ? null : retry.getBackoff();
        Duration base =
                b == null || b.getDuration() == null ? DEFAULT_DURATION : parse(b.getDuration(), DEFAULT_DURATION);
        long factor = b == null || b.getFactor() == null ? DEFAULT_FACTOR : Math.max(1, b.getFactor());
        Duration max = b == null || b.getMaxDuration() == null ? DEFAULT_MAX : parse(b.getMaxDuration(), DEFAULT_MAX);
        Duration d = base;
        for (long i = 1; i < attempt && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(factor);
        }
        return d.compareTo(max) > 0 ? max : d;
    }

    /** Go-style durations ("5s", "1m30s", "500ms") or plain seconds; anything else gives the default. */
    static Duration parse(String text, Duration fallback) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(t));
        }
        Matcher m = PART.matcher(t);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(
                    switch (m.group(2)) {
                        case "ms" -> Duration.ofMillis(n);
                        case "h" -> Duration.ofHours(n);
                        case "m" -> Duration.ofMinutes(n);
                        default -> Duration.ofSeconds(n);
                    });
            end = m.end();
        }
        return end == t.length() && end > 0 ? total : fallback;
    }
}
