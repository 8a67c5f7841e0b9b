package io.sextant.auth;

import java.util.List;

/** Who acts: a username and the groups their login brought (none for local accounts). */
public record Subject(String username, List<String> groups) {

    public Subject {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    public static Subject user(String username) {
        return new Subject(username, List.of());
    }
}
