package io.sextant.repo.git;

import io.sextant.repo.RepoException;

/**
 * One WARN line on logger {@code io.sextant.security} for every path a repository or an Application
 * tried and was refused because it leaves the repository (an absolute path, {@code ..}, a symlink out,
 * a malformed tree): a refusal is an attack or a mistake, and either is worth a line an operator can
 * alert on (security review, anchor case 3). The message is the error's, already free of credentials.
 */
final class SecurityLog {

    private static final System.Logger LOG = System.getLogger("io.sextant.security");

    private SecurityLog() {}

    /** Logs {@code refused} and returns it, for {@code throw SecurityLog.escape(new RepoException(...))}. */
    static RepoException escape(RepoException refused) {
        LOG.log(System.Logger.Level.WARNING, "refused a path leaving the repository: " + refused.getMessage());
        return refused;
    }
}
