package io.sextant.auth;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Names locked out after too many failed logins, shared by every server replica and kept across restarts
 * (security review, anchor cases 14 and 27): ConfigMap {@code sextant-login-lockouts}, key
 * {@code n.<hash of the name>} → the end of the lockout in epoch seconds. Only lockouts are shared, not
 * every failure, so a flood of guesses costs at most one write per locked name and window; failures below
 * the limit are counted per replica ({@link LoginThrottle}). A replica reads the ConfigMap at most every
 * {@code refreshInterval}, so a lockout reaches the others within that time; expired keys are removed
 * with the next write. If the API server cannot be written, the lockout still holds on this replica.
 * Thread-safe.
 */
public final class LoginLockouts {

    private static final Logger LOG = Logger.getLogger(LoginLockouts.class);

    public static final String CONFIG_MAP = "sextant-login-lockouts";
    /** About 50 bytes a key: well under the 1 MiB a ConfigMap may hold. */
    static final int MAX_ENTRIES = 10_000;

    private final KubernetesClient client;
    private final String namespace;
    private final Clock clock;
    private final Duration refreshInterval;
    private final Map<String, Instant> until = new HashMap<>();
    private final Set<String> stale = new HashSet<>();
    private long lastRefreshNanos;
    private boolean refreshedOnce;

    public LoginLockouts(KubernetesClient client, String namespace, Clock clock, Duration refreshInterval) {
        this.client = client;
        this.namespace = namespace;
        this.clock = clock;
        this.refreshInterval = refreshInterval;
    }

    /** Whether {@code username} is locked out now, here or (as of the last read) by another replica. */
    public boolean isLocked(String username) {
        refreshIfDue();
        synchronized (this) {
            Instant end = until.get(key(username));
            return end != null && clock.instant().isBefore(end);
        }
    }

    /** Locks {@code username} out until {@code end} on every replica. */
    public void lock(String username, Instant end) {
        String key = key(username);
        Map<String, String> data = new HashMap<>();
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
            if (until.size() > MAX_ENTRIES) {
                LOG.warnf("More than %d names locked out at once: this one is locked on this replica only", MAX_ENTRIES);
                return;
            }
            stale.forEach(k -> data.put(k, null));
            stale.clear();
            data.put(key, Long.toString(until.get(key).getEpochSecond()));
        }
        try {
            SharedKeys.write(client, namespace, CONFIG_MAP, data);
        } catch (KubernetesClientException e) {
            LOG.warnf("Cannot share the lockout of a login name (%s): it holds on this replica only", e.getCode());
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
        ConfigMap cm;
        try {
            cm = client.configMaps().inNamespace(namespace).withName(CONFIG_MAP).get();
        } catch (KubernetesClientException e) {
            return; // what this replica knows still holds
        }
        if (cm == null || cm.getData() == null) {
            return;
        }
        Instant now = clock.instant();
        synchronized (this) {
            cm.getData().forEach((k, v) -> {
                try {
                    Instant end = Instant.ofEpochSecond(Long.parseLong(v.trim()));
                    if (now.isBefore(end)) {
                        until.merge(k, end, (a, b) -> a.isAfter(b) ? a : b);
                    } else if (stale.size() < MAX_ENTRIES) {
                        stale.add(k);
                    }
                } catch (RuntimeException e) {
                    // not ours
                }
            });
        }
    }

    /** A ConfigMap-safe key; the name itself is not stored (it may be a mistyped password). */
    static String key(String username) {
        String name = username == null ? "" : username;
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return "n." + java.util.HexFormat.of().formatHex(digest, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
