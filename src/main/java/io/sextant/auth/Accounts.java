package io.sextant.auth;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The local accounts described by one reading of sextant-cm and sextant-secret: the built-in
 * {@code admin} (unless {@code admin.enabled} is "false") plus every {@code accounts.<name>} of
 * sextant-cm. Pure: parsing only, no I/O. Immutable and thread-safe.
 */
public final class Accounts {

    private static final Logger LOG = Logger.getLogger(Accounts.class);

    /** sextant-cm: "false" disables the built-in admin. */
    public static final String ADMIN_ENABLED = "admin.enabled";
    /** sextant-secret: the HMAC key that signs tokens. */
    public static final String SERVER_SECRET_KEY = "server.secretkey";

    static final String PREFIX = "accounts.";
    static final String ENABLED_SUFFIX = ".enabled";

    private final Map<String, Account> byName;

    private Accounts(Map<String, Account> byName) {
        this.byName = byName;
    }

    /**
     * @param settings sextant-cm's data
     * @param secret sextant-secret's data, decoded
     */
    public static Accounts parse(Map<String, String> settings, Map<String, String> secret) {
        Map<String, Set<Capability>> capabilities = new LinkedHashMap<>();
        Map<String, Boolean> enabled = new LinkedHashMap<>();
        if (!"false".equalsIgnoreCase(trim(settings.get(ADMIN_ENABLED)))) {
            capabilities.put(Account.ADMIN, EnumSet.of(Capability.LOGIN));
        }
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(PREFIX) || key.length() == PREFIX.length()) {
                continue;
            }
            String rest = key.substring(PREFIX.length());
            if (rest.endsWith(ENABLED_SUFFIX)) {
                String name = rest.substring(0, rest.length() - ENABLED_SUFFIX.length());
                enabled.put(name, !"false".equalsIgnoreCase(trim(e.getValue())));
            } else if (!rest.equals(Account.ADMIN) || capabilities.containsKey(Account.ADMIN)) {
                // accounts.admin changes admin's capabilities, but does not bring back a disabled admin.
                capabilities.put(rest, Capability.parseList(e.getValue()));
            }
        }
        Map<String, Account> accounts = new LinkedHashMap<>();
        capabilities.forEach((name, caps) -> accounts.put(
                name,
                new Account(
                        name,
                        enabled.getOrDefault(name, true),
                        caps,
                        blankToNull(secret.get(passwordKey(name))),
                        parseMtime(name, secret.get(mtimeKey(name))).orElse(null))));
        return new Accounts(Map.copyOf(accounts));
    }

    public Optional<Account> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(byName.get(name));
    }

    public Collection<Account> all() {
        return byName.values();
    }

    /** The sextant-secret key of an account's bcrypt hash: {@code admin.password} or {@code accounts.<name>.password}. */
    public static String passwordKey(String name) {
        return Account.ADMIN.equals(name) ? "admin.password" : PREFIX + name + ".password";
    }

    /** The sextant-secret key of when the password changed. */
    public static String mtimeKey(String name) {
        return Account.ADMIN.equals(name) ? "admin.passwordMtime" : PREFIX + name + ".passwordMtime";
    }

    /**
     * RFC 3339 as Argo CD writes it ("2024-05-01T10:00:00Z"), plus the "...UTC" that the popular
     * {@code date +%FT%T%Z} recipe produces. Unreadable values are ignored (with a warning): they
     * must not lock an account out.
     */
    static Optional<Instant> parseMtime(String account, String text) {
        String t = trim(text);
        if (t == null || t.isEmpty()) {
            return Optional.empty();
        }
        if (t.endsWith("UTC") || t.endsWith("GMT")) {
            t = t.substring(0, t.length() - 3) + "Z";
        }
        try {
            return Optional.of(OffsetDateTime.parse(t).toInstant());
        } catch (DateTimeParseException e) {
            LOG.warnf("sextant-secret %s is not an RFC 3339 time; ignored", mtimeKey(account));
            return Optional.empty();
        }
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
