package io.sextant.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts failed password logins per source address. {@link LoginThrottle} locks a name after a few
 * failures, but a flood of made-up names from one client is not stopped by it, and each of those logins
 * costs a bcrypt check, so a few such clients would keep the login slots busy and lock everyone out,
 * {@code admin} included. Each source has an allowance of {@code maxFailures} failed checks that refills
 * evenly over {@code window} (a token bucket): a person who mistypes is never held up, while a flood gets its
 * first {@code maxFailures} checks and then about one every {@code window / maxFailures} (1.2 s by default),
 * its further logins refused at once (no password checked). A fixed window (the first design) let a flood have
 * another {@code maxFailures} checks at once at the start of every window, which held all the password-check
 * slots for a second or two each minute (a 60 s flood showed admin refused then). Successes count for nothing,
 * so people behind one NAT who type their passwords right are never held up.
 *
 * <p>The source is the TCP peer, or the client a trusted proxy names when the server is configured to
 * believe it ({@code quarkus.http.proxy.*}). At most {@code maxEntries} sources are remembered; the one
 * that failed longest ago is forgotten first. Thread-safe.
 */
public final class SourceThrottle {

    public static final int DEFAULT_MAX_FAILURES = 50;
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_ENTRIES = 10_000;

    /** What is left of a source's allowance, as of {@code at}. */
    private record Allowance(double left, Instant at) {}

    private final int maxFailures;
    private final Duration window;
    private final int maxEntries;
    private final Clock clock;
    private final LinkedHashMap<String, Allowance> sources = new LinkedHashMap<>();

    public SourceThrottle(int maxFailures, Duration window, int maxEntries, Clock clock) {
        LoginThrottle.checkBounds(maxFailures, window, maxEntries);
        this.maxFailures = maxFailures;
        this.window = window;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    public static SourceThrottle defaults(Clock clock) {
        return new SourceThrottle(DEFAULT_MAX_FAILURES, DEFAULT_WINDOW, DEFAULT_MAX_ENTRIES, clock);
    }

    /**
     * Whether {@code source} may try a password now (null: unknown source, always); if so, one failure is
     * counted at once, before the check, so that concurrent logins of one flood cannot all pass on the same
     * last unit of allowance (a 60 s flood showed that race); {@link #succeeded} gives it back.
     */
    public synchronized boolean tryReserve(String source) {
        if (source == null) {
            return true;
        }
        Instant now = clock.instant();
        Allowance a = sources.remove(source);
        double left = a == null ? maxFailures : refilled(a, now);
        if (left < 1) {
            sources.put(source, new Allowance(left, now));
            return false;
        }
        sources.put(source, new Allowance(left - 1, now)); // last, as the most recent failure
        if (sources.size() > maxEntries) {
            var oldest = sources.entrySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    /** The reserved check of {@code source} did not fail (right password, or no check was made after all). */
    public synchronized void succeeded(String source) {
        if (source == null) {
            return;
        }
        Allowance a = sources.get(source);
        if (a != null) {
            Instant now = clock.instant();
            double left = Math.min(maxFailures, refilled(a, now) + 1);
            if (left >= maxFailures) {
                sources.remove(source); // whole again: nothing to remember
            } else {
                sources.put(source, new Allowance(left, now));
            }
        }
    }

    private double refilled(Allowance a, Instant now) {
        double elapsed = Math.max(0, Duration.between(a.at(), now).toNanos());
        return Math.min(maxFailures, a.left() + elapsed * maxFailures / window.toNanos());
    }

    /** Sources remembered (for tests and metrics). */
    public synchronized int size() {
        return sources.size();
    }

    /** For tests: the sources and their failures not yet refilled, rounded up. */
    synchronized Map<String, Integer> failures() {
        Map<String, Integer> out = new LinkedHashMap<>();
        Instant now = clock.instant();
        sources.forEach((k, v) -> out.put(k, (int) Math.ceil(maxFailures - refilled(v, now))));
        return out;
    }
}
