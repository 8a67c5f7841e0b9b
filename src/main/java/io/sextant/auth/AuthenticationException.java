package io.sextant.auth;

/**
 * A refused login, password change or token. The message is fit to show the caller as it is: it
 * never holds a password, a token, or a hint whether an account exists. No cause is attached,
 * since library exceptions about a token may quote its claims.
 */
public final class AuthenticationException extends RuntimeException {

    public static final String INVALID_CREDENTIALS_MESSAGE = "Invalid username or password";
    public static final String THROTTLED_MESSAGE = "Too many failed login attempts, try again later";
    public static final String INVALID_TOKEN_MESSAGE = "Invalid token";
    public static final String EXPIRED_TOKEN_MESSAGE = "Token has expired, log in again";

    /** Why; an HTTP layer maps these to 401 (and THROTTLED perhaps to 429). */
    public enum Reason {
        INVALID_CREDENTIALS,
        THROTTLED,
        INVALID_TOKEN,
        EXPIRED_TOKEN
    }

    private final Reason reason;

    public AuthenticationException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    static AuthenticationException invalidCredentials() {
        return new AuthenticationException(Reason.INVALID_CREDENTIALS, INVALID_CREDENTIALS_MESSAGE);
    }

    static AuthenticationException invalidToken() {
        return new AuthenticationException(Reason.INVALID_TOKEN, INVALID_TOKEN_MESSAGE);
    }

    public Reason reason() {
        return reason;
    }
}
