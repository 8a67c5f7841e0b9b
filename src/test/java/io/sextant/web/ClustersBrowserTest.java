package io.sextant.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sextant.model.Application;
import io.sextant.testing.ApiLogin;
import io.sextant.testing.Apps;
import io.sextant.testing.SecondTestbed;
import io.sextant.testing.TestbedResource;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * The Settings page in headless Chromium with two cluster Secrets: one for a second real control plane, shown
 * Successful, and one with a typo in its config, shown Failed with what to fix; no token anywhere on the page.
 * The Applications page names each app's cluster and filters by it.
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
class ClustersBrowserTest {

    @Inject
    KubernetesClient client;

    @TestHTTPResource("/")
    URL base;

    private void clusterSecret(String name, String config) {
        client.resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("cluster-" + name)
                        .withNamespace(Apps.NAMESPACE)
                        .addToLabels("argocd.argoproj.io/secret-type", "cluster")
                        .endMetadata()
                        .withStringData(Map.of(
                                "name",
                                name,
                                "server",
                                SecondTestbed.SERVER + (name.equals("typo") ? "/typo" : ""),
                                "config",
                                config))
                        .build())
                .serverSideApply();
    }

    @Test
    void theSettingsPageShowsEachClustersConnectionState() throws Exception {
        String token = SecondTestbed.managerToken();
        clusterSecret("second", SecondTestbed.managerConfig());
        clusterSecret("typo", "{\"bearerTokn\": \"" + token + "\"}");
        String password = ApiLogin.adminPassword(client);
        try (Browser b = new Browser()) {
            var d = b.driver;
            String root = base.toString().replaceAll("/$", "");
            d.get(root + "/login");
            d.findElement(By.id("username")).sendKeys("admin");
            d.findElement(By.id("password")).sendKeys(password);
            d.findElement(By.cssSelector("button[type=submit]")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> d.getCurrentUrl().endsWith("/applications"));
            d.get(root + "/settings");
            String clusters = d.findElement(By.cssSelector("section[aria-labelledby=s-clusters]"))
                    .getText();
            b.screenshot("settings-clusters");
            assertThat(clusters)
                    .contains("in-cluster")
                    .contains(SecondTestbed.SERVER + " second Successful")
                    .contains("typo Failed: cluster Secret 'cluster-typo': config has the unknown key 'bearerTokn'");
            assertThat(d.getPageSource()).doesNotContain(token);
        } finally {
            client.secrets()
                    .inNamespace(Apps.NAMESPACE)
                    .withLabel("argocd.argoproj.io/secret-type", "cluster")
                    .delete();
        }
    }

    /**
     * Two clusters on the Applications page: each tile names its app's cluster (the Secret's name for an app
     * that points at the server, in-cluster for the local one), the Clusters filter lists both names, and
     * choosing one in the filter leaves only that cluster's app; the details page names the cluster too.
     */
    @Test
    void theApplicationsPageNamesEachAppsClusterAndFiltersByIt() throws Exception {
        clusterSecret("second", SecondTestbed.managerConfig());
        Apps apps = new Apps(client);
        String repo = "https://git.example.invalid/filter.git"; // never fetched successfully: listing is enough
        apps.create("filter-local", repo, "main", ".", "filter-local", "");
        Application edge = apps.create("filter-edge", repo, "main", ".", "filter-edge", "");
        edge.getSpec().getDestination().setServer(SecondTestbed.SERVER); // by server: the page shows its name
        client.resource(edge).update();
        String password = ApiLogin.adminPassword(client);
        try (Browser b = new Browser()) {
            var d = b.driver;
            String root = base.toString().replaceAll("/$", "");
            d.get(root + "/login");
            d.findElement(By.id("username")).sendKeys("admin");
            d.findElement(By.id("password")).sendKeys(password);
            d.findElement(By.cssSelector("button[type=submit]")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> d.getCurrentUrl().endsWith("/applications"));
            // Tiles are replaced by the live stream as the apps' status changes: read them until they hold.
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
                assertThat(d.findElement(By.cssSelector("#app-filter-local [data-cluster]"))
                                .getText())
                        .isEqualTo("in-cluster");
                assertThat(d.findElement(By.cssSelector("#app-filter-edge [data-cluster]"))
                                .getText())
                        .isEqualTo("second");
            });
            var filter = new Select(d.findElement(By.id("f-cluster")));
            assertThat(filter.getOptions()).extracting(o -> o.getText()).contains("in-cluster", "second");
            filter.selectByVisibleText("second");
            d.findElement(By.xpath("//button[normalize-space()='APPLY FILTERS']"))
                    .click();
            await().atMost(Duration.ofSeconds(10)).until(() -> d.getCurrentUrl().contains("cluster=second"));
            b.screenshot("applications-cluster-filter");
            await().atMost(Duration.ofSeconds(10))
                    .ignoreExceptions()
                    .untilAsserted(() -> assertThat(d.findElements(By.cssSelector("li.tile")))
                            .extracting(e -> e.getAttribute("data-app"))
                            .containsExactly("filter-edge"));

            d.get(root + "/applications/filter-edge?panel=details");
            assertThat(d.getPageSource()).contains("second (" + SecondTestbed.SERVER + ")");
        } finally {
            apps.delete("filter-local");
            apps.delete("filter-edge");
            client.secrets()
                    .inNamespace(Apps.NAMESPACE)
                    .withLabel("argocd.argoproj.io/secret-type", "cluster")
                    .delete();
        }
    }
}
