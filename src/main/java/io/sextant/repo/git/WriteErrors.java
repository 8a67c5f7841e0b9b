package io.sextant.repo.git;

import io.sextant.repo.RepoException;
import io.sextant.repo.RepoException.Reason;
import java.util.Locale;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * Turns what JGit reports while {@link GitReverter} reads from or pushes to a server into errors a user can
 * act on: refused or missing credentials point at the {@code repository-write} Secret, a branch that moved
 * says to try again. Every text is redacted. Stateless.
 */
final class WriteErrors {

    private WriteErrors() {}

    /**
     * A failed request. {@code access} is "read" (ls-remote, fetch) or "write" (push): the server may
     * accept a token for reading and refuse it for writing.
     */
    static RepoException transport(String access, String shown, TransportException e, Credentials credentials) {
        String detail = Redactor.redact(String.valueOf(e.getMessage()), credentials);
        String lower = detail.toLowerCase(Locale.ROOT);
        Throwable cause = Redactor.scrub(e, credentials);
        boolean missing = credentials == null || credentials.isEmpty();
        if (lower.contains("not permitted") || lower.contains("forbidden")) {
            String who = missing ? "anonymous users" : "the configured credentials";
            String what = access.equals("write")
                    ? "push to the repository: they lack write access"
                    : "read the repository, so they lack write access too";
            return new RepoException(
                    Reason.AUTHENTICATION,
                    "cannot revert on " + shown + ": the server does not "
                            + "let " + who + " " + what + "; configure " + GitReverter.WRITE_SECRET
                            + ", with a username and a token that may push",
                    cause);
        }
        if (lower.contains("not authorized")
                || lower.contains("authentication is required")
                || lower.contains("authentication not supported")) {
            String why = missing
                    ? "the server wants credentials and no write credentials are configured for this URL; add "
                            + GitReverter.WRITE_SECRET + ", with a username and a token that may push"
                    : "the server refused the write credentials: they are wrong, expired or lack write access; "
                            + "check " + GitReverter.WRITE_SECRET;
            return new RepoException(Reason.AUTHENTICATION, "cannot revert on " + shown + ": " + why, cause);
        }
        String step = access.equals("write") ? "push to " : "fetch from ";
        return new RepoException(
                Reason.TRANSPORT,
                "cannot revert on " + shown + ": cannot " + step + "the " + "repository: " + detail,
                cause);
    }

    /** Anything else JGit threw while talking to the server. */
    static RepoException other(String access, String shown, Exception e, Credentials credentials) {
        String step = access.equals("write") ? "push to " : "fetch from ";
        return new RepoException(
                Reason.TRANSPORT,
                "cannot revert on " + shown + ": cannot " + step + "the " + "repository: "
                        + Redactor.redact(String.valueOf(e.getMessage()), credentials),
                Redactor.scrub(e, credentials));
    }

    /** Returns when the server took the push; throws what the user should know otherwise. */
    static void checkPushed(RemoteRefUpdate update, String shown, String branchName, Credentials credentials) {
        String branch = Redactor.printable(branchName);
        String serverSays = update.getMessage() == null
                ? ""
                : Redactor.printable(Redactor.redact(update.getMessage(), credentials));
        switch (update.getStatus()) {
            case OK:
                return;
            case REJECTED_NONFASTFORWARD:
            case REJECTED_REMOTE_CHANGED:
            case NON_EXISTING:
                throw moved(shown, branch);
            case REJECTED_OTHER_REASON: {
                String lower = serverSays.toLowerCase(Locale.ROOT);
                // receive-pack's words when the ref changed between its advertisement and the update
                if (lower.contains("lock")
                        || lower.contains("stale")
                        || lower.contains("fetch first")
                        || lower.contains("non-fast-forward")) {
                    throw moved(shown, branch);
                }
                throw new RepoException(
                        Reason.AUTHENTICATION,
                        "cannot revert branch '" + branch + "' of " + shown
                                + ": the server refused the push"
                                + (serverSays.isEmpty() ? "" : " (" + serverSays + ")")
                                + ". The branch may be protected, or the credentials lack write access to it; check "
                                + GitReverter.WRITE_SECRET);
            }
            default:
                throw new RepoException(
                        Reason.TRANSPORT,
                        "cannot revert branch '" + branch + "' of " + shown
                                + ": the push did not complete (" + update.getStatus() + ")"
                                + (serverSays.isEmpty() ? "" : ": " + serverSays) + "; check the branch and try again");
        }
    }

    private static RepoException moved(String shown, String branch) {
        return new RepoException(
                Reason.CONFLICT,
                "cannot revert branch '" + branch + "' of " + shown
                        + ": the branch moved while reverting; try again (nothing was pushed)");
    }
}
