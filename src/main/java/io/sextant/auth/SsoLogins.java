package io.sextant.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Supplier;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/**
 * The browser side of an SSO login in flight: a random {@code state}, {@code nonce} and PKCE verifier
 * (32 random bytes each) and where to return, kept in a short-lived cookie signed with the server
 * key (audience {@value #AUDIENCE}, which no session token has), so any server replica can finish
 * the login. Single use: finishing records the state in {@link RevokedTokens}, shared by every
 * replica, and a second callback with it is refused. Thread-safe.
 */
public final class SsoLogins {

    public static final Duration LIFETIME = Duration.ofMinutes(10);
    static final String AUDIENCE = "sextant-sso-state";

    private final Supplier<byte[]> key;
    private final RevokedTokens used;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /** A login just started: the cookie to set and what goes into the provider's authorization URL. */
    public record Started(String cookie, String state, String nonce, String codeChallenge) {
        @Override
        public String toString() {
            return "Started[...]";
        }
    }

    /** A login the callback may finish. */
    public record Pending(String nonce, String codeVerifier, String returnUrl) {
        @Override
        public String toString() {
            return "Pending[returnUrl=" + returnUrl + "]";
        }
    }

    public SsoLogins(Supplier<byte[]> key, RevokedTokens used, Clock clock) {
        this.key = key;
        this.used = used;
        this.clock = clock;
    }

    public Started start(String returnUrl) {
        String state = randomText();
        String nonce = randomText();
        String verifier = randomText();
        long now = clock.instant().getEpochSecond();
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(TokenService.ISSUER);
        claims.setAudience(AUDIENCE);
        claims.setJwtId(state);
        claims.setIssuedAt(NumericDate.fromSeconds(now));
        claims.setExpirationTime(NumericDate.fromSeconds(now + LIFETIME.toSeconds()));
        claims.setStringClaim("nonce", nonce);
        claims.setStringClaim("verifier", verifier);
        claims.setStringClaim("return", returnUrl);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setKey(new HmacKey(key.get()));
        try {
            return new Started(jws.getCompactSerialization(), state, nonce, challenge(verifier));
        } catch (JoseException e) {
            throw new IllegalStateException("could not sign the login state", e);
        }
    }

    /**
     * Checks the callback's {@code state} against the browser's cookie and uses it up.
     * @throws OidcException when the cookie is missing, forged or expired, the state differs, or it was used
     */
    public Pending finish(String state, String cookie) {
        if (state == null || state.isBlank() || cookie == null || cookie.isBlank() || cookie.length() > 4096) {
            throw new OidcException("this login was not started from this browser, or took too long: log in again");
        }
        JwtClaims claims;
        try {
            claims = new JwtConsumerBuilder()
                    .setJwsAlgorithmConstraints(
                            AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.HMAC_SHA256)
                    .setVerificationKey(new HmacKey(key.get()))
                    .setExpectedIssuer(TokenService.ISSUER)
                    .setExpectedAudience(AUDIENCE)
                    .setRequireJwtId()
                    .setRequireExpirationTime()
                    .setEvaluationTime(NumericDate.fromMilliseconds(clock.millis()))
                    .build()
                    .processToClaims(cookie);
        } catch (InvalidJwtException e) {
            throw new OidcException("this login was not started from this browser, or took too long: log in again");
        }
        try {
            String expected = claims.getJwtId();
            if (!MessageDigest.isEqual(
                    expected.getBytes(StandardCharsets.UTF_8), state.getBytes(StandardCharsets.UTF_8))) {
                throw new OidcException("the login's state does not match this browser's: log in again");
            }
            if (used.isRevoked(expected)) {
                throw new OidcException("this login was already used: log in again");
            }
            used.revoke(
                    expected, Instant.ofEpochSecond(claims.getExpirationTime().getValue()));
            return new Pending(
                    claims.getStringClaimValue("nonce"),
                    claims.getStringClaimValue("verifier"),
                    claims.getStringClaimValue("return"));
        } catch (MalformedClaimException e) {
            throw new OidcException("the login state cannot be read: log in again");
        }
    }

    /** PKCE S256: base64url(SHA-256(verifier)). */
    public static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always there", e);
        }
    }

    private String randomText() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
