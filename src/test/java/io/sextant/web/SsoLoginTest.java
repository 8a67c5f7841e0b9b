package io.sextant.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.sextant.testing.ApiLogin;
import io.sextant.testing.DexServer;
import io.sextant.testing.SsoSetup;
import io.sextant.testing.TestbedResource;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SSO through a real Dex over HTTPS (its test CA given as rootCA), as the HTTP conversation: the
 * login goes to Dex with PKCE, comes back to {@code /auth/callback} and opens a session that
 * carries the user's Dex groups; a replayed or foreign state is refused; a return URL never leads
 * off-site; ID tokens presented to the API (bearer or cookie) are refused when forged, unsigned,
 * for another client or from another issuer.
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
class SsoLoginTest {

    private static DexServer dex;

    @Inject
    KubernetesClient client;

    @TestHTTPResource("/")
    URL base;

    @BeforeEach
    void provider() {
        ApiLogin.reset();
        if (dex == null) {
            String url = "http://localhost:" + base.getPort();
            dex = DexServer.start(List.of(url + "/auth/callback"), Duration.ofHours(1));
            SsoSetup.oidc(client, dex, url);
        }
    }

    @AfterAll
    static void stop() {
        if (dex != null) {
            SsoSetup.clear(Arc.container().instance(KubernetesClient.class).get());
            dex.close();
            dex = null;
        }
    }

    /** A started login: Dex's authorization URL and the browser's state cookie. */
    private record Started(URI location, String stateCookie) {}

    private Started start(String returnUrl) {
        Response r = given().redirects()
                .follow(false)
                .queryParam("return_url", returnUrl)
                .get("/auth/login");
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.getHeader("Set-Cookie")).contains("HttpOnly").containsIgnoringCase("SameSite=Lax");
        return new Started(URI.create(r.getHeader("Location")), r.getCookie(SsoPages.STATE_COOKIE));
    }

    private static String query(URI uri, String name) {
        for (String pair : uri.getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private Response callback(URI back, String stateCookie) {
        var request = given().redirects().follow(false);
        if (stateCookie != null) {
            request = request.cookie(SsoPages.STATE_COOKIE, stateCookie);
        }
        return request.get("/auth/callback?" + back.getRawQuery());
    }

    @Test
    void loginThroughDexOpensASessionWithTheUsersGroups() {
        Started s = start("/applications?view=list");
        assertThat(s.location().toString()).startsWith(dex.issuer() + "/auth?");
        assertThat(query(s.location(), "code_challenge_method")).isEqualTo("S256");
        assertThat(query(s.location(), "code_challenge")).hasSize(43);
        assertThat(query(s.location(), "nonce")).hasSizeGreaterThanOrEqualTo(43);
        assertThat(query(s.location(), "state")).hasSizeGreaterThanOrEqualTo(43);
        assertThat(query(s.location(), "scope")).isEqualTo("openid profile email groups");

        URI back = dex.login(s.location(), "alice@example.com", DexServer.PASSWORD);
        assertThat(back.toString()).startsWith(base.toString() + "auth/callback?code=");
        Response done = callback(back, s.stateCookie());
        assertThat(done.statusCode()).as(done.asString()).isEqualTo(200);
        assertThat(done.asString()).contains("url=/applications?view=list");
        String session = done.getCookie("argocd.token");
        assertThat(session).isNotBlank();
        assertThat(done.getHeaders().getValues("Set-Cookie"))
                .anyMatch(
                        c -> c.startsWith("argocd.token=") && c.contains("HttpOnly") && c.contains("SameSite=Strict"));

        given().cookie("argocd.token", session)
                .get("/api/v1/session/userinfo")
                .then()
                .statusCode(200)
                .body("loggedIn", Matchers.equalTo(true))
                .body("username", Matchers.equalTo("alice@example.com"))
                .body("groups", Matchers.contains("devs"))
                .body("iss", Matchers.equalTo(dex.issuer()));
        given().header("Authorization", "Bearer " + session)
                .get("/api/v1/applications")
                .then()
                .statusCode(200);
        String page = given().cookie("argocd.token", session)
                .get("/user-info")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(page).contains("alice@example.com");

        // The same callback again (a replayed state and code) is refused, cookie or not.
        Response replay = callback(back, s.stateCookie());
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(replay.asString()).contains("already used");
        assertThat(replay.getCookie("argocd.token")).isNull();
        assertThat(callback(back, null).statusCode()).isEqualTo(401);

        // A state from another browser's login does not finish this one.
        Started mine = start("/applications");
        Started theirs = start("/applications");
        URI theirBack = dex.login(theirs.location(), "bob@example.com", DexServer.PASSWORD);
        Response crossed = callback(theirBack, mine.stateCookie());
        assertThat(crossed.statusCode()).isEqualTo(401);
        assertThat(crossed.asString()).contains("does not match");

        // Logging out ends the SSO session.
        String csrf = Csrf.tokenFor(session);
        given().redirects()
                .follow(false)
                .cookie("argocd.token", session)
                .contentType("application/x-www-form-urlencoded")
                .formParam("_csrf", csrf)
                .post("/logout")
                .then()
                .statusCode(303);
        given().header("Authorization", "Bearer " + session)
                .get("/api/v1/applications")
                .then()
                .statusCode(401);
    }

    @Test
    void dexConfigIsDexsOwnConfigurationWithSextantAsItsClient() {
        String url = "http://localhost:" + base.getPort();
        SsoSetup.off(client);
        Response off = given().redirects().follow(false).get("/auth/login");
        assertThat(off.asString()).contains("SSO is not configured");
        try {
            SsoSetup.dex(client, dex, url);
            given().get("/api/v1/settings")
                    .then()
                    .body("dexConfig.issuer", Matchers.equalTo(dex.issuer()))
                    .body("dexConfig.cliClientID", Matchers.equalTo("sextant-cli"))
                    .body("toString()", Matchers.not(Matchers.containsString(DexServer.CLIENT_SECRET)));
            Started s = start("/applications");
            Response done = callback(dex.login(s.location(), "bob@example.com", DexServer.PASSWORD), s.stateCookie());
            assertThat(done.statusCode()).as(done.asString()).isEqualTo(200);
            given().cookie("argocd.token", done.getCookie("argocd.token"))
                    .get("/api/v1/session/userinfo")
                    .then()
                    .body("username", Matchers.equalTo("bob@example.com"))
                    .body("groups", Matchers.contains("viewers"));
        } finally {
            SsoSetup.off(client);
            SsoSetup.oidc(client, dex, url);
        }
    }

    @Test
    void returnUrlsNeverLeaveTheDashboard() {
        for (String hostile : List.of(
                "//evil.example/x",
                "/\\evil.example",
                "https://other.host/",
                "/\t/evil.example",
                "/applications\r\nSet-Cookie: x=y",
                "javascript:alert(1)")) {
            Started s = start(hostile);
            Response done = callback(dex.login(s.location(), "alice@example.com", DexServer.PASSWORD), s.stateCookie());
            assertThat(done.statusCode()).isEqualTo(200);
            assertThat(done.asString())
                    .as(hostile)
                    .contains("url=/applications\"")
                    .doesNotContain("evil")
                    .doesNotContain("other.host");
            assertThat(done.getHeaders().getValues("Set-Cookie")).noneMatch(c -> c.startsWith("x="));
        }
        // The login page's own form refuses them too.
        for (String hostile : List.of("//evil.example/x", "/\\evil.example", "https://other.host/")) {
            String page =
                    given().queryParam("return_url", hostile).get("/login").asString();
            assertThat(page).contains("name=\"return_url\" value=\"/applications\"");
        }
    }

    @Test
    void idTokensAreCheckedLikeSessions() {
        String alice = dex.idToken("sextant", DexServer.CLIENT_SECRET, "alice@example.com");
        given().header("Authorization", "Bearer " + alice)
                .get("/api/v1/session/userinfo")
                .then()
                .body("username", Matchers.equalTo("alice@example.com"))
                .body("groups", Matchers.contains("devs"));
        given().header("Authorization", "Bearer " + alice)
                .get("/api/v1/applications")
                .then()
                .statusCode(200);
        given().cookie("argocd.token", alice).get("/api/v1/applications").then().statusCode(200);

        String[] parts = alice.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String raised = b64(payload.replace("\"devs\"", "\"admins\""));
        String forged = parts[0] + "." + raised + "." + parts[2];
        String unsigned = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
        String otherClient = dex.idToken(DexServer.OTHER_CLIENT, DexServer.OTHER_SECRET, "alice@example.com");
        String otherIssuer;
        try (DexServer elsewhere = DexServer.start(List.of("https://other.example/callback"), Duration.ofHours(1))) {
            otherIssuer = elsewhere.idToken("sextant", DexServer.CLIENT_SECRET, "alice@example.com");
        }
        for (String bad : List.of(forged, unsigned, otherClient, otherIssuer)) {
            given().header("Authorization", "Bearer " + bad)
                    .get("/api/v1/applications")
                    .then()
                    .statusCode(401);
            given().cookie("argocd.token", bad)
                    .get("/api/v1/applications")
                    .then()
                    .statusCode(401);
            given().redirects()
                    .follow(false)
                    .cookie("argocd.token", bad)
                    .get("/applications")
                    .then()
                    .statusCode(303);
            given().header("Authorization", "Bearer " + bad)
                    .get("/api/v1/session/userinfo")
                    .then()
                    .body("loggedIn", Matchers.equalTo(false));
        }

        // The security review's L5: an IdP user whose name is a local account's (here "admin") is refused
        // as a bearer too, as at the browser login; it never inherits that account's RBAC lines.
        String impostor = dex.idToken("sextant", DexServer.CLIENT_SECRET, "admin");
        given().header("Authorization", "Bearer " + impostor)
                .get("/api/v1/applications")
                .then()
                .statusCode(401)
                .body("message", Matchers.containsString("name of a local account"));

        // Logging an ID token out makes the API refuse it.
        given().header("Authorization", "Bearer " + alice)
                .delete("/api/v1/session")
                .then()
                .statusCode(200);
        given().header("Authorization", "Bearer " + alice)
                .get("/api/v1/applications")
                .then()
                .statusCode(401);
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
