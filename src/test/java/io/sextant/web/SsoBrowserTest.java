package io.sextant.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.sextant.embedded.FixtureRepository;
import io.sextant.model.Application;
import io.sextant.testing.AppStream;
import io.sextant.testing.Apps;
import io.sextant.testing.DexServer;
import io.sextant.testing.SsoSetup;
import io.sextant.testing.TestbedResource;
import io.sextant.testing.WithGitServer;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A person logs in through Dex in real headless Chromium: LOG IN VIA SSO, Dex's login form, back
 * to the dashboard. alice (Dex group {@code devs}, granted get and sync on project sso-devs) sees
 * only that project's app, may sync it but finds DELETE disabled and the API refusing it, and her
 * application stream never mentions the other app; bob (group {@code viewers}, role:readonly) sees
 * both apps but SYNC is disabled and the API refuses his sync.
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
class SsoBrowserTest extends WithGitServer {

    @Inject
    KubernetesClient client;

    @TestHTTPResource("/")
    URL base;

    @Test
    void groupsFromDexDecideWhatThePagesAndApiAllow() throws Exception {
        String url = "http://localhost:" + base.getPort();
        FixtureRepository repo = FixtureRepository.create(git);
        Apps apps = new Apps(client);
        try (DexServer dex = DexServer.start(List.of(url + "/auth/callback"), Duration.ofHours(1))) {
            SsoSetup.oidc(client, dex, url);
            SsoSetup.policy(client, """
                    p, role:dev-deployer, applications, get, sso-devs/*, allow
                    p, role:dev-deployer, applications, sync, sso-devs/*, allow
                    g, devs, role:dev-deployer
                    g, viewers, role:readonly
                    """);
            for (String[] app : new String[][] {{"sso-mine", "sso-devs"}, {"sso-theirs", "sso-other"}}) {
                apps.create(app[0], repo.url(), "prod", ".", app[0], "");
                client.resources(Application.class)
                        .inNamespace(Apps.NAMESPACE)
                        .withName(app[0])
                        .edit(a -> {
                            a.getSpec().setProject(app[1]);
                            return a;
                        });
            }
            try (Browser browser = new Browser("--ignore-certificate-errors-spki-list=" + dex.spkiPin())) {
                String alice = logIn(browser, "alice@example.com");
                browser.driver.get(url + "/applications?view=list");
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    browser.driver.navigate().refresh();
                    assertThat(browser.driver.findElement(By.id("main")).getText())
                            .contains("sso-mine");
                });
                String list = browser.driver.findElement(By.id("main")).getText();
                assertThat(list).doesNotContain("sso-theirs");
                assertThat(browser.driver
                                .findElement(By.cssSelector("[aria-label='Delete sso-mine']"))
                                .isEnabled())
                        .isFalse();
                assertThat(browser.driver.findElements(By.cssSelector("a[href='/applications/sso-mine?panel=sync']")))
                        .isNotEmpty();
                browser.screenshot("sso-alice-list");

                browser.driver.get(url + "/applications/sso-mine");
                assertThat(browser.driver.findElement(By.id("btn-sync")).getTagName())
                        .isEqualTo("a");
                WebElement delete = browser.driver.findElement(By.id("btn-delete"));
                assertThat(delete.isEnabled()).isFalse();
                browser.driver.get(url + "/applications/sso-theirs");
                assertThat(browser.driver.getPageSource()).doesNotContain("btn-sync");

                given().header("Authorization", "Bearer " + alice)
                        .contentType(ContentType.JSON)
                        .body("{\"dryRun\": true}")
                        .post("/api/v1/applications/sso-mine/sync")
                        .then()
                        .statusCode(200);
                given().header("Authorization", "Bearer " + alice)
                        .delete("/api/v1/applications/sso-mine")
                        .then()
                        .statusCode(403);
                given().header("Authorization", "Bearer " + alice)
                        .get("/api/v1/applications/sso-theirs")
                        .then()
                        .statusCode(403);
                assertThat(streamSeenBy(alice))
                        .anyMatch(l -> l.contains("sso-mine"))
                        .noneMatch(l -> l.contains("sso-theirs"));

                // Log out (the session ends), then bob logs in.
                browser.driver.get(url + "/applications");
                browser.driver.findElement(By.cssSelector("form.logout button")).click();
                new WebDriverWait(browser.driver, Duration.ofSeconds(10))
                        .until(ExpectedConditions.urlContains("/login"));
                given().header("Authorization", "Bearer " + alice)
                        .get("/api/v1/applications")
                        .then()
                        .statusCode(401);

                String bob = logIn(browser, "bob@example.com");
                browser.driver.get(url + "/applications?view=list");
                String bobList = browser.driver.findElement(By.id("main")).getText();
                assertThat(bobList).contains("sso-mine").contains("sso-theirs");
                browser.driver.get(url + "/applications/sso-mine");
                assertThat(browser.driver.findElement(By.id("btn-sync")).isEnabled())
                        .isFalse();
                assertThat(browser.driver.findElement(By.id("btn-delete")).isEnabled())
                        .isFalse();
                browser.screenshot("sso-bob-details");
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> apps.get("sso-mine").getOperation() == null);
                given().header("Authorization", "Bearer " + bob)
                        .contentType(ContentType.JSON)
                        .body("{}")
                        .post("/api/v1/applications/sso-mine/sync")
                        .then()
                        .statusCode(403);
            }
        } finally {
            SsoSetup.clear(client);
            client.configMaps()
                    .inNamespace(Apps.NAMESPACE)
                    .withName("sextant-rbac-cm")
                    .delete();
            apps.delete("sso-mine");
            apps.delete("sso-theirs");
        }
    }

    /** LOG IN VIA SSO on the login page, Dex's form, back on the dashboard; returns the session token. */
    private String logIn(Browser browser, String email) {
        browser.driver.manage().deleteAllCookies();
        browser.driver.get(base + "login");
        browser.driver.findElement(By.id("sso-login")).click();
        WebDriverWait wait = new WebDriverWait(browser.driver, Duration.ofSeconds(20));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("login")));
        browser.driver.findElement(By.id("login")).sendKeys(email);
        browser.driver.findElement(By.id("password")).sendKeys(DexServer.PASSWORD);
        browser.driver.findElement(By.id("submit-login")).click();
        wait.until(d -> d.getCurrentUrl().startsWith(base + "applications"));
        assertThat(browser.driver.findElement(By.tagName("nav")).getText()).contains("Log out " + email);
        return browser.driver.manage().getCookieNamed("argocd.token").getValue();
    }

    private List<String> streamSeenBy(String token) throws Exception {
        return AppStream.linesAround(
                base.toURI(),
                token,
                () -> client.resources(Application.class)
                        .inNamespace(Apps.NAMESPACE)
                        .withName("sso-theirs")
                        .edit(a -> {
                            a.getMetadata().setLabels(Map.of("touched", "yes"));
                            return a;
                        }),
                "\"name\":\"sso-mine\"");
    }
}
