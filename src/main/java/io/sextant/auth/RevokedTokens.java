package io.sextant.auth;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sextant.kube.ApiServerWatch;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Ids ({@code jti}) of logged-out tokens, each kept until the token would have expired anyway.
 *
 * <p>Kept in memory and, when a client is given, in ConfigMap {@code sextant-revoked-tokens}
 * (data: jti → expiry in epoch seconds) so every server replica refuses a logged-out token: a
 * replica re-reads the ConfigMap at most every {@code refreshInterval}, so a logout reaches the
 * others within that time. Writes are JSON merge patches of single keys, which never conflict
 * between replicas; expired ids are removed with the next write. A jti is a random id, useless
 * without the signed token, so a ConfigMap is enough.
 *
 * <p>Bounded without forgetting (security review L6): a logout that names its subject and issue time
 * ({@link #revoke(String, String, Instant, Instant)}) counts against that subject; once a subject has more
 * than {@value #PER_SUBJECT} logged-out tokens, they collapse into one watermark, "every token of this
 * subject issued at or before T is out" (ConfigMap key {@code subject.<hash>}, value
 * {@code <T>:<expiry>}), kept until the last of them would have expired. So a user who logs in and out
 * thousands of times costs {@value #PER_SUBJECT} entries, and what it loses is its own older sessions,
 * never a revocation. Only past {@code maxEntries} entries with no subject left to collapse (as many
 * distinct users logging out as that within a token's lifetime) are the ids closest to expiry forgotten,
 * with a warning. Thread-safe.
 */
public final class RevokedTokens {

    private static final Logger LOG = Logger.getLogger(RevokedTokens.class);

    public static final String CONFIG_MAP = "sextant-revoked-tokens";
    public static final int DEFAULT_MAX_ENTRIES = 10_000;
    /** Logged-out tokens of one subject kept one by one; more collapse into a watermark. */
    public static final int PER_SUBJECT = 25;

    static final String SUBJECT_PREFIX = "subject.";
    /** What a ConfigMap key may hold; ids that do not fit are kept in memory only. */
    private static final Pattern KEY = Pattern.compile("[-._a-zA-Z0-9]{1,253}");

    private final KubernetesClient client;
    private final String namespace;
    private final Clock clock;
    private final int maxEntries;
    private final Duration refreshInterval;
    /** jti → expiry, and whose it was when known. */
    private final Map<String, Entry> revoked = new HashMap<>();
    /** subject hash → every token of it issued at or before {@code issuedUpTo} is out. */
    private final Map<String, Watermark> watermarks = new HashMap<>();

    private record Entry(Instant expiry, String subject, Instant issuedAt) {}

    private record Watermark(Instant issuedUpTo, Instant expiry) {
        String value() {
            return issuedUpTo.getEpochSecond() + ":" + expiry.getEpochSecond();
        }
    }
    /** Expired ids still in the ConfigMap, removed with the next write. */
    private final Set<String> stale = new HashSet<>();

    private long lastRefreshNanos;
    private boolean refreshedOnce;

    /**
     * @param client null keeps revocations in this process only
     * @param refreshInterval how stale this replica's view of other replicas' logouts may be
     */
    public RevokedTokens(
            KubernetesClient client, String namespace, Clock clock, int maxEntries, Duration refreshInterval) {
        this.client = client;
        this.namespace = namespace;
        this.clock = clock;
        this.maxEntries = maxEntries;
        this.refreshInterval = refreshInterval;
    }

    /**
     * Records a logout. Idempotent.
     * @throws KubernetesClientException when the ConfigMap cannot be written (the token is still
     *     refused by this replica; the caller should report the failure so the user can retry)
     */
    public void revoke(String jti, Instant expiresAt) {
        revoke(jti, null, null, expiresAt);
    }

    /**
     * Records the logout of a token of {@code subject} (a name that says whose sessions these are, e.g. the
     * user and their identity provider) issued at {@code issuedAt}. Idempotent.
     *
     * @throws KubernetesClientException as {@link #revoke(String, Instant)}
     */
    public void revoke(String jti, String subject, Instant issuedAt, Instant expiresAt) {
        Set<String> removals;
        Map<String, Object> data = new LinkedHashMap<>();
        synchronized (this) {
            String who = subject == null ? null : subjectKey(subject);
            revoked.put(jti, new Entry(expiresAt, who, issuedAt));
            data.put(jti, entryValue(revoked.get(jti)));
            pruneLocked(clock.instant());
            if (who != null && issuedAt != null && count(who) > PER_SUBJECT) {
                collapse(who, data);
            }
            bound(data);
            removals = Set.copyOf(stale);
        }
        if (client == null) {
            return;
        }
        removals.stream().filter(k -> KEY.matcher(k).matches()).forEach(k -> data.putIfAbsent(k, null));
        data.keySet().removeIf(k -> !KEY.matcher(k).matches());
        if (data.isEmpty()) {
            return;
        }
        persist(data);
        synchronized (this) {
            stale.removeAll(removals);
        }
    }

    /** Whether {@code jti} was logged out (here or, as of the last refresh, on another replica). */
    public boolean isRevoked(String jti) {
        return isRevoked(jti, null, null);
    }

    /** {@link #isRevoked(String)}, or a token of {@code subject} issued at or before its watermark. */
    public boolean isRevoked(String jti, String subject, Instant issuedAt) {
        refreshIfDue();
        synchronized (this) {
            if (revoked.containsKey(jti)) {
                return true;
            }
            if (subject == null || issuedAt == null) {
                return false;
            }
            Watermark w = watermarks.get(subjectKey(subject));
            return w != null && !issuedAt.isAfter(w.issuedUpTo());
        }
    }

    /** How many ids and watermarks are remembered now. */
    public synchronized int size() {
        return revoked.size() + watermarks.size();
    }

    /** The ConfigMap-safe name of a subject: a hash, as names may hold any character. */
    static String subjectKey(String subject) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(subject.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String entryValue(Entry e) {
        return e.subject() == null || e.issuedAt() == null
                ? Long.toString(e.expiry().getEpochSecond())
                : e.expiry().getEpochSecond() + ":" + e.subject() + ":"
                        + e.issuedAt().getEpochSecond();
    }

    private int count(String subject) {
        int n = 0;
        for (Entry e : revoked.values()) {
            if (subject.equals(e.subject())) {
                n++;
            }
        }
        return n;
    }

    /** Replaces the subject's ids by one watermark covering them all; the ConfigMap change goes into {@code data}. */
    private void collapse(String subject, Map<String, Object> data) {
        Watermark w = watermarks.get(subject);
        Instant upTo = w == null ? Instant.EPOCH : w.issuedUpTo();
        Instant until = w == null ? Instant.EPOCH : w.expiry();
        var it = revoked.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            Entry entry = e.getValue();
            if (subject.equals(entry.subject()) && entry.issuedAt() != null) {
                upTo = entry.issuedAt().isAfter(upTo) ? entry.issuedAt() : upTo;
                until = entry.expiry().isAfter(until) ? entry.expiry() : until;
                it.remove();
                data.put(e.getKey(), null);
            }
        }
        Watermark merged = new Watermark(upTo, until);
        watermarks.put(subject, merged);
        data.put(SUBJECT_PREFIX + subject, merged.value());
    }

    private void persist(Map<String, Object> data) {
        SharedKeys.write(client, namespace, CONFIG_MAP, data);
    }

    private void refreshIfDue() {
        if (client == null) {
            return;
        }
        synchronized (this) {
            if (refreshedOnce
                    && (System.nanoTime() - lastRefreshNanos < refreshInterval.toNanos() || ApiServerWatch.down())) {
                return;
            }
            // Mark first, so concurrent callers keep going with what they have instead of piling up reads.
            lastRefreshNanos = System.nanoTime();
            refreshedOnce = true;
        }
        ConfigMap cm;
        try {
            cm = client.configMaps().inNamespace(namespace).withName(CONFIG_MAP).get();
        } catch (KubernetesClientException e) {
            LOG.debugf("could not read %s/%s: %s; using what is known", namespace, CONFIG_MAP, e.getCode());
            return;
        }
        if (cm == null || cm.getData() == null) {
            return;
        }
        Instant now = clock.instant();
        synchronized (this) {
            cm.getData().forEach((key, value) -> {
                try {
                    String[] parts = value.trim().split(":");
                    if (key.startsWith(SUBJECT_PREFIX)) {
                        Watermark w = new Watermark(
                                Instant.ofEpochSecond(Long.parseLong(parts[0])),
                                Instant.ofEpochSecond(Long.parseLong(parts[1])));
                        if (w.expiry().isAfter(now)) {
                            watermarks.merge(
                                    key.substring(SUBJECT_PREFIX.length()),
                                    w,
                                    (a, b) -> new Watermark(
                                            max(a.issuedUpTo(), b.issuedUpTo()), max(a.expiry(), b.expiry())));
                        } else if (stale.size() < maxEntries) {
                            stale.add(key);
                        }
                        return;
                    }
                    Instant expiry = Instant.ofEpochSecond(Long.parseLong(parts[0]));
                    if (expiry.isAfter(now)) {
                        revoked.putIfAbsent(
                                key,
                                parts.length == 3
                                        ? new Entry(expiry, parts[1], Instant.ofEpochSecond(Long.parseLong(parts[2])))
                                        : new Entry(expiry, null, null));
                    } else if (stale.size() < maxEntries) {
                        stale.add(key);
                    }
                } catch (RuntimeException e) {
                    // Not ours; ignore.
                }
            });
            // An id another replica collapsed into a watermark is gone from the ConfigMap; ours may stay, harmlessly.
            pruneLocked(now);
            bound(null);
        }
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** Forgets the ids whose tokens have expired, noting them for removal from the ConfigMap. */
    private void pruneLocked(Instant now) {
        watermarks.entrySet().removeIf(e -> {
            if (!e.getValue().expiry().isAfter(now)) {
                if (client != null && stale.size() < maxEntries) {
                    stale.add(SUBJECT_PREFIX + e.getKey());
                }
                return true;
            }
            return false;
        });
        revoked.entrySet().removeIf(e -> {
            if (!e.getValue().expiry().isAfter(now)) {
                if (client != null && stale.size() < maxEntries) {
                    stale.add(e.getKey());
                }
                return true;
            }
            return false;
        });
    }

    /**
     * Keeps to {@code maxEntries}: first by collapsing the subject with the most ids (when it has two or
     * more, that frees room without forgetting anything), then, as a last resort, by forgetting the id
     * closest to expiry. {@code data} (may be null) gets the ConfigMap changes of collapses.
     */
    private void bound(Map<String, Object> data) {
        boolean warned = false;
        while (size() > maxEntries) {
            Map<String, Integer> counts = new HashMap<>();
            for (Entry e : revoked.values()) {
                if (e.subject() != null && e.issuedAt() != null) {
                    counts.merge(e.subject(), 1, Integer::sum);
                }
            }
            var most =
                    counts.entrySet().stream().max(Map.Entry.comparingByValue()).filter(e -> e.getValue() >= 2);
            if (most.isPresent()) {
                collapse(most.get().getKey(), data == null ? new LinkedHashMap<>() : data);
                continue;
            }
            String soonest = null;
            Instant min = null;
            for (Map.Entry<String, Entry> e : revoked.entrySet()) {
                if (min == null || e.getValue().expiry().isBefore(min)) {
                    min = e.getValue().expiry();
                    soonest = e.getKey();
                }
            }
            if (soonest == null) {
                return; // only watermarks: one per subject, already the least that can be kept
            }
            if (!warned) {
                LOG.warnf(
                        "More than %d logged-out tokens of distinct users: forgetting those closest to expiry",
                        maxEntries);
                warned = true;
            }
            revoked.remove(soonest);
        }
    }
}
