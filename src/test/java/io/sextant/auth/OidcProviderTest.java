package io.sextant.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.testing.DexServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The provider client against a real Dex over HTTPS: real ID tokens verify against Dex's JWKS
 * only while unexpired and for the expected audience; Dex's certificate is trusted only through
 * rootCA; a discovery document naming another issuer is refused.
 */
class OidcProviderTest {

    private static DexServer dex;

    @BeforeAll
    static void start() {
        dex = DexServer.start(List.of("http://localhost:1/auth/callback"), Duration.ofMinutes(5));
    }

    @AfterAll
    static void stop() {
        dex.close();
    }

    private static OidcConfig config(String issuer, String rootCa) {
        return new OidcConfig(
                "Dex",
                issuer,
                "sextant",
                DexServer.CLIENT_SECRET,
                "sextant-cli",
                OidcConfig.DEFAULT_SCOPES,
                null,
                rootCa);
    }

    @Test
    void realTokensVerifyOnlyWhileValidAndForTheirAudience() throws Exception {
        String token = dex.idToken("sextant", DexServer.CLIENT_SECRET, "alice@example.com");
        OidcProvider now = new OidcProvider(config(dex.issuer(), dex.caPem()), Clock.systemUTC());
        JwtClaims claims = now.verify(token, List.of("sextant"));
        assertThat(claims.getStringListClaimValue("groups")).containsExactly("devs");
        assertThat(SsoIdentity.subject(claims, List.of("groups")))
                .isEqualTo(new Subject("alice@example.com", List.of("devs")));

        assertThatThrownBy(() -> now.verify(token, List.of("sextant-cli")))
                .isInstanceOf(OidcException.class)
                .hasMessage("the ID token does not verify");

        OidcProvider later = new OidcProvider(
                config(dex.issuer(), dex.caPem()),
                Clock.fixed(Instant.now().plus(Duration.ofMinutes(6)), ZoneOffset.UTC));
        assertThatThrownBy(() -> later.verify(token, List.of("sextant")))
                .isInstanceOfSatisfying(
                        OidcException.class, e -> assertThat(e.expired()).isTrue());
    }

    @Test
    void theProvidersCertificateAndIssuerAreChecked() {
        String token = dex.idToken("sextant", DexServer.CLIENT_SECRET, "alice@example.com");
        OidcProvider jvmCas = new OidcProvider(config(dex.issuer(), null), Clock.systemUTC());
        assertThatThrownBy(() -> jvmCas.verify(token, List.of("sextant")))
                .isInstanceOf(OidcException.class)
                .hasMessageContaining("cannot reach the OpenID provider's discovery document")
                .hasMessageContaining("rootCA");

        OidcProvider otherIssuer = new OidcProvider(config(dex.issuer() + "/", dex.caPem()), Clock.systemUTC());
        assertThatThrownBy(() -> otherIssuer.verify(token, List.of("sextant")))
                .isInstanceOf(OidcException.class)
                .hasMessageContaining("names issuer");
    }

    @Test
    void settingsAreReadWithClearErrors() {
        OidcConfig.SecretReader secrets = (name, key) ->
                name == null && key.equals("oidc.clientSecret") ? Optional.of("s3cret") : Optional.empty();
        OidcConfig c = OidcConfig.from(
                        Map.of(
                                "oidc.config",
                                "issuer: https://idp.example.com\nclientID: sx\nclientSecret: $oidc.clientSecret\n"),
                        secrets)
                .orElseThrow();
        assertThat(c.clientSecret()).isEqualTo("s3cret");
        assertThat(c.requestedScopes()).containsExactly("openid", "profile", "email", "groups");
        assertThat(c.toString()).doesNotContain("s3cret");
        assertThatThrownBy(() -> OidcConfig.from(
                        Map.of("oidc.config", "issuer: http://idp.example.com\nclientID: sx\n"), secrets))
                .hasMessageContaining("https://");
        assertThatThrownBy(() -> OidcConfig.from(
                        Map.of(
                                "oidc.config",
                                "issuer: https://idp.example.com\nclientID: sx\nclientSecret: $other:key\n"),
                        secrets))
                .hasMessageContaining("Secret 'other'");
        assertThat(SsoIdentity.parseScopes("[groups, email]")).containsExactly("groups", "email");
    }
}
