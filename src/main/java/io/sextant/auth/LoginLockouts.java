package io.sextant.auth;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Failed logins and lockouts shared by every server replica and kept across restarts (security review,
 * anchor cases 14 and 27), in ConfigMap {@code sextant-login-lockouts}; names are stored only as a hash
 * (a mistyped password often lands in the name field):
 * <ul>
 *   <li>{@code n.<hash>} → the end of a lockout (epoch seconds);</li>
 *   <li>{@code f.<hash>.<replica>} → {@code "<failures> <until>"}: how many failures this replica (one
 *       process, a new id after a restart) counted for the name, and when that count lapses.</li>
 * </ul>
 * A replica adds the other replicas' live counts to its own, so 5 guesses spread over replicas lock the
 * name as 5 on one do. Failure counts are written at most once per {@code flushDelay} in one merge patch
 * (a flood of guesses costs a bounded write rate, not a write each); a lockout is written at once. A
 * replica reads the ConfigMap at most every {@code refreshInterval}; lapsed keys are removed with the
 * next write. If the API server cannot be written, counts and lockouts still hold on this replica; past
 * {@link #MAX_ENTRIES} keys new ones are kept here only. Thread-safe.
 */
public final class LoginLockouts implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LoginLockouts.class);

    public static final String CONFIG_MAP = "sextant-login-lockouts";
    /** About 60 bytes a key: well under the 1 MiB a ConfigMap may hold. */
    static final int MAX_ENTRIES = 10_000;

    private record Count(int failures, Instant until) {}

    private final KubernetesClient client;
    private final String namespace;
    private final Clock clock;
    private final Duration refreshInterval;
    private final Duration flushDelay;
    private final String replica = HexFormat.of()
            .formatHex(
                    ByteBuffer.allocate(4).putInt(new SecureRandom().nextInt()).array());
    private final Map<String, Instant> until = new HashMap<>();
    /** Other replicas' counts as of the last read, by full key. */
    private final Map<String, Count> others = new HashMap<>();
    /** This replica's counts not written yet (null: remove), by full key. */
    private final Map<String, Count> pending = new LinkedHashMap<>();

    private final Set<String> stale = new HashSet<>();
    private final Set<String> written = new HashSet<>();
    /** This replica's keys another replica removed (a successful login there), not yet taken. */
    private final Set<String> clearedElsewhere = new HashSet<>();

    private long lastWriteDoneNanos;
    private int writesInFlight;
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "login-failures-writer");
        t.setDaemon(true);
        return t;
    });
    private boolean flushScheduled;
    private long lastRefreshNanos;
    private boolean refreshedOnce;
    private boolean warnedFull;

    public LoginLockouts(KubernetesClient client, String namespace, Clock clock, Duration refreshInterval) {
        this(client, namespace, clock, refreshInterval, Duration.ofSeconds(1));
    }

    /** @param flushDelay how long failure counts gather before they are written */
    public LoginLockouts(
            KubernetesClient client, String namespace, Clock clock, Duration refreshInterval, Duration flushDelay) {
        this.client = client;
        this.namespace = namespace;
        this.clock = clock;
        this.refreshInterval = refreshInterval;
        this.flushDelay = flushDelay;
    }

    /** Whether {@code username} is locked out now, here or (as of the last read) by another replica. */
    public boolean isLocked(String username) {
        refreshIfDue();
        synchronized (this) {
            Instant end = until.get(key(username));
            return end != null && clock.instant().isBefore(end);
        }
    }

    /** Failures the other replicas counted for {@code username} that have not lapsed (as of the last read). */
    public int othersFailures(String username) {
        refreshIfDue();
        String prefix = failurePrefix(username);
        Instant now = clock.instant();
        synchronized (this) {
            int sum = 0;
            for (Map.Entry<String, Count> e : others.entrySet()) {
                if (e.getKey().startsWith(prefix) && now.isBefore(e.getValue().until())) {
                    sum += e.getValue().failures();
                }
            }
            return sum;
        }
    }

    /**
     * Whether a successful login on another replica removed this replica's count for {@code username}
     * since the last call: the caller then starts its count again, as one shared counter would.
     */
    public boolean takeClearedElsewhere(String username) {
        refreshIfDue();
        synchronized (this) {
            return clearedElsewhere.remove(failurePrefix(username) + replica);
        }
    }

    /** Shares this replica's count for {@code username}: {@code failures} until {@code lapses}. */
    public void shareFailures(String username, int failures, Instant lapses) {
        String key = failurePrefix(username) + replica;
        synchronized (this) {
            pending.put(key, new Count(failures, lapses));
            scheduleFlush();
        }
    }

    /** A successful login: every replica's count for {@code username} is removed. */
    public void clearFailures(String username) {
        String prefix = failurePrefix(username);
        synchronized (this) {
            String own = prefix + replica;
            boolean any = false;
            if (written.contains(own)) {
                pending.put(own, null);
                any = true;
            } else {
                pending.remove(own);
            }
            for (var it = others.keySet().iterator(); it.hasNext(); ) {
                String k = it.next();
                if (k.startsWith(prefix)) {
                    it.remove();
                    pending.put(k, null);
                    any = true;
                }
            }
            if (any) {
                scheduleFlush();
            }
        }
    }

    /** Locks {@code username} out until {@code end} on every replica. */
    public void lock(String username, Instant end) {
        String key = key(username);
        Map<String, String> data;
        synchronized (this) {
            until.merge(key, end, (a, b) -> a.isAfter(b) ? a : b);
            Instant now = clock.instant();
            until.entrySet().removeIf(e -> {
                if (!now.isBefore(e.getValue())) {
                    stale.add(e.getKey());
                    return true;
                }
                return false;
            });
            if (until.size() + others.size() + written.size() > MAX_ENTRIES) {
                LOG.warnf("More than %d login keys at once: this lockout holds on this replica only", MAX_ENTRIES);
                return;
            }
            data = takeWrites();
            data.put(key, Long.toString(epochSecondsNotBefore(until.get(key))));
        }
        write(data);
    }

    /** Writes what is pending now (tests; the flusher does it on its own). */
    void flush() {
        Map<String, String> data;
        synchronized (this) {
            flushScheduled = false;
            data = takeWrites();
        }
        if (!data.isEmpty()) {
            write(data);
        }
    }

    @Override
    public void close() {
        flusher.shutdownNow();
    }

    private void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            flusher.schedule(this::flushQuietly, flushDelay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warnf("Cannot share failed-login counts (%s): they hold on this replica only", e.getMessage());
        }
    }

    /** Pending counts and lapsed keys as one patch's data; caller holds the lock. */
    private Map<String, String> takeWrites() {
        Map<String, String> data = new HashMap<>();
        Instant now = clock.instant();
        others.entrySet().removeIf(e -> {
            if (!now.isBefore(e.getValue().until())) {
                stale.add(e.getKey());
                return true;
            }
            return false;
        });
        stale.forEach(k -> data.put(k, null));
        stale.clear();
        pending.forEach((k, c) -> {
            if (c == null || c.failures() <= 0 || !now.isBefore(c.until())) {
                data.put(k, null);
                written.remove(k);
            } else if (written.contains(k) || until.size() + others.size() + written.size() < MAX_ENTRIES) {
                data.put(k, c.failures() + " " + epochSecondsNotBefore(c.until()));
                written.add(k);
            } else if (!warnedFull) {
                warnedFull = true;
                LOG.warnf(
                        "More than %d login keys at once: new failure counts are kept on this replica only",
                        MAX_ENTRIES);
            }
        });
        pending.clear();
        return data;
    }

    /** Rounded up: a lockout or count must never end early on another replica. */
    private static long epochSecondsNotBefore(Instant t) {
        return t.getEpochSecond() + (t.getNano() > 0 ? 1 : 0);
    }

    private void write(Map<String, String> data) {
        synchronized (this) {
            writesInFlight++;
        }
        try {
            SharedKeys.write(client, namespace, CONFIG_MAP, data);
        } catch (KubernetesClientException e) {
            LOG.warnf("Cannot share failed logins (%s): they hold on this replica only", e.getCode());
        } finally {
            synchronized (this) {
                writesInFlight--;
                lastWriteDoneNanos = System.nanoTime();
            }
        }
    }

    private void refreshIfDue() {
        synchronized (this) {
            if (refreshedOnce && System.nanoTime() - lastRefreshNanos < refreshInterval.toNanos()) {
                return;
            }
            lastRefreshNanos = System.nanoTime();
            refreshedOnce = true;
        }
        long readStarted = System.nanoTime();
        ConfigMap cm;
        try {
            cm = client.configMaps().inNamespace(namespace).withName(CONFIG_MAP).get();
        } catch (KubernetesClientException e) {
            return; // what this replica knows still holds
        }
        if (cm == null) {
            return;
        }
        Map<String, String> current = cm.getData() == null ? Map.of() : cm.getData();
        Instant now = clock.instant();
        String ownSuffix = "." + replica;
        synchronized (this) {
            // Our own written keys that are gone were removed by a success elsewhere, unless a write of
            // ours is newer than this read.
            if (readStarted - lastWriteDoneNanos > 0 && writesInFlight == 0 && !flushScheduled) {
                for (var it = written.iterator(); it.hasNext(); ) {
                    String k = it.next();
                    if (!current.containsKey(k) && !pending.containsKey(k)) {
                        it.remove();
                        clearedElsewhere.add(k);
                    }
                }
            }
            others.clear();
            current.forEach((k, v) -> {
                try {
                    String[] parts = v.trim().split(" ");
                    Instant end = Instant.ofEpochSecond(Long.parseLong(parts[parts.length - 1]));
                    if (!now.isBefore(end)) {
                        if (stale.size() < MAX_ENTRIES) {
                            stale.add(k);
                        }
                    } else if (k.startsWith("f.") && parts.length == 2) {
                        if (!k.endsWith(ownSuffix)) {
                            others.put(k, new Count(Integer.parseInt(parts[0]), end));
                        }
                    } else if (k.startsWith("n.")) {
                        until.merge(k, end, (a, b) -> a.isAfter(b) ? a : b);
                    }
                } catch (RuntimeException e) {
                    // not ours
                }
            });
        }
    }

    /** A ConfigMap-safe key; the name itself is not stored (it may be a mistyped password). */
    static String key(String username) {
        return "n." + hash(username);
    }

    private static String failurePrefix(String username) {
        return "f." + hash(username) + ".";
    }

    private static String hash(String username) {
        String name = username == null ? "" : username;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
