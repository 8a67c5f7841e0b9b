package io.sextant.auth;

import java.time.Instant;
import java.util.List;

/**
 * What a valid token says: who it speaks for (with the groups an SSO login brought; none for a
 * local account), its id (for logout), its lifetime, and the issuer of an SSO identity (null for a
 * local account). Holds no part of the token itself.
 */
public record VerifiedToken(
        String username, List<String> groups, String id, Instant issuedAt, Instant expiresAt, String ssoIssuer) {

    public VerifiedToken {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    /** The subject RBAC checks: the username and its groups. */
    public Subject subject() {
        return new Subject(username, groups);
    }

    public boolean sso() {
        return ssoIssuer != null;
    }
}
