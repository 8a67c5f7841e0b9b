package io.sextant.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.auth.AuthenticationException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Session tokens: what verifies and every way one must not. Real API server. */
class TokenServiceTest {

    private TestCluster cluster;
    private MutableClock clock;
    private AuthFixture auth;
    private String adminPassword;

    @BeforeEach
    void bootstrapped() {
        cluster = TestCluster.create();
        clock = MutableClock.startingNow();
        auth = new AuthFixture(cluster, clock);
        auth.initialAdmin.ensureBootstrap();
        adminPassword = auth.adminInitialPassword();
    }

    @AfterEach
    void cleanUp() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aTokenIsAnHs256JwtWithTheDocumentedClaims() {
        String token = auth.login.login("admin", adminPassword);

        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3);
        assertThat(decode(parts[0])).contains("\"alg\":\"HS256\"");
        assertThat(decode(parts[1]))
                .contains("\"iss\":\"sextant\"", "\"sub\":\"admin\"", "\"jti\":", "\"iat\":", "\"exp\":");
        VerifiedToken verified = auth.tokens.verify(token);
        assertThat(verified.id()).isNotBlank();
        assertThat(auth.login.login("admin", adminPassword))
                .as("each login a new token")
                .isNotEqualTo(token);
    }

    @Test
    void anSsoSessionCarriesItsGroupsNeedsNoAccountAndEndsAtLogoutOrExpiry() {
        String token = auth.tokens.issueSso(
                new Subject("alice@example.com", List.of("devs", "ops")), "https://dex.example.com");
        VerifiedToken v = auth.tokens.verify(token);
        assertThat(v.subject()).isEqualTo(new Subject("alice@example.com", List.of("devs", "ops")));
        assertThat(v.ssoIssuer()).isEqualTo("https://dex.example.com");

        // A state cookie of an SSO login is signed with the same key but is no session.
        String state = new SsoLogins(auth.store::signingKey, auth.revoked, clock)
                .start("/applications")
                .cookie();
        assertThatThrownBy(() -> auth.tokens.verify(state)).isInstanceOf(AuthenticationException.class);

        auth.tokens.revoke(token);
        assertThatThrownBy(() -> auth.tokens.verify(token)).isInstanceOf(AuthenticationException.class);
        String later = auth.tokens.issueSso(new Subject("bob@example.com", List.of()), "https://dex.example.com");
        clock.advance(Duration.ofHours(25));
        assertThatThrownBy(() -> auth.tokens.verify(later))
                .isInstanceOfSatisfying(
                        AuthenticationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.EXPIRED_TOKEN));
    }

    @Test
    void aTamperedTokenIsRefused() {
        cluster.settings(Map.of("accounts.alice", "login"));
        String token = auth.login.login("admin", adminPassword);
        String[] parts = token.split("\\.");

        // The payload rewritten to speak for alice, the signature kept.
        String forgedPayload = encode(decode(parts[1]).replace("\"sub\":\"admin\"", "\"sub\":\"alice\""));
        assertInvalid(parts[0] + "." + forgedPayload + "." + parts[2]);
        // The signature changed in its middle.
        char[] sig = parts[2].toCharArray();
        sig[sig.length / 2] = sig[sig.length / 2] == 'A' ? 'B' : 'A';
        assertInvalid(parts[0] + "." + parts[1] + "." + new String(sig));
        // No signature at all.
        assertInvalid(parts[0] + "." + parts[1] + ".");
        assertInvalid("not a token");
        assertInvalid("");
        assertInvalid(null);
    }

    @Test
    void algNoneAndOtherAlgorithmsAreRefused() throws Exception {
        String token = auth.login.login("admin", adminPassword);
        String payload = token.split("\\.")[1];

        assertInvalid(encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + payload + ".");

        // HS512 with the right key is still not HS256.
        byte[] key =
                TestCluster.base64(cluster.secret(AccountStore.SECRET).getData().get("server.secretkey"));
        assertInvalid(sign(decode(payload), AlgorithmIdentifiers.HMAC_SHA512, key));
        // HS256 with another key.
        assertInvalid(sign(
                decode(payload), AlgorithmIdentifiers.HMAC_SHA256, "another-key-of-at-least-32-bytes!!".getBytes()));
        // The right algorithm and key verify: the refusals above are about the algorithm and key.
        assertThat(auth.tokens
                        .verify(sign(decode(payload), AlgorithmIdentifiers.HMAC_SHA256, key))
                        .username())
                .isEqualTo("admin");
    }

    @Test
    void aTokenExpiresAfter24Hours() {
        String token = auth.login.login("admin", adminPassword);

        clock.advance(Duration.ofHours(23).plusMinutes(59));
        assertThat(auth.tokens.verify(token).username()).isEqualTo("admin");

        clock.advance(Duration.ofMinutes(2));
        assertThatThrownBy(() -> auth.tokens.verify(token))
                .isInstanceOf(AuthenticationException.class)
                .hasMessage(AuthenticationException.EXPIRED_TOKEN_MESSAGE)
                .satisfies(
                        e -> assertThat(((AuthenticationException) e).reason()).isEqualTo(Reason.EXPIRED_TOKEN));
    }

    @Test
    void aPasswordChangeRevokesOlderTokensButNotTheNextOne() {
        String before = auth.login.login("admin", adminPassword);

        auth.store.changePassword("admin", adminPassword, "changed-password");

        assertInvalid(before);
        String after = auth.login.login("admin", "changed-password");
        assertThat(auth.tokens.verify(after).username()).isEqualTo("admin");
    }

    @Test
    void logoutRevokesThatTokenOnEveryReplicaAndNoOther() {
        String first = auth.login.login("admin", adminPassword);
        String second = auth.login.login("admin", adminPassword);
        AuthFixture otherReplica = auth.replica();
        assertThat(otherReplica.tokens.verify(first).username()).isEqualTo("admin");

        auth.login.logout(first);

        assertInvalid(first);
        assertThatThrownBy(() -> otherReplica.tokens.verify(first)).isInstanceOf(AuthenticationException.class);
        assertThatThrownBy(() -> auth.replica().tokens.verify(first))
                .as("a replica started after the logout")
                .isInstanceOf(AuthenticationException.class);
        assertThat(auth.tokens.verify(second).username()).isEqualTo("admin");
        assertThatThrownBy(() -> auth.login.logout(first))
                .as("logging out twice")
                .isInstanceOf(AuthenticationException.class);
        assertThat(cluster.client
                        .configMaps()
                        .inNamespace(cluster.namespace)
                        .withName(RevokedTokens.CONFIG_MAP)
                        .get()
                        .getData())
                .hasSize(1)
                .doesNotContainValue(first);
    }

    @Test
    void aUserLoggingInAndOutOverAndOverNeverRevivesALoggedOutTokenAndCostsABoundedSet() {
        cluster.settings(Map.of("accounts.alice", "login"));
        auth.store.setPassword("alice", "alice-password");
        String bystander = auth.login.login("admin", adminPassword);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < RevokedTokens.PER_SUBJECT * 3; i++) {
            String token = auth.login.login("alice", "alice-password");
            auth.login.logout(token);
            out.add(token);
            clock.advance(Duration.ofSeconds(1));
        }
        String kept = auth.login.login("alice", "alice-password");

        AuthFixture freshReplica = auth.replica();
        for (String token : out) {
            assertInvalid(token);
            assertThatThrownBy(() -> freshReplica.tokens.verify(token)).isInstanceOf(AuthenticationException.class);
        }
        assertThat(auth.tokens.verify(kept).username())
                .as("a session opened after the last logout")
                .isEqualTo("alice");
        assertThat(freshReplica.tokens.verify(bystander).username())
                .as("another user's session")
                .isEqualTo("admin");
        assertThat(auth.revoked.size()).isLessThanOrEqualTo(RevokedTokens.PER_SUBJECT + 1);
        assertThat(cluster.client
                        .configMaps()
                        .inNamespace(cluster.namespace)
                        .withName(RevokedTokens.CONFIG_MAP)
                        .get()
                        .getData())
                .hasSizeLessThanOrEqualTo(RevokedTokens.PER_SUBJECT + 1)
                .containsKey("subject." + RevokedTokens.subjectKey("local\nalice"));
    }

    @Test
    void pastTheCapTheBusiestSubjectCollapsesAndNothingIsForgotten() {
        RevokedTokens small = new RevokedTokens(null, null, clock, 10, Duration.ZERO);
        Instant now = clock.instant();
        Instant exp = now.plus(Duration.ofHours(24));
        for (int i = 0; i < 8; i++) {
            small.revoke("a" + i, "local\na", now.minusSeconds(100 - i), exp);
        }
        for (int i = 0; i < 5; i++) {
            small.revoke("b" + i, "local\nb", now.minusSeconds(50 - i), exp);
        }

        assertThat(small.size()).isLessThanOrEqualTo(10);
        for (int i = 0; i < 8; i++) {
            assertThat(small.isRevoked("a" + i, "local\na", now.minusSeconds(100 - i)))
                    .as("a" + i)
                    .isTrue();
        }
        for (int i = 0; i < 5; i++) {
            assertThat(small.isRevoked("b" + i, "local\nb", now.minusSeconds(50 - i)))
                    .as("b" + i)
                    .isTrue();
        }
        assertThat(small.isRevoked("a-new", "local\na", now))
                .as("issued after the watermark")
                .isFalse();
    }

    @Test
    void expiredRevocationsAreForgotten() {
        String first = auth.login.login("admin", adminPassword);
        auth.login.logout(first);
        clock.advance(Duration.ofHours(25));
        String later = auth.login.login("admin", adminPassword);
        String laterId = auth.tokens.verify(later).id();

        auth.login.logout(later);

        assertThat(cluster.client
                        .configMaps()
                        .inNamespace(cluster.namespace)
                        .withName(RevokedTokens.CONFIG_MAP)
                        .get()
                        .getData())
                .containsOnlyKeys(laterId);
    }

    @Test
    void aTokenOfADeletedAccountIsRefused() {
        cluster.settings(Map.of("accounts.alice", "login"));
        auth.store.setPassword("alice", "alice-password");
        String token = auth.login.login("alice", "alice-password");

        cluster.settings(Map.of());

        assertInvalid(token);
    }

    private void assertInvalid(String token) {
        assertThatThrownBy(() -> auth.tokens.verify(token))
                .isInstanceOf(AuthenticationException.class)
                .hasMessage("Invalid token")
                .satisfies(
                        e -> assertThat(((AuthenticationException) e).reason()).isEqualTo(Reason.INVALID_TOKEN));
    }

    private static String sign(String payload, String alg, byte[] key) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(payload);
        jws.setAlgorithmHeaderValue(alg);
        jws.setKey(new HmacKey(key));
        jws.setDoKeyValidation(false); // HS512 wants a longer key; we only want the algorithm refused
        return jws.getCompactSerialization();
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
