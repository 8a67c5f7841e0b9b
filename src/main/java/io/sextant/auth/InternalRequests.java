package io.sextant.auth;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Reads one Sextant process asks of another on behalf of a user it has already authorised (a server
 * without a controller asking the controller for a resource tree): the request carries
 * {@code <epoch seconds>.<random nonce>.<HMAC-SHA256 of "GET", the path with its query, the time and
 * the nonce>} keyed with {@code server.secretkey}, which both processes read from sextant-secret. The
 * receiver accepts it as Sextant itself for reads only, within {@link #WINDOW} of its own clock, and
 * only once: it remembers the nonces it accepted for twice the window, so a signature seen on the
 * wire cannot be replayed (security review L10). The key never leaves the processes. Thread-safe.
 */
public final class InternalRequests {

    public static final String HEADER = "X-Sextant-Internal";
    /** How far the sender's clock may be from the receiver's, and how long a signature can be replayed. */
    static final Duration WINDOW = Duration.ofSeconds(30);

    /** Accepted nonces remembered at most; past it the oldest are forgotten (only key holders add any). */
    static final int MAX_SEEN = 100_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Supplier<byte[]> key;
    private final Clock clock;
    /** nonce → epoch second signed, oldest first. */
    private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();

    public InternalRequests(Supplier<byte[]> key, Clock clock) {
        this.key = key;
        this.clock = clock;
    }

    /** The header value for a GET of {@code pathAndQuery} (starting with {@code /}). */
    public String sign(String pathAndQuery) {
        long now = clock.instant().getEpochSecond();
        byte[] n = new byte[16];
        RANDOM.nextBytes(n);
        String nonce = HexFormat.of().formatHex(n);
        return now + "." + nonce + "." + HexFormat.of().formatHex(mac(pathAndQuery, now, nonce));
    }

    /** Whether {@code header} signs a GET of {@code pathAndQuery} made within the window. */
    public boolean verify(String header, String method, String pathAndQuery) {
        if (header == null || !"GET".equals(method)) {
            return false;
        }
        String[] parts = header.split("\\.", -1);
        if (parts.length != 3 || parts[1].length() != 32) {
            return false;
        }
        long at;
        byte[] given;
        try {
            at = Long.parseLong(parts[0]);
            HexFormat.of().parseHex(parts[1]);
            given = HexFormat.of().parseHex(parts[2]);
        } catch (IllegalArgumentException e) {
            return false;
        }
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - at) > WINDOW.toSeconds()) {
            return false;
        }
        if (!MessageDigest.isEqual(given, mac(pathAndQuery, at, parts[1]))) {
            return false;
        }
        return firstUse(parts[1], at, now);
    }

    /** Remembers {@code nonce}; false when it was seen already. */
    private synchronized boolean firstUse(String nonce, long at, long now) {
        var it = seen.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            if (now - e.getValue() <= 2 * WINDOW.toSeconds() && seen.size() <= MAX_SEEN) {
                break;
            }
            it.remove();
        }
        return seen.putIfAbsent(nonce, at) == null;
    }

    private byte[] mac(String pathAndQuery, long at, String nonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.get(), "HmacSHA256"));
            return mac.doFinal(("sextant-internal\nGET\n" + pathAndQuery + "\n" + at + "\n" + nonce)
                    .getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 with server.secretkey is not available", e);
        }
    }
}
