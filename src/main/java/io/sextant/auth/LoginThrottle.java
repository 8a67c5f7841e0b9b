package io.sextant.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts failed logins per user name (known or not, so the answer says nothing about whether an
 * account exists). A failure more than {@code window} after the previous one starts a new count;
 * once {@code maxFailures} have been counted, the name is refused, even with the right password,
 * until {@code window} has passed since the last counted failure. Refused attempts are not
 * counted (the password is not checked then), so a locked name opens again on time.
 *
 * <p>Defaults follow Argo CD: 5 failures, 300 s, at most 10,000 names remembered. When the map
 * is full the name that failed least recently is forgotten; {@code admin}'s counter is kept
 * apart and never forgotten, so flooding with made-up names cannot reset it. When {@link LoginLockouts}
 * are given, the other replicas' live counts (and those of this replica before a restart) are added to
 * this one's, and a lockout reached anywhere holds everywhere until its window ends; without them the
 * count is this process's alone. Thread-safe.
 */
public final class LoginThrottle {

    public static final int DEFAULT_MAX_FAILURES = 5;
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(300);
    public static final int DEFAULT_MAX_ENTRIES = 10_000;
    /** Longer names are counted under their first this-many characters: keys stay small. */
    static final int MAX_KEY_LENGTH = 64;

    private static final class Counter {
        int failures;
        Instant last;
    }

    private final int maxFailures;
    private final Duration window;
    private final int maxEntries;
    private final Clock clock;
    /** Insertion order is kept as "least recent failure first": a failing name is moved to the end. */
    private final LinkedHashMap<String, Counter> counters = new LinkedHashMap<>();

    private final Counter admin = new Counter();
    private final LoginLockouts shared;

    public LoginThrottle(int maxFailures, Duration window, int maxEntries, Clock clock) {
        this(maxFailures, window, maxEntries, clock, null);
    }

    /** @param shared lockouts of every replica; null counts in this process only */
    public LoginThrottle(int maxFailures, Duration window, int maxEntries, Clock clock, LoginLockouts shared) {
        checkBounds(maxFailures, window, maxEntries);
        this.maxFailures = maxFailures;
        this.window = window;
        this.maxEntries = maxEntries;
        this.clock = clock;
        this.shared = shared;
    }

    /** The bounds a failure count needs (also {@link SourceThrottle}'s). */
    static void checkBounds(int maxFailures, Duration window, int maxEntries) {
        if (maxFailures < 1 || maxEntries < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException(
                    "maxFailures and maxEntries must be positive and window longer than zero");
        }
    }

    public static LoginThrottle defaults(Clock clock) {
        return new LoginThrottle(DEFAULT_MAX_FAILURES, DEFAULT_WINDOW, DEFAULT_MAX_ENTRIES, clock);
    }

    /** Argo CD's defaults, with lockouts shared through {@code shared}. */
    public static LoginThrottle defaults(Clock clock, LoginLockouts shared) {
        return new LoginThrottle(DEFAULT_MAX_FAILURES, DEFAULT_WINDOW, DEFAULT_MAX_ENTRIES, clock, shared);
    }

    /** Whether {@code username} must be refused now without checking its password. */
    public synchronized boolean isLocked(String username) {
        Counter c = lookup(key(username));
        if (c != null && shared != null && shared.takeClearedElsewhere(key(username))) {
            c.failures = 0;
        }
        int mine = c != null && !expired(c, clock.instant()) ? c.failures : 0;
        if (mine >= maxFailures) {
            return true;
        }
        return shared != null
                && (shared.isLocked(key(username)) || mine + shared.othersFailures(key(username)) >= maxFailures);
    }

    /**
     * Counts an attempt as failed before its password is checked, unless the name is locked (then
     * nothing is counted and the answer is false); {@link #recordSuccess} clears it when the password
     * was right. Checking and counting in one step leaves no gap for a burst of parallel guesses to pass
     * the check before any of them is counted (the security review's M6).
     */
    public synchronized boolean tryReserve(String username) {
        if (isLocked(username)) {
            return false;
        }
        recordFailure(username);
        return true;
    }

    /** Counts a failed password check. */
    public synchronized void recordFailure(String username) {
        String key = key(username);
        Instant now = clock.instant();
        Counter c = Account.ADMIN.equals(key) ? admin : counters.remove(key);
        if (c == null) {
            c = new Counter();
        }
        if (expired(c, now)) {
            c.failures = 0;
        }
        c.failures++;
        c.last = now;
        if (shared != null) {
            shared.shareFailures(key, c.failures, now.plus(window));
            if (c.failures + shared.othersFailures(key) >= maxFailures) {
                shared.lock(key, now.plus(window));
            }
        }
        if (c != admin) {
            counters.put(key, c); // at the end: the most recent failure
            evictOverflow(now);
        }
    }

    /** A successful login clears the name's count. */
    public synchronized void recordSuccess(String username) {
        String key = key(username);
        if (Account.ADMIN.equals(key)) {
            admin.failures = 0;
            admin.last = null;
        } else {
            counters.remove(key);
        }
        if (shared != null) {
            shared.clearFailures(key);
        }
    }

    /** How many names other than admin are remembered now. */
    public synchronized int size() {
        return counters.size();
    }

    private Counter lookup(String key) {
        return Account.ADMIN.equals(key) ? admin : counters.get(key);
    }

    private boolean expired(Counter c, Instant now) {
        return c.last == null || !now.isBefore(c.last.plus(window));
    }

    /** Drops counts whose window has passed, then the least recent ones, until the map fits. */
    private void evictOverflow(Instant now) {
        if (counters.size() <= maxEntries) {
            return;
        }
        counters.values().removeIf(c -> expired(c, now));
        Iterator<Map.Entry<String, Counter>> it = counters.entrySet().iterator();
        while (counters.size() > maxEntries && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    private static String key(String username) {
        String name = username == null ? "" : username;
        return name.length() > MAX_KEY_LENGTH ? name.substring(0, MAX_KEY_LENGTH) : name;
    }
}
