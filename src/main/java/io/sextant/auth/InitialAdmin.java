package io.sextant.auth;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * First-start setup of sextant-secret, as Argo CD does it for argocd-secret: when
 * {@code server.secretkey} is missing it writes a random one (32 random bytes, base64url text);
 * when admin has no password it makes one up, stores it in plain text in Secret
 * {@code sextant-initial-admin-secret} (key {@code password}) for the operator to read, and its
 * bcrypt hash and mtime in sextant-secret.
 *
 * <p>Idempotent, and safe when several replicas start at once: it never overwrites a key that is
 * set; the plain-text Secret is written first and created only when missing (a replica losing
 * that race takes the winner's password), so the hash in sextant-secret always matches the
 * password an operator can read. A left-over {@code sextant-initial-admin-secret} is reused when
 * admin's hash has been deleted (the documented reset: delete {@code admin.password} and
 * {@code admin.passwordMtime}, and delete the initial Secret too for a new password).
 */
public final class InitialAdmin {

    private static final Logger LOG = Logger.getLogger(InitialAdmin.class);

    public static final String SECRET = "sextant-initial-admin-secret";
    public static final String PASSWORD_KEY = "password";
    static final int PASSWORD_LENGTH = 20;

    /** What a call did. */
    public record Result(boolean secretKeyCreated, boolean adminPasswordCreated) {}

    private final KubernetesClient client;
    private final AccountStore store;
    private final Passwords passwords;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public InitialAdmin(KubernetesClient client, AccountStore store, Passwords passwords, Clock clock) {
        this.client = client;
        this.store = store;
        this.passwords = passwords;
        this.clock = clock;
    }

    /** Writes what is missing; does nothing when both keys are set. */
    public Result ensureBootstrap() {
        Map<String, String> secret = store.readSecret();
        boolean needKey = blank(secret.get(Accounts.SERVER_SECRET_KEY));
        boolean needAdmin = blank(secret.get(Accounts.passwordKey(Account.ADMIN)));
        if (!needKey && !needAdmin) {
            return new Result(false, false);
        }
        String key = needKey ? newSecretKey() : null;
        String hash = needAdmin ? passwords.hash(initialPassword()) : null;
        String mtime = AccountStore.formatMtime(clock.instant());
        boolean[] wrote = new boolean[2];
        store.updateSecret(current -> {
            Map<String, String> changes = new HashMap<>();
            wrote[0] = key != null && blank(current.get(Accounts.SERVER_SECRET_KEY));
            wrote[1] = hash != null && blank(current.get(Accounts.passwordKey(Account.ADMIN)));
            if (wrote[0]) {
                changes.put(Accounts.SERVER_SECRET_KEY, key);
            }
            if (wrote[1]) {
                changes.put(Accounts.passwordKey(Account.ADMIN), hash);
                changes.put(Accounts.mtimeKey(Account.ADMIN), mtime);
            }
            return changes;
        });
        if (wrote[1]) {
            LOG.infof("admin's first password is in Secret %s/%s, key %s", store.namespace(), SECRET, PASSWORD_KEY);
        }
        return new Result(wrote[0], wrote[1]);
    }

    /** The password in sextant-initial-admin-secret, created first when missing. */
    private String initialPassword() {
        var secrets = client.secrets().inNamespace(store.namespace());
        for (int attempt = 0; attempt < 5; attempt++) {
            Secret existing = secrets.withName(SECRET).get();
            String found = AccountStore.decode(existing).get(PASSWORD_KEY);
            if (!blank(found)) {
                return found;
            }
            String password = passwords.randomPassword(PASSWORD_LENGTH);
            Map<String, String> data = AccountStore.encode(Map.of(PASSWORD_KEY, password));
            try {
                if (existing == null) {
                    secrets.resource(new SecretBuilder()
                                    .withNewMetadata()
                                    .withName(SECRET)
                                    .withNamespace(store.namespace())
                                    .addToLabels(AccountStore.PART_OF, "sextant")
                                    .endMetadata()
                                    .withType("Opaque")
                                    .withData(data)
                                    .build())
                            .create();
                } else {
                    Map<String, String> merged =
                            new HashMap<>(existing.getData() == null ? Map.of() : existing.getData());
                    merged.putAll(data);
                    existing.setData(merged);
                    secrets.resource(existing).update();
                }
                return password;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                // Another replica wrote it first: read and use theirs.
            }
        }
        throw new IllegalStateException(
                "Secret " + store.namespace() + "/" + SECRET + " kept changing under us; try again");
    }

    private String newSecretKey() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
