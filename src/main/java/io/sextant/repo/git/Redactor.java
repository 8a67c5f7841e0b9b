package io.sextant.repo.git;

import java.util.regex.Pattern;

/**
 * Removes credentials from text before it reaches an error message, a status field or a log line:
 * the user-info part of every {@code scheme://user:password@host} URL (a token may sit in the user
 * position, so the whole user-info goes), and any secret value the caller knows about.
 *
 * <p>Stateless and thread-safe.
 */
public final class Redactor {

    /** Secret values shorter than this are not searched for: masking "a" would mangle every message. */
    private static final int MIN_SECRET_LENGTH = 4;

    static final String MASK = "***";

    // scheme "://" then user-info up to the LAST '@' of the authority (greedy, stops at '/', whitespace or a
    // quote): a password with a raw '@' in it must go entirely, not just up to its first '@'.
    private static final Pattern USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/\\s\"'<>]*@");

    private Redactor() {}

    /** {@code text} without user-info in URLs; null stays null. */
    public static String redact(String text) {
        if (text == null || text.indexOf('@') < 0) {
            return text;
        }
        return USER_INFO.matcher(text).replaceAll("$1");
    }

    /** {@link #redact(String)}, and every occurrence of the credentials' password and private key masked. */
    public static String redact(String text, Credentials credentials) {
        String out = redact(text);
        if (out == null || credentials == null) {
            return out;
        }
        out = mask(out, credentials.password());
        out = mask(out, credentials.sshPrivateKey());
        return out;
    }

    /**
     * A copy of {@code error}'s chain whose messages are redacted and whose stack traces are kept, so it
     * can be attached as a cause or logged without leaking what the original messages held.
     */
    public static Throwable scrub(Throwable error, Credentials credentials) {
        if (error == null) {
            return null;
        }
        Throwable copy = new RedactedThrowable(
                error.getClass().getName() + ": " + redact(String.valueOf(error.getMessage()), credentials));
        copy.setStackTrace(error.getStackTrace());
        Throwable cause = error.getCause();
        if (cause != null && cause != error) {
            copy.initCause(scrub(cause, credentials));
        }
        return copy;
    }

    /** {@code text} with control characters shown as '?', so echoed input cannot forge extra log lines. */
    public static String printable(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }

    private static String mask(String text, String secret) {
        if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
            return text;
        }
        return text.replace(secret, MASK);
    }

    /** Stands in for an exception whose message was redacted; its text names the original class. */
    static final class RedactedThrowable extends Exception {
        private static final long serialVersionUID = 1L;

        RedactedThrowable(String message) {
            super(message);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
