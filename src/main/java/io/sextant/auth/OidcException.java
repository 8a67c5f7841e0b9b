package io.sextant.auth;

/**
 * The OpenID provider could not be used or refused: unreachable, misconfigured, or a token or
 * answer that does not verify. The message says what to fix and never holds a token, code or secret.
 */
public final class OidcException extends RuntimeException {

    private final boolean expired;

    public OidcException(String message) {
        this(message, false);
    }

    public OidcException(String message, boolean expired) {
        super(message, null, false, false);
        this.expired = expired;
    }

    /** Whether a token was refused only for having expired. */
    public boolean expired() {
        return expired;
    }
}
