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
 * {@code admin} included. Once a source has failed {@code maxFailures} times within {@code window} its
 * further logins are refused at once (no password checked) until that window ends; successes count for
 * nothing, so people behind one NAT who type their passwords right are never held up.
 *
 * <p>The source is the TCP peer, or the client a trusted proxy names when the server is configured to
 * believe it ({@code quarkus.http.proxy.*}). At most {@code maxEntries} sources are remembered; the one
 * whose window started longest ago is forgotten first. Thread-safe.
 */
public final class SourceThrottle {

    public static final int DEFAULT_MAX_FAILURES = 50;
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_ENTRIES = 10_000;

    private record Window(Instant start, int failures) {}

    private final int maxFailures;
    private final Duration window;
    private final int maxEntries;
    private final Clock clock;
    private final LinkedHashMap<String, Window> windows = new LinkedHashMap<>();

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

    /** Whether {@code source} may try a password now (null: unknown source, always). */
    public synchronized boolean allowed(String source) {
        if (source == null) {
            return true;
        }
        Window w = windows.get(source);
        if (w == null) {
            return true;
        }
        if (!clock.instant().isBefore(w.start().plus(window))) {
            windows.remove(source);
            return true;
        }
        return w.failures() < maxFailures;
    }

    /** Counts a failed password check from {@code source}. */
    public synchronized void failed(String source) {
        if (source == null) {
            return;
        }
        Instant now = clock.instant();
        Window w = windows.get(source);
        if (w == null || !now.isBefore(w.start().plus(window))) {
            windows.remove(source);
            windows.put(source, new Window(now, 1));
            if (windows.size() > maxEntries) {
                var oldest = windows.entrySet().iterator();
                oldest.next();
                oldest.remove();
            }
        } else {
            windows.put(source, new Window(w.start(), w.failures() + 1));
        }
    }

    /** Sources remembered (for tests and metrics). */
    public synchronized int size() {
        return windows.size();
    }

    /** For tests: the sources and their failures. */
    synchronized Map<String, Integer> failures() {
        Map<String, Integer> out = new LinkedHashMap<>();
        windows.forEach((k, v) -> out.put(k, v.failures()));
        return out;
    }
}
