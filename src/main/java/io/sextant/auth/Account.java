package io.sextant.auth;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * One local account as sextant-cm and sextant-secret describe it at one moment. Immutable. The
 * password hash is kept package-private and out of {@link #toString()}: nothing outside this
 * package needs it, and it must not reach a log.
 */
public final class Account {

    public static final String ADMIN = "admin";

    private final String name;
    private final boolean enabled;
    private final Set<Capability> capabilities;
    private final String passwordHash;
    private final Instant passwordMtime;

    Account(String name, boolean enabled, Set<Capability> capabilities, String passwordHash, Instant passwordMtime) {
        this.name = name;
        this.enabled = enabled;
        this.capabilities =
                capabilities.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(capabilities));
        this.passwordHash = passwordHash;
        this.passwordMtime = passwordMtime;
    }

    public String name() {
        return name;
    }

    public boolean enabled() {
        return enabled;
    }

    public Set<Capability> capabilities() {
        return capabilities;
    }

    public boolean can(Capability capability) {
        return capabilities.contains(capability);
    }

    /** Whether a password is set (a bcrypt hash is stored). */
    public boolean hasPassword() {
        return passwordHash != null;
    }

    /** When the password last changed; tokens issued before then are no longer valid. */
    public Optional<Instant> passwordMtime() {
        return Optional.ofNullable(passwordMtime);
    }

    /** May log in with a password now: enabled, has {@code login}, and has a password. */
    public boolean canLogIn() {
        return enabled && can(Capability.LOGIN) && hasPassword();
    }

    Optional<String> passwordHash() {
        return Optional.ofNullable(passwordHash);
    }

    @Override
    public String toString() {
        return "Account[" + name + (enabled ? "" : ", disabled") + ", capabilities=" + capabilities
                + (hasPassword() ? ", password set" : ", no password") + "]";
    }
}
