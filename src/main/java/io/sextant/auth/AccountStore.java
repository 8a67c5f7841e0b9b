package io.sextant.auth;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sextant.config.ClusterSettings;
import io.sextant.kube.ApiServerWatch;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Local accounts as the cluster holds them: reads sextant-cm and sextant-secret in the
 * control-plane namespace, and writes password changes to sextant-secret.
 *
 * <p>Reads are cached for {@code cacheTtl} (token checks happen on every request; a few seconds
 * of staleness means a password change or a disabled account takes that long to reach other
 * replicas). This store's own writes drop the cache at once. Writes are read-modify-write with the
 * Secret's resourceVersion and retried on conflict, so two replicas never lose each other's
 * change. Thread-safe.
 */
public final class AccountStore {

    public static final String SECRET = "sextant-secret";
    static final String PART_OF = "app.kubernetes.io/part-of";
    private static final int WRITE_ATTEMPTS = 5;

    private final KubernetesClient client;
    private final String namespace;
    private final Clock clock;
    private final Duration cacheTtl;
    private final Passwords passwords;

    private record Snapshot(Accounts accounts, byte[] signingKey, long readAtNanos) {}

    private volatile Snapshot snapshot;

    public AccountStore(
            KubernetesClient client, String namespace, Clock clock, Duration cacheTtl, Passwords passwords) {
        this.client = client;
        this.namespace = namespace;
        this.clock = clock;
        this.cacheTtl = cacheTtl;
        this.passwords = passwords;
    }

    public String namespace() {
        return namespace;
    }

    /** All local accounts (a snapshot at most {@code cacheTtl} old). */
    public Accounts accounts() {
        return current().accounts();
    }

    public Optional<Account> find(String name) {
        return accounts().find(name);
    }

    /**
     * The token signing key: the bytes of sextant-secret's {@code server.secretkey}.
     * @throws IllegalStateException when it is missing or shorter than 32 bytes
     */
    public byte[] signingKey() {
        byte[] key = current().signingKey();
        if (key == null) {
            throw new IllegalStateException("Secret " + namespace + "/" + SECRET + " has no "
                    + Accounts.SERVER_SECRET_KEY + "; Sextant writes one at start (InitialAdmin.ensureBootstrap)");
        }
        if (key.length < 32) {
            throw new IllegalStateException("Secret " + namespace + "/" + SECRET + " key " + Accounts.SERVER_SECRET_KEY
                    + " is shorter than 32 bytes; delete the key and restart Sextant to generate a new one");
        }
        return key.clone();
    }

    /**
     * Sets an account's password without asking for the current one (an administrator's reset;
     * the caller checks permission). Tokens issued before now stop verifying.
     * @throws IllegalArgumentException when there is no such account or the password is unfit
     */
    public void setPassword(String name, String newPassword) {
        Passwords.check(newPassword);
        if (readAccounts().find(name).isEmpty()) {
            throw new IllegalArgumentException("no local account named '" + name + "'");
        }
        String hash = passwords.hash(newPassword);
        String mtime = formatMtime(passwordChangedAt());
        updateSecret(current -> Map.of(Accounts.passwordKey(name), hash, Accounts.mtimeKey(name), mtime));
    }

    /**
     * Changes an account's password after checking its current one (a user changing their own).
     * @throws AuthenticationException when the current password does not match
     * @throws IllegalArgumentException when there is no such account or the new password is unfit
     */
    public void changePassword(String name, String currentPassword, String newPassword) {
        Passwords.check(newPassword);
        Optional<Account> account = readAccounts().find(name);
        String hash = account.flatMap(Account::passwordHash).orElse(null);
        if (!passwords.matches(currentPassword, hash)) {
            throw new AuthenticationException(
                    AuthenticationException.Reason.INVALID_CREDENTIALS, "current password does not match");
        }
        setPassword(name, newPassword);
    }

    /** Forgets the cached reading; the next call reads the cluster. */
    public void invalidate() {
        snapshot = null;
    }

    /**
     * The moment written as passwordMtime: the next whole second after now. Token times are whole
     * seconds, so a token issued earlier in this same second is still older than it, and a token
     * issued later is given at least this time (see TokenService.issue).
     */
    private Instant passwordChangedAt() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    }

    static String formatMtime(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        if (s != null && ApiServerWatch.down()) {
            return s; // what was read last, rather than every request waiting for an unreachable server
        }
        if (s == null || System.nanoTime() - s.readAtNanos() >= cacheTtl.toNanos()) {
            long now = System.nanoTime();
            Secret secret =
                    client.secrets().inNamespace(namespace).withName(SECRET).get();
            Map<String, String> settings = readSettings();
            // The key's raw bytes: Argo CD's generated keys are random bytes, not text.
            String key = secret == null || secret.getData() == null
                    ? null
                    : secret.getData().get(Accounts.SERVER_SECRET_KEY);
            byte[] keyBytes = key == null ? null : Base64.getDecoder().decode(key);
            s = new Snapshot(
                    Accounts.parse(settings, decode(secret)),
                    keyBytes == null || keyBytes.length == 0 ? null : keyBytes,
                    now);
            snapshot = s;
        }
        return s;
    }

    /** A fresh reading, bypassing the cache (before a write). */
    private Accounts readAccounts() {
        invalidate();
        return current().accounts();
    }

    private Map<String, String> readSettings() {
        ConfigMap cm = client.configMaps()
                .inNamespace(namespace)
                .withName(ClusterSettings.CONFIG_MAP)
                .get();
        return cm == null || cm.getData() == null ? Map.of() : cm.getData();
    }

    /** sextant-secret's data, decoded; empty when the Secret does not exist. */
    Map<String, String> readSecret() {
        return decode(client.secrets().inNamespace(namespace).withName(SECRET).get());
    }

    /**
     * Read-modify-write of sextant-secret: {@code change} sees the current data and returns the
     * keys to set (empty: nothing to do). Creates the Secret when missing. Retried on conflicts,
     * so {@code change} may run more than once and must decide from what it is given.
     * @return whether anything was written
     */
    boolean updateSecret(Function<Map<String, String>, Map<String, String>> change) {
        KubernetesClientException last = null;
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            Secret existing =
                    client.secrets().inNamespace(namespace).withName(SECRET).get();
            Map<String, String> changes = change.apply(decode(existing));
            if (changes.isEmpty()) {
                return false;
            }
            try {
                if (existing == null) {
                    client.secrets()
                            .inNamespace(namespace)
                            .resource(new SecretBuilder()
                                    .withNewMetadata()
                                    .withName(SECRET)
                                    .withNamespace(namespace)
                                    .addToLabels(PART_OF, "sextant")
                                    .endMetadata()
                                    .withType("Opaque")
                                    .withData(encode(changes))
                                    .build())
                            .create();
                } else {
                    Map<String, String> data =
                            new HashMap<>(existing.getData() == null ? Map.of() : existing.getData());
                    data.putAll(encode(changes));
                    existing.setData(data);
                    // update() sends the resourceVersion we read: a concurrent writer makes it fail with 409.
                    client.secrets().inNamespace(namespace).resource(existing).update();
                }
                invalidate();
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                last = e;
            }
        }
        throw new IllegalStateException(
                "Secret " + namespace + "/" + SECRET + " kept changing under us; try again", last);
    }

    static Map<String, String> decode(Secret secret) {
        if (secret == null || secret.getData() == null) {
            return Map.of();
        }
        Map<String, String> out = new HashMap<>();
        secret.getData().forEach((k, v) -> {
            if (v != null) {
                out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8));
            }
        });
        return out;
    }

    static Map<String, String> encode(Map<String, String> plain) {
        Map<String, String> out = new HashMap<>();
        plain.forEach((k, v) -> out.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        return out;
    }
}
