package io.sextant.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * bcrypt hashing and checking of account passwords, compatible with the hashes Argo CD and
 * {@code htpasswd -B} write ({@code $2a$}, {@code $2b$}, {@code $2y$}), and random passwords.
 * Thread-safe.
 */
public final class Passwords {

    /** Go's bcrypt default, which Argo CD uses. */
    public static final int DEFAULT_COST = 10;

    public static final int MIN_LENGTH = 8;
    /** bcrypt reads at most 72 bytes, one of which is its terminator here; longer would be cut silently. */
    public static final int MAX_BYTES = 71;

    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final SecureRandom random = new SecureRandom();
    private final int cost;
    /** Checked against when there is no real hash, so that a missing account costs what a wrong password costs. */
    private final String dummyHash;

    public Passwords() {
        this(DEFAULT_COST);
    }

    /** @param cost bcrypt's log2 rounds (4..31); tests may lower it */
    public Passwords(int cost) {
        this.cost = cost;
        this.dummyHash = hash(randomPassword(20));
    }

    /** A bcrypt hash of {@code password}. @throws IllegalArgumentException when the password is too short or long */
    public String hash(String password) {
        check(password);
        return BCrypt.with(BCrypt.Version.VERSION_2A, random, LongPasswordStrategies.strict(BCrypt.Version.VERSION_2A))
                .hashToString(cost, password.toCharArray());
    }

    /**
     * Whether {@code password} matches {@code hash}. A missing or malformed hash, or a password
     * bcrypt cannot take, is "no" after the same work as a real check.
     */
    public boolean matches(String password, String hash) {
        boolean usable =
                password != null && hash != null && password.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
        String against = usable ? hash : dummyHash;
        String attempt = usable ? password : "";
        BCrypt.Result result;
        try {
            result = BCrypt.verifyer(
                            BCrypt.Version.VERSION_2A, LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2A))
                    .verify(attempt.toCharArray(), against.toCharArray());
        } catch (RuntimeException e) {
            // A hash a person mistyped into the Secret; never let it read as a match.
            burnDummy();
            return false;
        }
        if (!result.validFormat) {
            burnDummy();
            return false;
        }
        return usable && result.verified;
    }

    /** Spends one bcrypt verification that cannot succeed: the cost of a check, for answers that must not be faster. */
    public void burnDummy() {
        BCrypt.verifyer().verify(new char[] {'x'}, dummyHash.toCharArray());
    }

    /** A new random password: {@code length} letters and digits (URL-safe, no shell metacharacters). */
    public String randomPassword(int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return b.toString();
    }

    /** Refuses a new password bcrypt would weaken or that is too short to be one. */
    public static void check(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("a password needs at least " + MIN_LENGTH + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new IllegalArgumentException("a password may have at most " + MAX_BYTES + " bytes");
        }
    }
}
