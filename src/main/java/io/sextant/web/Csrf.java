package io.sextant.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The per-session CSRF token: a hash of the session token itself. Only someone who holds the
 * session (an HttpOnly cookie a foreign site cannot read) can compute it, it changes with every
 * login, and it needs no server-side state, so server replicas stay stateless.
 */
final class Csrf {

    static final String FIELD = "_csrf";

    private Csrf() {}

    static String tokenFor(String sessionToken) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("sextant-csrf\0" + sessionToken).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always there", e);
        }
    }

    /**
     * A tag for a message this server hands to the session through a URL (a notice after a redirect):
     * only the session's holder and the server can make it, so a link that carries a message of someone
     * else's making is shown without it (security review L9).
     */
    static String tag(String sessionToken, String message) {
        return tokenFor(sessionToken + "\0message\0" + message);
    }

    /** Constant-time comparison, so the token cannot be guessed byte by byte from timings. */
    static boolean matches(String expected, String given) {
        if (expected == null || given == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
