package io.sextant.auth;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.HashSet;
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
 * <p>Bounded to {@code maxEntries}: beyond that the ids closest to expiry are forgotten first
 * (with 24 h tokens that takes more logouts a day than a Sextant sees). Thread-safe.
 */
public final class RevokedTokens {

    private static final Logger LOG = Logger.getLogger(RevokedTokens.class);

    public static final String CONFIG_MAP = "sextant-revoked-tokens";
    public static final int DEFAULT_MAX_ENTRIES = 10_000;
    /** What a ConfigMap key may hold; ids that do not fit are kept in memory only. */
    private static final Pattern KEY = Pattern.compile("[-._a-zA-Z0-9]{1,253}");

    private final KubernetesClient client;
    private final String namespace;
    private final Clock clock;
    private final int maxEntries;
    private final Duration refreshInterval;
    /** jti → expiry. */
    private final Map<String, Instant> revoked = new HashMap<>();
    /** Expired ids still in the ConfigMap, removed with the next write. */
    private final Set<String> stale = new HashSet<>();
    private long lastRefreshNanos;
    private boolean refreshedOnce;

    /**
     * @param client null keeps revocations in this process only
     * @param refreshInterval how stale this replica's view of other replicas' logouts may be
     */
    public RevokedTokens(KubernetesClient client, String namespace, Clock clock, int maxEntries, Duration refreshInterval) {
        this.client = client;
        this.namespace = namespace;
        this.clock = clock;
        this.maxEntries = maxEntries;
        this.refreshInterval = refreshInterval;
    }

    /** Revocations in this process only (tests, single-replica use). */
    public static RevokedTokens inMemory(Clock clock) {
        return new RevokedTokens(null, null, clock, DEFAULT_MAX_ENTRIES, Duration.ZERO);
    }

    /**
     * Records a logout. Idempotent.
     * @throws KubernetesClientException when the ConfigMap cannot be written (the token is still
     *     refused by this replica; the caller should report the failure so the user can retry)
     */
    public void revoke(String jti, Instant expiresAt) {
        Set<String> removals;
        synchronized (this) {
            revoked.put(jti, expiresAt);
            pruneLocked(clock.instant());
            bound();
            removals = Set.copyOf(stale);
        }
        if (client == null || !KEY.matcher(jti).matches()) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        removals.stream().filter(k -> KEY.matcher(k).matches()).forEach(k -> data.put(k, null));
        data.put(jti, Long.toString(expiresAt.getEpochSecond()));
        persist(data);
        synchronized (this) {
            stale.removeAll(removals);
        }
    }

    /** Whether {@code jti} was logged out (here or, as of the last refresh, on another replica). */
    public boolean isRevoked(String jti) {
        refreshIfDue();
        synchronized (this) {
            Instant expiry = revoked.get(jti);
            return expiry != null;
        }
    }

    /** How many ids are remembered now. */
    public synchronized int size() {
        return revoked.size();
    }

    private void persist(Map<String, Object> data) {
        var cms = client.configMaps().inNamespace(namespace);
        ObjectNode patchData = JsonNodeFactory.instance.objectNode();
        data.forEach((k, v) -> {
            if (v == null) {
                patchData.putNull(k); // merge patch: null removes the key
            } else {
                patchData.put(k, v.toString());
            }
        });
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.set("data", patchData);
        String patch = root.toString();
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                cms.withName(CONFIG_MAP).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
            Map<String, String> initial = new HashMap<>();
            data.forEach((k, v) -> {
                if (v != null) {
                    initial.put(k, v.toString());
                }
            });
            try {
                cms.resource(new ConfigMapBuilder().withNewMetadata().withName(CONFIG_MAP).withNamespace(namespace)
                        .addToLabels(AccountStore.PART_OF, "sextant").endMetadata().withData(initial).build()).create();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                // Another replica created it meanwhile: patch again.
            }
        }
        throw new IllegalStateException("ConfigMap " + namespace + "/" + CONFIG_MAP + " could not be written");
    }

    private void refreshIfDue() {
        if (client == null) {
            return;
        }
        synchronized (this) {
            if (refreshedOnce && System.nanoTime() - lastRefreshNanos < refreshInterval.toNanos()) {
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
            cm.getData().forEach((jti, value) -> {
                try {
                    Instant expiry = Instant.ofEpochSecond(Long.parseLong(value.trim()));
                    if (expiry.isAfter(now)) {
                        revoked.putIfAbsent(jti, expiry);
                    } else if (stale.size() < maxEntries) {
                        stale.add(jti);
                    }
                } catch (NumberFormatException | NullPointerException e) {
                    // Not ours; ignore.
                }
            });
            pruneLocked(now);
            bound();
        }
    }

    /** Forgets the ids whose tokens have expired, noting them for removal from the ConfigMap. */
    private void pruneLocked(Instant now) {
        revoked.entrySet().removeIf(e -> {
            if (!e.getValue().isAfter(now)) {
                if (client != null && stale.size() < maxEntries) {
                    stale.add(e.getKey());
                }
                return true;
            }
            return false;
        });
    }

    private void bound() {
        while (revoked.size() > maxEntries) {
            String soonest = null;
            Instant min = null;
            for (Map.Entry<String, Instant> e : revoked.entrySet()) {
                if (min == null || e.getValue().isBefore(min)) {
                    min = e.getValue();
                    soonest = e.getKey();
                }
            }
            revoked.remove(soonest);
        }
    }
}
