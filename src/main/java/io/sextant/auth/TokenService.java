package io.sextant.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/**
 * Issues and checks session tokens: HS256 JWTs signed with sextant-secret's
 * {@code server.secretkey}, with {@code iss}/{@code aud} "sextant", {@code sub} the account,
 * {@code iat}, {@code exp} = iat + lifetime (24 h by default) and a random {@code jti}; an SSO
 * session also carries {@code sso_iss} (the provider) and {@code groups}.
 *
 * <p>{@link #verify} refuses a bad signature, {@code alg: none} and any algorithm but HS256, a
 * wrong issuer or audience, an expired token, a local account's token whose account is gone, disabled or without
 * {@code login}, one issued before the account's {@code passwordMtime}, and a logged-out one.
 * Refusals are {@link AuthenticationException}s whose messages never quote the token.
 * Thread-safe.
 */
public final class TokenService {

    public static final String ISSUER = "sextant";
    public static final String AUDIENCE = "sextant";
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(24);
    /** Longer input is not a token of ours; refused before any parsing. */
    static final int MAX_TOKEN_LENGTH = 8192;
    /** Claims of an SSO session: the provider's issuer, and the groups the login brought. */
    static final String SSO_ISSUER = "sso_iss";

    static final String GROUPS = "groups";

    private final AccountStore accounts;
    private final RevokedTokens revoked;
    private final Clock clock;
    private final Duration lifetime;
    private final SecureRandom random = new SecureRandom();

    public TokenService(AccountStore accounts, RevokedTokens revoked, Clock clock, Duration lifetime) {
        this.accounts = accounts;
        this.revoked = revoked;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /**
     * A new token for {@code account} (the caller has checked the password). Its {@code iat} is
     * never before the account's passwordMtime, so a token issued right after a password change
     * is not mistaken for an older one.
     */
    public String issue(Account account) {
        long now = clock.instant().getEpochSecond();
        long issuedAt = Math.max(
                now, account.passwordMtime().map(Instant::getEpochSecond).orElse(now));
        return sign(claims(account.name(), issuedAt));
    }

    /**
     * A session for someone an OpenID provider vouched for (the caller has verified the ID token):
     * {@code sub} their name, {@code groups} the groups RBAC sees, {@code sso_iss} the provider.
     * No local account stands behind it, so only expiry and logout end it.
     */
    public String issueSso(Subject subject, String providerIssuer) {
        JwtClaims claims = claims(subject.username(), clock.instant().getEpochSecond());
        claims.setStringListClaim(GROUPS, subject.groups());
        claims.setStringClaim(SSO_ISSUER, providerIssuer);
        return sign(claims);
    }

    private JwtClaims claims(String subject, long issuedAt) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setAudience(AUDIENCE);
        claims.setSubject(subject);
        claims.setIssuedAt(NumericDate.fromSeconds(issuedAt));
        claims.setExpirationTime(NumericDate.fromSeconds(issuedAt + lifetime.toSeconds()));
        claims.setJwtId(newId());
        return claims;
    }

    private String sign(JwtClaims claims) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setHeader("typ", "JWT");
        jws.setKey(new HmacKey(accounts.signingKey()));
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("could not sign a token", e);
        }
    }

    /**
     * Checks {@code token} and tells whose it is.
     * @throws AuthenticationException with reason EXPIRED_TOKEN or INVALID_TOKEN
     */
    public VerifiedToken verify(String token) {
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN_LENGTH) {
            throw AuthenticationException.invalidToken();
        }
        JwtClaims claims;
        try {
            claims = consumer().processToClaims(token);
        } catch (InvalidJwtException e) {
            // jose4j checks the signature before the times, so "expired" is only said of our own tokens.
            throw e.hasExpired()
                    ? new AuthenticationException(
                            AuthenticationException.Reason.EXPIRED_TOKEN, AuthenticationException.EXPIRED_TOKEN_MESSAGE)
                    : AuthenticationException.invalidToken();
        }
        VerifiedToken verified;
        try {
            String ssoIssuer = claims.getStringClaimValue(SSO_ISSUER);
            verified = new VerifiedToken(
                    claims.getSubject(),
                    ssoIssuer == null || !claims.hasClaim(GROUPS) ? List.of() : claims.getStringListClaimValue(GROUPS),
                    claims.getJwtId(),
                    Instant.ofEpochSecond(claims.getIssuedAt().getValue()),
                    Instant.ofEpochSecond(claims.getExpirationTime().getValue()),
                    ssoIssuer);
        } catch (MalformedClaimException e) {
            throw AuthenticationException.invalidToken();
        }
        if (verified.sso()) {
            // An SSO session has no local account to check: the provider vouched for it at login.
            if (revoked.isRevoked(verified.id(), owner(verified), verified.issuedAt())) {
                throw AuthenticationException.invalidToken();
            }
            return verified;
        }
        Optional<Account> account = accounts.find(verified.username());
        if (account.isEmpty() || !account.get().enabled() || !account.get().can(Capability.LOGIN)) {
            throw AuthenticationException.invalidToken();
        }
        Optional<Instant> changed = account.get().passwordMtime();
        if (changed.isPresent() && verified.issuedAt().isBefore(changed.get())) {
            throw AuthenticationException.invalidToken();
        }
        if (revoked.isRevoked(verified.id(), owner(verified), verified.issuedAt())) {
            throw AuthenticationException.invalidToken();
        }
        return verified;
    }

    /** Whose sessions a token opens, for {@link RevokedTokens}: the identity provider (or local) and the name. */
    public static String owner(VerifiedToken token) {
        return (token.ssoIssuer() == null ? "local" : token.ssoIssuer()) + "\n" + token.username();
    }

    /**
     * Logs {@code token} out: every replica refuses it from now on (see {@link RevokedTokens}).
     * @throws AuthenticationException when the token is not valid (expired, forged, already out)
     */
    public void revoke(String token) {
        VerifiedToken verified = verify(token);
        revoked.revoke(verified.id(), owner(verified), verified.issuedAt(), verified.expiresAt());
    }

    private JwtConsumer consumer() {
        return new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(
                        AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.HMAC_SHA256)
                .setVerificationKey(new HmacKey(accounts.signingKey()))
                .setExpectedIssuer(ISSUER)
                .setExpectedAudience(AUDIENCE)
                .setRequireSubject()
                .setRequireIssuedAt()
                .setRequireExpirationTime()
                .setRequireJwtId()
                .setEvaluationTime(NumericDate.fromMilliseconds(clock.millis()))
                .build();
    }

    private String newId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
