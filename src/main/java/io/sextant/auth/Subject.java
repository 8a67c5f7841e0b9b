package io.sextant.auth;

import java.util.List;

/**
 * Who acts: a username and the groups their login brought (none for local accounts).
 * {@link #SYSTEM} is Sextant's own work (the controller, signed internal reads); it is compared by
 * identity, never by name, so no account or IdP user can be mistaken for it, and nothing built from
 * an HTTP credential is ever that instance.
 */
public record Subject(String username, List<String> groups) {

    /** Sextant itself: allowed everything. Only code, never a credential, names it. */
    public static final Subject SYSTEM = new Subject("sextant:system", List.of());

    public Subject {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    public static Subject user(String username) {
        return new Subject(username, List.of());
    }

    /** Whether this is the {@link #SYSTEM} instance itself (not a user who took its name). */
    public boolean isSystem() {
        return this == SYSTEM;
    }
}
