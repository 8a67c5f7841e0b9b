package io.sextant.auth;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Reads one Sextant process asks of another on behalf of a user it has already authorised (a server
 * without a controller asking the controller for a resource tree): the request carries
 * {@code <epoch seconds>.<HMAC-SHA256 of "GET", the path with its query, and the time>} keyed with
 * {@code server.secretkey}, which both processes read from sextant-secret. The receiver accepts it as
 * Sextant itself for reads only, within {@link #WINDOW} of its own clock. Nothing is stored; the key
 * never leaves the processes. Thread-safe.
 */
public final class InternalRequests {

    public static final String HEADER = "X-Sextant-Internal";
    /** How far the sender's clock may be from the receiver's, and how long a signature can be replayed. */
    static final Duration WINDOW = Duration.ofSeconds(30);

    private final Supplier<byte[]> key;
    private final Clock clock;

    public InternalRequests(Supplier<byte[]> key, Clock clock) {
        this.key = key;
        this.clock = clock;
    }

    /** The header value for a GET of {@code pathAndQuery} (starting with {@code /}). */
    public String sign(String pathAndQuery) {
        long now = clock.instant().getEpochSecond();
        return now + "." + HexFormat.of().formatHex(mac(pathAndQuery, now));
    }

    /** Whether {@code header} signs a GET of {@code pathAndQuery} made within the window. */
    public boolean verify(String header, String method, String pathAndQuery) {
        if (header == null || !"GET".equals(method)) {
            return false;
        }
        int dot = header.indexOf('.');
        if (dot <= 0) {
            return false;
        }
        long at;
        byte[] given;
        try {
            at = Long.parseLong(header.substring(0, dot));
            given = HexFormat.of().parseHex(header.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return false;
        }
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - at) > WINDOW.toSeconds()) {
            return false;
        }
        return MessageDigest.isEqual(given, mac(pathAndQuery, at));
    }

    private byte[] mac(String pathAndQuery, long at) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.get(), "HmacSHA256"));
            return mac.doFinal(("sextant-internal\nGET\n" + pathAndQuery + "\n" + at).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 with server.secretkey is not available", e);
        }
    }
}
