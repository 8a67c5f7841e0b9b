package io.sextant.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.sextant.embedded.FixtureRepository;
import io.sextant.embedded.GitHttpServer;
import io.sextant.testing.ApiLogin;
import io.sextant.testing.Apps;
import io.sextant.testing.TestbedResource;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard against hostile input and forged requests, as the HTTP conversation: pages need a
 * session; every POST needs the session's CSRF token (none or a wrong one is 403); pages carry a
 * strict Content-Security-Policy; user-written text is escaped and only http(s) URLs become links;
 * the login page never redirects off-site; filters and paging run on the server.
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
class WebSecurityTest {

    private static final String HOSTILE = "<script>alert('x')</script>";

    @Inject
    KubernetesClient client;

    private String cookie;

    @BeforeEach
    void login() {
        ApiLogin.reset();
        Response r = given().redirects()
                .follow(false)
                .contentType("application/x-www-form-urlencoded")
                .formParam("username", "admin")
                .formParam("password", ApiLogin.adminPassword(client))
                .formParam("return_url", "/applications")
                .post("/login");
        assertThat(r.statusCode()).isEqualTo(303);
        cookie = r.getCookie("argocd.token");
        assertThat(cookie).isNotBlank();
        assertThat(r.getHeader("Set-Cookie")).contains("HttpOnly").containsIgnoringCase("SameSite=Strict");
    }

    @AfterAll
    static void cleanUp() {
        ApiLogin.reset();
    }

    private String csrf() {
        String page = given().cookie("argocd.token", cookie)
                .get("/applications")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
        assertThat(m.find()).as("the page carries a CSRF token").isTrue();
        return m.group(1);
    }

    @Test
    void pagesNeedASessionAndLoginNeverRedirectsOffSite() {
        Response r = given().redirects().follow(false).get("/applications?view=list");
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.getHeader("Location")).contains("/login?return_url=%2Fapplications%3Fview%3Dlist");
        assertThat(given().redirects().follow(false).get("/stream/applications").statusCode())
                .isEqualTo(401);
        assertThat(given().redirects()
                        .follow(false)
                        .cookie("argocd.token", "forged.token.value")
                        .get("/applications")
                        .statusCode())
                .isEqualTo(303);

        Response offSite = given().redirects()
                .follow(false)
                .contentType("application/x-www-form-urlencoded")
                .formParam("username", "admin")
                .formParam("password", ApiLogin.adminPassword(client))
                .formParam("return_url", "//evil.example/steal")
                .post("/login");
        assertThat(offSite.getHeader("Location")).endsWith("/applications");
        Response wrong = given().contentType("application/x-www-form-urlencoded")
                .formParam("username", "admin")
                .formParam("password", "not-it")
                .post("/login");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.asString()).contains("role=\"alert\"");
    }

    /** Every state-changing form of the dashboard ({name} as "any"); login is guarded by its Origin check instead. */
    private static final String[] POSTS = {
        "/applications",
        "/bulk-actions",
        "/logout",
        "/applications/any/sync",
        "/applications/any/refresh",
        "/applications/any/delete",
        "/applications/any/rollback",
        "/applications/any/revert",
        "/applications/any/policy",
        "/applications/any/terminate",
        "/applications/any/edit",
        "/settings/repositories",
        "/settings/repositories/delete"
    };

    @Test
    void theCsrfCheckBelowCoversEveryPostOfThePages() throws Exception {
        Set<String> found = new TreeSet<>();
        java.nio.file.Path classes = java.nio.file.Path.of(LoginPage.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .resolve("io/sextant/web");
        try (var files = Files.list(classes)) {
            for (java.nio.file.Path f :
                    files.filter(p -> p.toString().endsWith(".class")).toList()) {
                Class<?> type = Class.forName(
                        "io.sextant.web." + f.getFileName().toString().replace(".class", ""),
                        false,
                        LoginPage.class.getClassLoader());
                jakarta.ws.rs.Path root = type.getAnnotation(jakarta.ws.rs.Path.class);
                for (var m : type.getDeclaredMethods()) {
                    jakarta.ws.rs.Path sub = m.getAnnotation(jakarta.ws.rs.Path.class);
                    if (root != null && m.isAnnotationPresent(POST.class)) {
                        String path = ("/" + root.value() + "/" + (sub == null ? "" : sub.value()))
                                .replaceAll("/+", "/")
                                .replaceAll("/$", "")
                                .replaceAll("\\{[^}]+}", "any");
                        found.add(path);
                    }
                }
            }
        }
        found.remove("/login");
        assertThat(found).isNotEmpty().containsExactlyInAnyOrder(POSTS);
    }

    @Test
    void everyPostNeedsTheSessionsCsrfToken() {
        String token = csrf();
        for (String path : POSTS) {
            assertThat(given().redirects()
                            .follow(false)
                            .cookie("argocd.token", cookie)
                            .contentType("application/x-www-form-urlencoded")
                            .formParam("id", "0")
                            .post(path)
                            .statusCode())
                    .as("POST %s without a token", path)
                    .isEqualTo(403);
            assertThat(given().redirects()
                            .follow(false)
                            .cookie("argocd.token", cookie)
                            .contentType("application/x-www-form-urlencoded")
                            .formParam("_csrf", token + "x")
                            .formParam("id", "0")
                            .post(path)
                            .statusCode())
                    .as("POST %s with a wrong token", path)
                    .isEqualTo(403);
        }
        // The right token passes the check (here the form itself is invalid: field errors, 422).
        Response ok = given().redirects()
                .follow(false)
                .cookie("argocd.token", cookie)
                .contentType("application/x-www-form-urlencoded")
                .formParam("_csrf", token)
                .formParam("name", "Bad Name")
                .formParam("repoURL", "javascript:alert(1)")
                .post("/applications");
        assertThat(ok.statusCode()).isEqualTo(422);
        assertThat(ok.asString())
                .contains("id=\"err-name\"")
                .contains("id=\"err-repoURL\"")
                .contains("Repository URL must be an https://")
                .doesNotContain("href=\"javascript:");
    }

    @Test
    void pagesSendAStrictContentSecurityPolicy() {
        Response r = given().cookie("argocd.token", cookie).get("/applications");
        String csp = r.getHeader("Content-Security-Policy");
        assertThat(csp)
                .contains("default-src 'self'")
                .contains("script-src 'self'")
                .contains("style-src 'self'")
                .contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline")
                .doesNotContain("unsafe-eval");
        assertThat(r.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(r.asString())
                .doesNotContain("<script>")
                .doesNotContain(" style=\"")
                .doesNotContain("onclick=");
        assertThat(given().get("/login").getHeader("Content-Security-Policy")).contains("default-src 'self'");
    }

    @Test
    void hostileTextIsEscapedAndOnlyHttpLinksAreRendered() {
        Apps apps = new Apps(client);
        apps.create("hostile-app", "javascript:alert(document.cookie)//", "HEAD", ".", "hostile-ns", "");
        // A merge patch: the controller writes the status meanwhile, so a whole-object update may conflict.
        apps.patch(
                "hostile-app",
                "{\"metadata\": {\"annotations\": {\"note\": \"" + HOSTILE + "\"}, \"labels\": {\"team\": \"x\"}}}");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> given().cookie("argocd.token", cookie)
                        .get("/applications/hostile-app?panel=details")
                        .asString()
                        .contains("alert"));

        String details = given().cookie("argocd.token", cookie)
                .get("/applications/hostile-app?panel=details")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(details)
                .doesNotContain(HOSTILE)
                .contains("&lt;script&gt;alert(")
                .doesNotContain("href=\"javascript:")
                .contains("javascript:alert(document.cookie)//");
        String list = given().cookie("argocd.token", cookie)
                .get("/applications?search=" + HOSTILE)
                .asString();
        assertThat(list).doesNotContain(HOSTILE).contains("&lt;script&gt;");
        String tiles =
                given().cookie("argocd.token", cookie).get("/applications").asString();
        assertThat(tiles).doesNotContain("href=\"javascript:");
        String badSelector = given().cookie("argocd.token", cookie)
                .get("/applications?labels=" + HOSTILE + "=(")
                .asString();
        assertThat(badSelector).doesNotContain(HOSTILE);
        apps.delete("hostile-app");
    }

    @Test
    void deleteConfirmationOnTheListAndTheDetailsPage() {
        Apps apps = new Apps(client);
        apps.create("web-delete-me", "https://example.invalid/repo.git", "HEAD", ".", "web-delete-me", "");
        try {
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(given().cookie("argocd.token", cookie)
                                    .get("/applications?delete=web-delete-me")
                                    .asString())
                            .contains("id=\"delete-confirm\""));
            String list = given().cookie("argocd.token", cookie)
                    .get("/applications?delete=web-delete-me")
                    .asString();
            assertThat(list)
                    .contains("action=\"/applications/web-delete-me/delete\"")
                    .contains("<a class=\"button\" href=\"/applications\">CANCEL</a>")
                    .contains("value=\"non-cascading\"");
            String details = given().cookie("argocd.token", cookie)
                    .get("/applications/web-delete-me?delete=1")
                    .asString();
            assertThat(details)
                    .contains("action=\"/applications/web-delete-me/delete\"")
                    .contains("<a class=\"button\" href=\"/applications/web-delete-me\">CANCEL</a>")
                    .contains("<strong>web-delete-me</strong>");
        } finally {
            apps.delete("web-delete-me");
        }
    }

    @Test
    void settingsConnectTestAndDisconnectARepository() throws Exception {
        var server = GitHttpServer.start(Files.createTempDirectory("web-repos"), 0);
        try (var repo = FixtureRepository.create(
                server, "settings-kc", FixtureRepository.locateFixtures(), "erin", "settings-pass-7702")) {
            String token = csrf();
            Response wrong = given().redirects()
                    .follow(false)
                    .cookie("argocd.token", cookie)
                    .contentType("application/x-www-form-urlencoded")
                    .formParam("_csrf", token)
                    .formParam("action", "connect")
                    .formParam("repo", repo.url())
                    .formParam("username", "erin")
                    .formParam("password", "wrong-pass-1181")
                    .post("/settings/repositories");
            assertThat(wrong.statusCode()).isEqualTo(422);
            assertThat(wrong.asString())
                    .contains("id=\"settings-error\"")
                    .contains("Unable to connect to repository")
                    .doesNotContain("wrong-pass-1181");
            Response test = given().redirects()
                    .follow(false)
                    .cookie("argocd.token", cookie)
                    .contentType("application/x-www-form-urlencoded")
                    .formParam("_csrf", token)
                    .formParam("action", "test")
                    .formParam("repo", repo.url())
                    .formParam("username", "erin")
                    .formParam("password", "settings-pass-7702")
                    .post("/settings/repositories");
            assertThat(test.statusCode()).isEqualTo(303);
            assertThat(given().urlEncodingEnabled(false)
                            .cookie("argocd.token", cookie)
                            .get(test.getHeader("Location"))
                            .asString())
                    .contains("Connection to " + repo.url() + " succeeded");
            // The security review's L9: a link with a notice of someone else's making shows no notice.
            assertThat(given().cookie("argocd.token", cookie)
                            .queryParam("notice", "Your session expired: call 0800-SCAM")
                            .get("/settings")
                            .asString())
                    .doesNotContain("0800-SCAM")
                    .doesNotContain("settings-notice");
            String forgedTag = test.getHeader("Location").replaceAll("notice=[^&]*", "notice=Call+0800-SCAM");
            assertThat(given().urlEncodingEnabled(false)
                            .cookie("argocd.token", cookie)
                            .get(forgedTag)
                            .asString())
                    .doesNotContain("0800-SCAM");
            Response connect = given().redirects()
                    .follow(false)
                    .cookie("argocd.token", cookie)
                    .contentType("application/x-www-form-urlencoded")
                    .formParam("_csrf", token)
                    .formParam("action", "connect")
                    .formParam("repo", repo.url())
                    .formParam("username", "erin")
                    .formParam("password", "settings-pass-7702")
                    .post("/settings/repositories");
            assertThat(connect.statusCode()).isEqualTo(303);
            String page =
                    given().cookie("argocd.token", cookie).get("/settings").asString();
            assertThat(page)
                    .contains(repo.url())
                    .contains("Successful")
                    .contains("Disconnect " + repo.url())
                    .doesNotContain("settings-pass-7702");
            Response disconnect = given().redirects()
                    .follow(false)
                    .cookie("argocd.token", cookie)
                    .contentType("application/x-www-form-urlencoded")
                    .formParam("_csrf", token)
                    .formParam("repo", repo.url())
                    .post("/settings/repositories/delete");
            assertThat(disconnect.statusCode()).isEqualTo(303);
            assertThat(given().cookie("argocd.token", cookie).get("/settings").asString())
                    .doesNotContain("Disconnect " + repo.url());
        } finally {
            server.close();
        }
    }

    @Test
    void userInfoSettingsAndTheSsoHook() {
        assertThat(given().cookie("argocd.token", cookie).get("/user-info").asString())
                .contains("id=\"user-name\">admin<");
        assertThat(given().cookie("argocd.token", cookie).get("/settings").asString())
                .contains("Repositories")
                .contains("Clusters")
                .contains("https://kubernetes.default.svc")
                .contains("Projects");

        var cms = client.configMaps().inNamespace(Apps.NAMESPACE);
        boolean existed = cms.withName("sextant-cm").get() != null;
        if (!existed) {
            cms.resource(new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName("sextant-cm")
                            .endMetadata()
                            .build())
                    .create();
        }
        cms.withName("sextant-cm")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\": {\"oidc.config\": \"name: Test\"}}");
        try {
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> given().get("/login").asString().contains("LOG IN VIA SSO"));
        } finally {
            if (existed) {
                cms.withName("sextant-cm")
                        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\": {\"oidc.config\": null}}");
            } else {
                cms.withName("sextant-cm").delete();
            }
        }
        await().atMost(Duration.ofSeconds(15))
                .until(() -> !given().get("/login").asString().contains("LOG IN VIA SSO"));
    }

    /**
     * The security review's M5 (its cookie half): behind a TLS-terminating proxy the session cookie is
     * Secure, so a browser never sends it over plain HTTP; served over plain HTTP it is not (or it would
     * not be kept at all).
     */
    @Test
    void sessionCookiesAreSecureWhenTheBrowserCameOverTls() {
        Response viaTls = given().redirects()
                .follow(false)
                .header("X-Forwarded-Proto", "https")
                .contentType("application/x-www-form-urlencoded")
                .formParam("username", "admin")
                .formParam("password", ApiLogin.adminPassword(client))
                .formParam("return_url", "/applications")
                .post("/login");
        assertThat(viaTls.statusCode()).isEqualTo(303);
        assertThat(viaTls.getHeader("Set-Cookie"))
                .contains("argocd.token=")
                .containsIgnoringCase("Secure")
                .contains("HttpOnly")
                .containsIgnoringCase("SameSite=Strict");
        Response api = given().header("X-Forwarded-Proto", "https")
                .contentType("application/json")
                .body("{\"username\": \"admin\", \"password\": \"" + ApiLogin.adminPassword(client) + "\"}")
                .post("/api/v1/session");
        assertThat(api.getHeader("Set-Cookie")).containsIgnoringCase("Secure");
        Response plain = given().redirects()
                .follow(false)
                .contentType("application/x-www-form-urlencoded")
                .formParam("username", "admin")
                .formParam("password", ApiLogin.adminPassword(client))
                .post("/login");
        assertThat(plain.getHeader("Set-Cookie")).doesNotContainIgnoringCase("Secure");
    }

    /** The security review's L9: the SSO callback shows no text a link brought, only a known OAuth error code. */
    @Test
    void theSsoCallbackShowsNoTextALinkBrought() {
        String page = given().queryParam("error", "access_denied")
                .queryParam("error_description", "Your account is locked: call 0800-SCAM")
                .get("/auth/callback")
                .asString();
        assertThat(page).doesNotContain("0800-SCAM").contains("The SSO provider refused the login (access_denied)");
        assertThat(given().queryParam("error", "call 0800-SCAM now")
                        .get("/auth/callback")
                        .asString())
                .doesNotContain("0800-SCAM")
                .contains("The SSO provider refused the login.");
    }

    @Test
    void filtersAndPagingRunOnTheServer() {
        Apps apps = new Apps(client);
        for (int i = 0; i < 65; i++) {
            apps.create(
                    String.format("page-app-%02d", i),
                    "https://example.invalid/repo.git",
                    "HEAD",
                    ".",
                    "page-ns",
                    i % 2 == 0 ? "" : "syncPolicy: {automated: {}}");
        }
        await().atMost(Duration.ofSeconds(20))
                .until(() -> given().cookie("argocd.token", cookie)
                        .get("/applications?search=page-app")
                        .asString()
                        .contains("65 of"));
        String first = given().cookie("argocd.token", cookie)
                .get("/applications?search=page-app")
                .asString();
        assertThat(first)
                .contains("page 1 of 2")
                .contains("id=\"app-page-app-59\"")
                .doesNotContain("id=\"app-page-app-60\"");
        String second = given().cookie("argocd.token", cookie)
                .get("/applications?search=page-app&page=2&view=list")
                .asString();
        assertThat(second).contains("id=\"app-page-app-60\"").doesNotContain("id=\"app-page-app-00\"");
        String auto = given().cookie("argocd.token", cookie)
                .get("/applications?search=page-app&autosync=enabled")
                .asString();
        assertThat(auto).contains("32 of").contains("id=\"app-page-app-01\"").doesNotContain("id=\"app-page-app-00\"");
        for (int i = 0; i < 65; i++) {
            apps.delete(String.format("page-app-%02d", i));
        }
    }
}
