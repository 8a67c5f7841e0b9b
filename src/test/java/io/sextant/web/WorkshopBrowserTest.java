package io.sextant.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sextant.embedded.FixtureRepository;
import io.sextant.testing.ApiLogin;
import io.sextant.testing.Apps;
import io.sextant.testing.TestbedResource;
import io.sextant.testing.WithGitServer;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The workshop's UI steps, word for word, in a real headless Chromium against the testbed: log in;
 * NEW APP kubercoins-stg; SYNC → SYNCHRONIZE and Healthy + Synced appear without a reload; a commit
 * with worker v0.3 shows OutOfSync after REFRESH; ENABLE AUTO-SYNC and worker goes Progressing, then Degraded;
 * HISTORY AND ROLLBACK → … → Rollback (disabling auto-sync) → OK gives Healthy + OutOfSync.
 * A screenshot of each step lands in target/screenshots/.
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
class WorkshopBrowserTest extends WithGitServer {

    private static final String APP = "kubercoins-stg";

    @Inject
    KubernetesClient client;

    @TestHTTPResource("/")
    URL base;

    @Test
    void theWorkshopInTheBrowser() throws Exception {
        FixtureRepository repo = FixtureRepository.create(git);
        Apps apps = new Apps(client);
        apps.delete(APP);
        await().atMost(Duration.ofSeconds(60)).until(() -> apps.get(APP) == null);
        client.namespaces().withName(APP).delete();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> client.namespaces().withName(APP).get() == null);
        String password = ApiLogin.adminPassword(client);

        try (Browser b = new Browser()) {
            try {
                walk(b, repo, password);
            } catch (Throwable t) {
                b.screenshot("99-failure");
                System.err.println("Page at failure: " + b.driver.getCurrentUrl() + "\n" + b.driver.getPageSource());
                // What the API server holds, to tell a controller that did not refresh from a page that
                // was not told.
                var stored = apps.get(APP);
                System.err.println("Application at failure: "
                        + (stored == null
                                ? "gone"
                                : "annotations "
                                        + stored.getMetadata().getAnnotations() + ", rv "
                                        + stored.getMetadata().getResourceVersion()
                                        + ", status "
                                        + client.getKubernetesSerialization().asJson(stored.getStatus())));
                throw t;
            }
        } finally {
            apps.delete(APP);
        }
    }

    private void walk(Browser b, FixtureRepository repo, String password) {
        {
            var d = b.driver;
            d.get(url("/applications"));
            assertThat(d.getCurrentUrl()).as("no session: to the login page").contains("/login");
            b.screenshot("01-login");
            d.findElement(By.id("username")).sendKeys("admin");
            d.findElement(By.id("password")).sendKeys(password);
            d.findElement(By.cssSelector("button[type=submit]")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> d.getCurrentUrl().endsWith("/applications"));
            b.screenshot("02-applications");

            d.findElement(By.id("new-app")).click();
            d.findElement(By.id("app-name")).sendKeys(APP);
            d.findElement(By.id("app-project")).clear();
            d.findElement(By.id("app-project")).sendKeys("default");
            assertThat(d.findElement(By.cssSelector("#app-sync-policy option:checked"))
                            .getText())
                    .isEqualTo("Manual");
            d.findElement(By.id("app-repo")).sendKeys(repo.url());
            d.findElement(By.id("app-revision")).clear();
            d.findElement(By.id("app-revision")).sendKeys("stage");
            d.findElement(By.id("app-path")).sendKeys(".");
            assertThat(d.findElement(By.id("app-cluster")).getAttribute("value"))
                    .isEqualTo("https://kubernetes.default.svc");
            d.findElement(By.id("app-namespace")).sendKeys(APP);
            d.findElement(By.id("opt-create-namespace")).click();
            b.screenshot("03-new-app");
            assertThat(unlabelledControls(d))
                    .as("every control of the panel has a label")
                    .isZero();
            d.findElement(By.id("create")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> d.getCurrentUrl().endsWith("/applications/" + APP));
            b.screenshot("04-created");

            assertThat(tabUntil(d, "btn-sync", 40))
                    .as("SYNC is reachable with the keyboard")
                    .isTrue();
            d.findElement(By.id("btn-sync")).click();
            b.screenshot("05-sync-panel");
            assertThat(unlabelledControls(d))
                    .as("every control of the SYNC panel has a label")
                    .isZero();
            d.findElement(By.id("synchronize")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> d.getCurrentUrl().contains("panel=status"));
            markPage(d);
            awaitStatus(d, "Healthy", "Synced", Duration.ofSeconds(90));
            assertThat(markStillThere(d))
                    .as("Healthy and Synced came without a reload")
                    .isTrue();
            b.screenshot("06-synced");
            d.get(url("/applications/" + APP));
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        d.navigate().refresh();
                        return !d.findElements(By.cssSelector("svg.tree a[data-kind='Pod'][data-health='Healthy']"))
                                .isEmpty();
                    });

            repo.replaceInFile(
                    "stage",
                    "worker-deployment.yaml",
                    "dockercoins/worker:v0.1",
                    "dockercoins/worker:v0.3",
                    "worker v0.3");
            d.get(url("/applications/" + APP));
            d.findElement(By.id("btn-refresh")).click();
            awaitStatus(d, "Healthy", "OutOfSync", Duration.ofSeconds(60));
            b.screenshot("07-out-of-sync");

            d.findElement(By.id("btn-diff")).click();
            assertThat(d.findElement(By.cssSelector("pre.unified")).getText()).contains("dockercoins/worker:v0.3");
            assertThat(d.findElement(By.cssSelector(".panel .note")).getText())
                    .startsWith("Compared after normalisation");
            b.screenshot("07b-diff");
            d.get(url("/applications/" + APP));
            click(d, By.cssSelector("svg.tree a[data-kind='Deployment'][data-name='worker']"));
            d.findElement(By.linkText("LIVE MANIFEST")).click();
            assertThat(d.findElement(By.cssSelector("pre.manifest")).getText()).contains("dockercoins/worker:v0.1");
            b.screenshot("07c-resource-live-manifest");
            d.get(url("/applications/" + APP));

            d.findElement(By.id("btn-details")).click();
            d.findElement(By.id("enable-auto-sync")).click();
            b.screenshot("08-enable-auto-sync-confirm");
            d.findElement(By.id("confirm-ok")).click();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> d.findElements(By.id("disable-auto-sync")).size() == 1);
            d.get(url("/applications/" + APP));
            markPage(d);
            Set<String> workerStates = new LinkedHashSet<>();
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        String h = workerHealth(d);
                        if (h != null && workerStates.add(h) && h.equals("Progressing")) {
                            b.screenshot("09-worker-progressing");
                        }
                        return "Degraded".equals(h);
                    });
            assertThat(markStillThere(d)).isTrue();
            System.err.println("worker health seen in the browser: " + workerStates);
            assertThat(workerStates)
                    .as("worker health seen in the browser")
                    .containsSubsequence("Progressing", "Degraded");
            b.screenshot("10-worker-degraded");

            d.findElement(By.id("btn-history")).click();
            var rows = d.findElements(By.cssSelector("table.history tbody tr"));
            assertThat(rows).hasSizeGreaterThanOrEqualTo(2);
            WebElement last = rows.get(rows.size() - 1);
            last.findElement(By.tagName("summary")).click();
            b.screenshot("11-history-menu");
            last.findElement(By.linkText("Rollback")).click();
            assertThat(d.findElement(By.id("rb-auto-sync")).getText()).contains("Auto-Sync needs to be disabled");
            b.screenshot("12-rollback-confirm");
            d.findElement(By.id("rollback-ok")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> d.getCurrentUrl().contains("panel=status"));
            awaitStatus(d, "Healthy", "OutOfSync", Duration.ofSeconds(90));
            b.screenshot("13-rolled-back");

            // GitOps rollback: git revert HEAD, then REFRESH on the application's tile, and Synced appears.
            repo.revertHead("stage");
            d.get(url("/applications"));
            click(d, By.cssSelector("button[aria-label='Refresh " + APP + "']"));
            await().atMost(Duration.ofSeconds(10)).until(() -> d.getCurrentUrl().contains("/applications"));
            markPage(d);
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .ignoreExceptionsInstanceOf(StaleElementReferenceException.class)
                    .untilAsserted(() -> assertThat(d.findElement(By.cssSelector("#app-" + APP + " [data-sync]"))
                                    .getAttribute("data-sync"))
                            .isEqualTo("Synced"));
            assertThat(markStillThere(d)).isTrue();
            b.screenshot("14-gitops-rollback-synced");
            assertThat(client.apps()
                            .deployments()
                            .inNamespace(APP)
                            .withName("worker")
                            .get()
                            .getSpec()
                            .getTemplate()
                            .getSpec()
                            .getContainers()
                            .get(0)
                            .getImage())
                    .isEqualTo("dockercoins/worker:v0.1");
        }
    }

    /** Form controls with neither a label nor an aria-label. */
    private static long unlabelledControls(WebDriver d) {
        return (Long) ((JavascriptExecutor) d)
                .executeScript(
                        "return Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea'))"
                                + ".filter(e => e.labels.length === 0 && !e.getAttribute('aria-label')).length;");
    }

    /** Presses Tab from the top of the page until the element {@code id} has the focus. */
    private static boolean tabUntil(WebDriver d, String id, int max) {
        ((JavascriptExecutor) d).executeScript("document.activeElement.blur();");
        var body = d.findElement(By.tagName("body"));
        for (int i = 0; i < max; i++) {
            new Actions(d).sendKeys(Keys.TAB).perform();
            if (id.equals(d.switchTo().activeElement().getAttribute("id"))) {
                return true;
            }
        }
        return body == null;
    }

    /** Clicks what {@code by} finds, again if a live update replaced it in between. */
    private static void click(WebDriver d, By by) {
        await().atMost(Duration.ofSeconds(10))
                .ignoreExceptionsInstanceOf(StaleElementReferenceException.class)
                .until(() -> {
                    d.findElement(by).click();
                    return true;
                });
    }

    private String url(String path) {
        String s = base.toString();
        return (s.endsWith("/") ? s.substring(0, s.length() - 1) : s) + path;
    }

    private static void awaitStatus(WebDriver d, String health, String sync, Duration within) {
        await().atMost(within)
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptionsInstanceOf(StaleElementReferenceException.class)
                .untilAsserted(() -> {
                    assertThat(d.findElement(By.id("app-health")).getAttribute("data-health"))
                            .isEqualTo(health);
                    assertThat(d.findElement(By.id("app-sync")).getAttribute("data-sync"))
                            .isEqualTo(sync);
                });
    }

    private static String workerHealth(WebDriver d) {
        try {
            var nodes = d.findElements(By.cssSelector("svg.tree a[data-kind='Deployment'][data-name='worker']"));
            return nodes.isEmpty() ? null : nodes.get(0).getAttribute("data-health");
        } catch (StaleElementReferenceException e) {
            return null;
        }
    }

    /** A value only this page load has: gone after any reload or navigation. */
    private static void markPage(WebDriver d) {
        ((JavascriptExecutor) d).executeScript("window.__sextantMark = 'same-page';");
    }

    private static boolean markStillThere(WebDriver d) {
        return "same-page".equals(((JavascriptExecutor) d).executeScript("return window.__sextantMark;"));
    }
}
