package io.sextant.repo;

import java.util.Objects;

/**
 * Why fetching, resolving, reading or rendering a source failed, in words a user can act on. The message
 * is safe to show anywhere (Application conditions, events, logs): it never holds credentials, since every
 * message built from a URL or from a lower layer's error goes through {@link io.sextant.repo.git.Redactor}
 * first, and a cause is only ever attached in its redacted form.
 */
public class RepoException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What kind of failure this is, so callers can choose between retrying and reporting. */
    public enum Reason {
        /** The repository URL is not one Sextant accepts (scheme, syntax, leading '-'). */
        INVALID_URL,
        /** A revision or path argument is malformed (leading '-', control characters, ...). */
        INVALID_ARGUMENT,
        /** The server refused the credentials, or wanted some and got none. */
        AUTHENTICATION,
        /** The server, network or local clone failed; retrying later may help. */
        TRANSPORT,
        /** The revision names no branch, tag or commit of the repository. */
        REVISION_NOT_FOUND,
        /** The application path does not exist at the commit. */
        PATH_NOT_FOUND,
        /** A path or symlink would lead outside the repository. */
        PATH_ESCAPE,
        /** The source uses something Sextant does not support yet (Helm, ssh, ...). */
        UNSUPPORTED,
        /** The source exceeds a configured size limit (files, bytes, objects, nesting, aliases). */
        LIMIT_EXCEEDED,
        /** A manifest file cannot be parsed or is not a valid Kubernetes object. */
        INVALID_MANIFEST,
        /**
         * A write to the repository was not applied because the branch changed on the server meanwhile;
         * nothing was written, and trying again (on the new head) may succeed.
         */
        CONFLICT
    }

    private final Reason reason;

    public RepoException(Reason reason, String message) {
        this(reason, message, null);
    }

    public RepoException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
