package io.sextant.auth;

import java.time.Instant;

/**
 * What a valid token says: who it speaks for, its id (for logout), and its lifetime. Holds no
 * part of the token itself.
 */
public record VerifiedToken(String username, String id, Instant issuedAt, Instant expiresAt) {}
