package io.sextant.repo.git;

/**
 * What to authenticate to a git server with: HTTP basic auth ({@code username}/{@code password}, where a
 * personal access token goes in {@code password}) or an ssh private key (PEM / OpenSSH text).
 * Immutable; {@link #toString()} never prints a secret.
 */
public record Credentials(String username, String password, String sshPrivateKey) {

    public static Credentials basic(String username, String password) {
        return new Credentials(username, password, null);
    }

    public static Credentials sshKey(String username, String sshPrivateKey) {
        return new Credentials(username, null, sshPrivateKey);
    }

    /** True when there is a password (or token) to send over HTTP. */
    public boolean hasPassword() {
        return password != null && !password.isEmpty();
    }

    public boolean hasSshPrivateKey() {
        return sshPrivateKey != null && !sshPrivateKey.isBlank();
    }

    /** True when neither a password nor a key is present (a username alone authenticates nothing). */
    public boolean isEmpty() {
        return !hasPassword() && !hasSshPrivateKey();
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=" + (hasPassword() ? Redactor.MASK : "none")
                + ", sshPrivateKey=" + (hasSshPrivateKey() ? Redactor.MASK : "none") + "]";
    }
}
