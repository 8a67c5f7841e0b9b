package io.sextant.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sextant.cli.CliRun;
import io.sextant.embedded.FixtureRepository;
import io.sextant.model.Application;
import io.sextant.repo.TreeCommit;
import io.sextant.service.ApplicationOperations;
import io.sextant.testing.ApiLogin;
import io.sextant.testing.Apps;
import io.sextant.testing.TestbedResource;
import io.sextant.testing.WithGitServer;
import io.sextant.testing.WorkshopChartRepository;
import io.sextant.web.Browser;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Issue 25: Applications with several sources ({@code spec.sources}) through the whole controller on the
 * testbed, with Argo CD's pattern for third-party charts: the workshop's {@code generic-service} chart packaged
 * into a Helm repository served by this JVM, its values from the kubercoins repository's {@code helm} branch
 * through a {@code ref} source ({@code $values/values/worker.yaml}). Status, history and rollback carry every
 * source's revision; each bad input is a ComparisonError that says what to fix and keeps the last good state.
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
class MultiSourceTest extends WithGitServer {

    private static final Path HELM_FIXTURE = WorkshopChartRepository.HELM_FIXTURE;

    private static FixtureRepository repo;
    private static WorkshopChartRepository charts;
    private static String chartsUrl;

    @Inject
    KubernetesClient client;

    @Inject
    ApplicationOperations operations;

    @Inject
    io.sextant.service.ApplicationResources resources;

    @TestHTTPResource("/")
    URL base;

    @BeforeAll
    static void servers() throws Exception {
        repo = FixtureRepository.create(git);
        charts = WorkshopChartRepository.start();
        chartsUrl = charts.url();
    }

    @AfterAll
    static void stopCharts() {
        if (charts != null) {
            charts.close();
        }
    }

    /** The Application of the pattern: the chart, then the values repository as ref {@code values}. */
    private static String pattern(String name, String ns, String valuesUrl, String valueFile, String automated) {
        return """
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: %s, namespace: sextant}
                spec:
                  project: default
                  sources:
                  - repoURL: '%s'
                    chart: generic-service
                    targetRevision: 0.1.0
                    helm:
                      releaseName: worker
                      valueFiles: ['%s']
                  - repoURL: '%s'
                    targetRevision: helm
                    ref: values
                  destination: {server: 'https://kubernetes.default.svc', namespace: %s}
                  syncPolicy:
                    %s
                    syncOptions: [CreateNamespace=true]
                """.formatted(name, chartsUrl, valueFile, valuesUrl, ns, automated);
    }

    private void create(String yaml) {
        Application app = client.getKubernetesSerialization().unmarshal(yaml, Application.class);
        client.resource(app).delete();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> new Apps(client).get(app.getMetadata().getName()) == null);
        client.resource(app).create();
    }

    @Test
    void aChartFromAHelmRepositoryWithValuesFromGitSyncsFollowsAPushToTheValuesAndRollsBackBoth() throws Exception {
        Apps apps = new Apps(client);
        apps.freshNamespace("ms-worker");
        Path values = git.addAnonymous("ms-values");
        String first = helmTree("v0.1").commitToDefaultBranch(values, "helm");
        create(pattern(
                "ms-worker",
                "ms-worker",
                git.url("ms-values"),
                "$values/values/worker.yaml",
                "automated: {prune: true}"));

        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
            Application a = apps.get("ms-worker");
            assertThat(a.getStatus().getSync().getStatus()).as(conditions(a)).isEqualTo("Synced");
            assertThat(a.getStatus().getSync().getRevisions()).containsExactly("0.1.0", first);
            assertThat(a.getStatus().getSync().getRevision()).isNullOrEmpty();
            assertThat(a.getStatus().getSourceTypes()).containsExactly("Helm", "");
            assertThat(a.getStatus().getOperationState().getSyncResult().getRevisions())
                    .containsExactly("0.1.0", first);
            assertThat(image()).isEqualTo("dockercoins/worker:v0.1");
        });
        apps.awaitSyncAndHealth("ms-worker", "Synced", "Healthy");
        // Argo's revision metadata API asks by sourceIndex (from 0) for a multi-source app.
        assertThat(resources
                        .revisionMetadata("ms-worker", first, 1)
                        .path("message")
                        .asText())
                .contains("test tree for helm");
        assertThatThrownBy(() -> resources.revisionMetadata("ms-worker", "0.1.0", 0))
                .hasMessageContaining("is a chart of a Helm repository: it has no commits");
        detailsPageListsAndEditsEachSource(first);

        // A push to the values repository alone: the app follows it, in revisions[] and in the cluster.
        String second = helmTree("v0.2").commitTo(values, "helm");
        apps.refresh("ms-worker", "normal");
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
            Application a = apps.get("ms-worker");
            assertThat(a.getStatus().getSync().getRevisions()).containsExactly("0.1.0", second);
            assertThat(a.getStatus().getSync().getStatus()).isEqualTo("Synced");
            assertThat(image()).isEqualTo("dockercoins/worker:v0.2");
        });
        Application synced = apps.get("ms-worker");
        assertThat(synced.getStatus().getHistory()).hasSize(2);
        assertThat(synced.getStatus().getHistory().get(0).getRevisions()).containsExactly("0.1.0", first);
        assertThat(synced.getStatus().getHistory().get(1).getRevisions()).containsExactly("0.1.0", second);
        assertThat(synced.getStatus().getHistory().get(1).getSources()).hasSize(2);

        // Rollback to the first entry restores both sources' revisions (auto-sync off first, as Argo CD requires).
        apps.patch("ms-worker", "{\"spec\": {\"syncPolicy\": {\"automated\": null}}}");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> apps.get("ms-worker").getSpec().getSyncPolicy().getAutomated() == null);
        operations.rollback("ms-worker", synced.getStatus().getHistory().get(0).getId(), false, false, "admin");
        var state = apps.awaitOperation("ms-worker", "Succeeded", Duration.ofSeconds(90));
        assertThat(state.getSyncResult().getRevisions()).containsExactly("0.1.0", first);
        assertThat(image()).isEqualTo("dockercoins/worker:v0.1");
        Application rolledBack = apps.get("ms-worker");
        assertThat(rolledBack.getStatus().getHistory()).hasSize(3);
        assertThat(rolledBack.getStatus().getHistory().get(2).getRevisions()).containsExactly("0.1.0", first);
        // The comparison after the operation (a moment later) finds Git ahead of what the rollback applied.
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(
                                apps.get("ms-worker").getStatus().getSync().getStatus())
                        .as("Git holds the second values commit: the app is out of sync after the rollback")
                        .isEqualTo("OutOfSync"));
        diffSaysWhichSourceRenderedEachResource();

        // The CLI shows every source and each history entry's revision per source.
        Path config = Files.createTempDirectory("cli-ms").resolve("config");
        assertThat(CliRun.run(
                                config,
                                "login",
                                "--core",
                                "--kubeconfig",
                                TestbedResource.kubeconfig().toString())
                        .code())
                .isZero();
        CliRun get = CliRun.run(config, "app", "get", "ms-worker");
        assertThat(get.code()).as(get.err()).isZero();
        assertThat(get.out())
                .contains("Sources:")
                .contains("- Repo:             " + chartsUrl)
                .contains("  Chart:            generic-service")
                .contains("  Helm Values:      $values/values/worker.yaml")
                .contains("- Repo:             " + git.url("ms-values"))
                .contains("  Ref:              values")
                .contains("Sync Status:        OutOfSync to 0.1.0, helm (" + second.substring(0, 7) + ")");
        CliRun history = CliRun.run(config, "app", "history", "ms-worker");
        assertThat(history.code()).as(history.err()).isZero();
        assertThat(history.out())
                .contains("SOURCE  " + chartsUrl)
                .contains("SOURCE  " + git.url("ms-values"))
                .contains("helm (" + first.substring(0, 7) + ")")
                .contains("helm (" + second.substring(0, 7) + ")");
        // app manifests: core mode renders single Git sources only and says so; the server renders Git's state,
        // or one source at another revision (Argo's --revisions/--source-positions).
        CliRun core = CliRun.run(config, "app", "manifests", "ms-worker");
        assertThat(core.code()).isNotZero();
        assertThat(core.err()).contains("has several sources: --core mode renders a single Git source only");
        config = Files.createTempDirectory("cli-ms-server").resolve("config");
        CliRun login = CliRun.run(
                config,
                "login",
                "localhost:" + base.getPort(),
                "--username",
                "admin",
                "--password",
                ApiLogin.adminPassword(client),
                "--plaintext");
        assertThat(login.code()).as(login.err()).isZero();
        CliRun now = CliRun.run(config, "app", "manifests", "ms-worker");
        assertThat(now.code()).as(now.err()).isZero();
        assertThat(now.out()).contains("dockercoins/worker:v0.2").doesNotContain("worker:v0.1");
        CliRun then =
                CliRun.run(config, "app", "manifests", "ms-worker", "--revisions", first, "--source-positions", "2");
        assertThat(then.code()).as(then.err()).isZero();
        assertThat(then.out()).contains("dockercoins/worker:v0.1").doesNotContain("worker:v0.2");
        CliRun unpaired = CliRun.run(config, "app", "manifests", "ms-worker", "--revisions", first);
        assertThat(unpaired.code()).isNotZero();
        assertThat(unpaired.err()).contains("give --revisions and --source-positions in pairs");
        CliRun beyond =
                CliRun.run(config, "app", "manifests", "ms-worker", "--revisions", first, "--source-positions", "3");
        assertThat(beyond.code()).isNotZero();
        assertThat(beyond.err()).contains("revision names 3 sources").contains("has 2");
        apps.create("ms-single", git.url("ms-values"), "helm", "values", "ms-single", "");
        CliRun single =
                CliRun.run(config, "app", "manifests", "ms-single", "--revisions", first, "--source-positions", "1");
        assertThat(single.code()).isNotZero();
        assertThat(single.err()).contains("has one source: use --revision");
        apps.delete("ms-single");
        apps.delete("ms-worker");

        // app create with the source flags repeated, app set of one source by its position.
        CliRun create = CliRun.run(
                config,
                "app",
                "create",
                "ms-cli",
                "--repo",
                chartsUrl,
                "--helm-chart",
                "generic-service",
                "--revision",
                "0.1.0",
                "--repo",
                git.url("ms-values"),
                "--revision",
                "helm",
                "--ref",
                "values",
                "--dest-server",
                "https://kubernetes.default.svc",
                "--dest-namespace",
                "ms-cli");
        assertThat(create.code()).as(create.err()).isZero();
        var created = apps.get("ms-cli").getSpec().getSources();
        assertThat(created).hasSize(2);
        assertThat(created.get(0).getChart()).isEqualTo("generic-service");
        assertThat(created.get(0).getTargetRevision()).isEqualTo("0.1.0");
        assertThat(created.get(1).getRef()).isEqualTo("values");
        assertThat(created.get(1).getTargetRevision()).isEqualTo("helm");
        CliRun unplaced = CliRun.run(config, "app", "set", "ms-cli", "--revision", "main");
        assertThat(unplaced.code()).isNotZero();
        assertThat(unplaced.err()).contains("add --source-position N (1 to 2)");
        CliRun set = CliRun.run(config, "app", "set", "ms-cli", "--source-position", "2", "--revision", "main");
        assertThat(set.code()).as(set.err()).isZero();
        assertThat(apps.get("ms-cli").getSpec().getSources().get(1).getTargetRevision())
                .isEqualTo("main");
        assertThat(apps.get("ms-cli").getSpec().getSources().get(0).getTargetRevision())
                .isEqualTo("0.1.0");
        apps.delete("ms-cli");
    }

    @Test
    void eachBadInputIsAComparisonErrorSayingWhatToFixAndTheLastGoodStateStays() throws Exception {
        Apps apps = new Apps(client);
        apps.freshNamespace("ms-bad");
        String good = pattern("ms-bad", "ms-bad", repo.url(), "$values/values/worker.yaml", "automated: {prune: true}");
        create(good);
        await().atMost(Duration.ofSeconds(90))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(
                                apps.get("ms-bad").getStatus().getSync().getStatus())
                        .isEqualTo("Synced"));
        assertThat(deployment("ms-bad")).isNotNull();

        Path evil = git.addAnonymous("ms-evil");
        TreeCommit.tree()
                .file("values/worker.yaml", "image: {tag: v0.1}\n")
                .symlink("values/escape.yaml", "../../../../etc/passwd")
                .commitToDefaultBranch(evil, "helm");
        String sources = "{\"spec\": {\"sources\": %s}}";
        String chart =
                "{\"repoURL\": \"" + chartsUrl + "\", \"chart\": \"generic-service\", \"targetRevision\": \"%s\","
                        + " \"helm\": {\"releaseName\": \"worker\", \"valueFiles\": [\"%s\"]}}";
        String ref = "{\"repoURL\": \"%s\", \"targetRevision\": \"helm\", \"ref\": \"%s\"}";
        String values = ref.formatted(repo.url(), "values");
        List<String[]> cases = List.of(
                new String[] {
                    "[" + chart.formatted("0.1.0", "$nope/values/worker.yaml") + ", " + values + "]",
                    "names $nope, which is not the ref of any source of the application (they are $values)"
                },
                new String[] {
                    "[" + chart.formatted("0.1.0", "$values/../../etc/passwd") + ", " + values + "]",
                    "leads outside the repository"
                },
                new String[] {
                    "[" + chart.formatted("0.1.0", "$values/values/escape.yaml") + ", "
                            + ref.formatted(git.url("ms-evil"), "values") + "]",
                    "outside"
                },
                new String[] {
                    "[" + chart.formatted("0.1.0", "$values/values/worker.yaml") + ", " + values + ", " + values + "]",
                    "spec.sources[2].ref 'values' is the ref of an earlier source too"
                },
                new String[] {
                    "[" + chart.formatted("0.1.0", "$values/values/worker.yaml") + ", "
                            + "{\"repoURL\": \"" + repo.url() + "\", \"targetRevision\": \"helm\", \"ref\": \"values\","
                            + " \"path\": \"values\"}]",
                    "has ref 'values' and path 'values': a ref source lends its whole repository"
                },
                new String[] {
                    Stream.generate(() -> values).limit(50).collect(Collectors.joining(", ", "[", "]")),
                    "spec.sources has 50 sources; at most 20 are allowed"
                },
                new String[] {
                    "[" + chart.formatted("9.9.9", "$values/values/worker.yaml") + ", " + values + "]",
                    "source 1 of 2 (" + chartsUrl + ", chart generic-service)"
                },
                new String[] {
                    "[" + chart.formatted("0.1.0", "$values/values/worker.yaml") + ", " + values + ", "
                            + chart.formatted("0.1.0", "$values/values/rng.yaml") + "]",
                    "is rendered by source 1 of 3 (" + chartsUrl + ", chart generic-service) and by source 3 of 3"
                });
        for (String[] c : cases) {
            apps.patch("ms-bad", sources.formatted(c[0]));
            await().atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .untilAsserted(() -> assertThat(conditions(apps.get("ms-bad")))
                            .as(c[0])
                            .contains("ComparisonError")
                            .contains(c[1]));
            assertThat(conditions(apps.get("ms-bad"))).doesNotContain("root:x:0");
            assertThat(deployment("ms-bad"))
                    .as("the last good state stays: " + c[1])
                    .isNotNull();
        }
        // Back to good: the error goes.
        create(good);
        await().atMost(Duration.ofSeconds(90))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(conditions(apps.get("ms-bad"))).doesNotContain("ComparisonError"));
        apps.delete("ms-bad");
    }

    /**
     * The details page in headless Chromium: each source with its target, what it names, its revision and
     * commit message; a source's target revision edited through its own form.
     */
    private void detailsPageListsAndEditsEachSource(String first) throws Exception {
        try (Browser b = new Browser()) {
            var d = b.driver;
            String root = login(b);
            d.get(root + "/applications/ms-worker?panel=details");
            String chart = d.findElement(By.cssSelector("#sources tr[data-source='1']"))
                    .getText();
            String values = d.findElement(By.cssSelector("#sources tr[data-source='2']"))
                    .getText();
            b.screenshot("multi-source-details");
            assertThat(chart).contains(chartsUrl).contains("0.1.0").contains("chart generic-service");
            assertThat(values)
                    .contains(git.url("ms-values"))
                    .contains("helm")
                    .contains("ref values")
                    .contains(first.substring(0, 7))
                    .contains("test tree for helm");
            var revision = d.findElement(By.id("edit-revision-2"));
            revision.clear();
            revision.sendKeys("helm-next");
            d.findElement(By.cssSelector("#edit-source-2 button[type=submit]")).click();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> "helm-next"
                            .equals(new Apps(client)
                                    .get("ms-worker")
                                    .getSpec()
                                    .getSources()
                                    .get(1)
                                    .getTargetRevision()));
            assertThat(new Apps(client)
                            .get("ms-worker")
                            .getSpec()
                            .getSources()
                            .get(0)
                            .getChart())
                    .isEqualTo("generic-service");
        }
        // Back to the helm branch for the rest of the test.
        new Apps(client)
                .patch(
                        "ms-worker",
                        "{\"spec\": {\"sources\": ["
                                + client.getKubernetesSerialization()
                                        .asJson(new Apps(client)
                                                .get("ms-worker")
                                                .getSpec()
                                                .getSources()
                                                .get(0))
                                + ", {\"repoURL\": \"" + git.url("ms-values")
                                + "\", \"targetRevision\": \"helm\", \"ref\": \"values\"}]}}");
    }

    /**
     * After the rollback the chart's Deployment is OutOfSync: the managed resources (the API's and the pages'
     * read) name source 0 for it, and the DIFF panel in Chromium says it came from source 1, the chart.
     */
    private void diffSaysWhichSourceRenderedEachResource() throws Exception {
        var deployment = resources.managedResources("ms-worker").stream()
                .filter(r -> "Deployment".equals(r.key().kind()))
                .findFirst()
                .orElseThrow();
        assertThat(deployment.sourceIndex()).as("the chart, spec.sources[0]").isZero();
        try (Browser b = new Browser()) {
            var d = b.driver;
            String root = login(b);
            d.get(root + "/applications/ms-worker?panel=diff");
            String panel = d.findElement(By.cssSelector("section.diff")).getText();
            b.screenshot("multi-source-diff");
            assertThat(panel)
                    .contains("Deployment")
                    .contains("From source 1 of 2: " + chartsUrl + ", chart generic-service");
        }
    }

    /** Logs the browser in as admin; returns the server's root URL without the trailing slash. */
    private String login(Browser b) {
        var d = b.driver;
        String root = base.toString().replaceAll("/$", "");
        d.get(root + "/login");
        d.findElement(By.id("username")).sendKeys("admin");
        d.findElement(By.id("password")).sendKeys(ApiLogin.adminPassword(client));
        d.findElement(By.cssSelector("button[type=submit]")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> d.getCurrentUrl().endsWith("/applications"));
        return root;
    }

    /**
     * NEW APP in headless Chromium: ADD SOURCE gives a second source block, a block left half-filled is
     * refused under its own fields with what to fix, REMOVE drops a block, and CREATE makes the pattern as
     * {@code spec.sources}, which then compares at both sources' revisions.
     */
    @Test
    void theNewAppPanelAddsSourcesAndCreatesAMultiSourceApp() throws Exception {
        Apps apps = new Apps(client);
        apps.delete("ms-new");
        await().atMost(Duration.ofSeconds(30)).until(() -> apps.get("ms-new") == null);
        Path values = git.addAnonymous("ms-new-values");
        String sha = helmTree("v0.1").commitToDefaultBranch(values, "helm");
        try (Browser b = new Browser()) {
            var d = b.driver;
            String root = login(b);
            d.get(root + "/applications?new=1");
            assertThat(d.findElements(By.id("app-repo-2")))
                    .as("one source at first")
                    .isEmpty();
            d.findElement(By.id("app-name")).sendKeys("ms-new");
            d.findElement(By.id("app-repo")).sendKeys(chartsUrl);
            d.findElement(By.id("app-revision")).clear();
            d.findElement(By.id("app-revision")).sendKeys("0.1.0");
            d.findElement(By.id("app-chart")).sendKeys("generic-service");
            d.findElement(By.id("app-value-files")).sendKeys("$values/values/worker.yaml");
            d.findElement(By.id("app-namespace")).sendKeys("ms-new");
            d.findElement(By.id("add-source")).click();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !d.findElements(By.id("app-repo-2")).isEmpty());
            assertThat(d.findElement(By.id("app-chart")).getAttribute("value"))
                    .as("what was typed stays")
                    .isEqualTo("generic-service");
            d.findElement(By.id("add-source")).click();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !d.findElements(By.id("app-repo-3")).isEmpty());
            d.findElement(By.id("app-repo-2")).sendKeys(git.url("ms-new-values"));
            d.findElement(By.id("app-revision-2")).clear();
            d.findElement(By.id("app-revision-2")).sendKeys("helm");
            // Source 3: a repository and nothing it would render or lend.
            d.findElement(By.id("app-repo-3")).sendKeys(git.url("ms-new-values"));
            d.findElement(By.id("create")).click();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !d.findElements(By.id("err-path-2")).isEmpty());
            assertThat(d.findElement(By.id("err-path-2")).getText())
                    .contains("Source 2: Path is required")
                    .contains("or a Ref for a source that only lends its files");
            assertThat(d.findElement(By.id("err-path-3")).getText()).contains("Source 3");
            assertThat(apps.get("ms-new")).as("nothing created").isNull();
            b.screenshot("new-app-sources-refused");
            d.findElement(By.id("remove-source-3")).click();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> d.findElements(By.id("app-repo-3")).isEmpty());
            d.findElement(By.id("app-ref-2")).sendKeys("values");
            d.findElement(By.id("create")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> d.getCurrentUrl().endsWith("/applications/ms-new"));
        }
        Application created = apps.get("ms-new");
        assertThat(created.getSpec().getSource()).isNull();
        var sources = created.getSpec().getSources();
        assertThat(sources).hasSize(2);
        assertThat(sources.get(0).getRepoURL()).isEqualTo(chartsUrl);
        assertThat(sources.get(0).getChart()).isEqualTo("generic-service");
        assertThat(sources.get(0).getTargetRevision()).isEqualTo("0.1.0");
        assertThat(sources.get(0).getPath()).isNull();
        assertThat(sources.get(0).getHelm().getValueFiles()).containsExactly("$values/values/worker.yaml");
        assertThat(sources.get(1).getRepoURL()).isEqualTo(git.url("ms-new-values"));
        assertThat(sources.get(1).getRef()).isEqualTo("values");
        assertThat(sources.get(1).getTargetRevision()).isEqualTo("helm");
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            Application a = apps.get("ms-new");
            assertThat(conditions(a)).doesNotContain("ComparisonError");
            assertThat(a.getStatus().getSync().getRevisions()).containsExactly("0.1.0", sha);
            assertThat(a.getStatus().getSync().getStatus()).isEqualTo("OutOfSync");
        });
        apps.delete("ms-new");
    }

    @Test
    void theProjectMustAllowEverySourceRepositoryARefSourceToo() throws Exception {
        Apps apps = new Apps(client);
        apps.freshNamespace("ms-narrow");
        client.resource(client.getKubernetesSerialization()
                        .unmarshal("""
                apiVersion: argoproj.io/v1alpha1
                kind: AppProject
                metadata: {name: ms-narrow, namespace: sextant}
                spec:
                  sourceRepos: ['%s']
                  destinations: [{server: '*', namespace: '*'}]
                """.formatted(chartsUrl), io.sextant.model.AppProject.class))
                .serverSideApply();
        create(pattern("ms-narrow", "ms-narrow", repo.url(), "$values/values/worker.yaml", "automated: {prune: true}")
                .replace("project: default", "project: ms-narrow"));
        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(conditions(apps.get("ms-narrow")))
                        .contains("InvalidSpecError")
                        .contains(repo.url())
                        .contains("not permitted in project 'ms-narrow'"));
        assertThat(deployment("ms-narrow")).as("nothing synced").isNull();
        apps.delete("ms-narrow");
        client.resources(io.sextant.model.AppProject.class)
                .inNamespace("sextant")
                .withName("ms-narrow")
                .delete();
    }

    private static String conditions(Application a) {
        return a.getStatus() == null || a.getStatus().getConditions() == null
                ? ""
                : a.getStatus().getConditions().stream()
                        .map(c -> c.getType() + ": " + c.getMessage())
                        .collect(Collectors.joining("\n"));
    }

    private String image() {
        var d = deployment("ms-worker");
        return d == null
                ? null
                : d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    private io.fabric8.kubernetes.api.model.apps.Deployment deployment(String ns) {
        return client.apps().deployments().inNamespace(ns).withName("worker").get();
    }

    /** The helm branch of kubercoins with the worker's image tag set to {@code tag}. */
    private static TreeCommit helmTree(String tag) throws IOException {
        TreeCommit tree = TreeCommit.tree();
        try (Stream<Path> files = Files.walk(HELM_FIXTURE)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                tree.file(HELM_FIXTURE.relativize(f).toString(), Files.readAllBytes(f));
            }
        }
        String worker = Files.readString(HELM_FIXTURE.resolve("values/worker.yaml"));
        assertThat(worker).contains("  repository: dockercoins/worker\n");
        return tree.file(
                "values/worker.yaml",
                worker.replace(
                        "  repository: dockercoins/worker\n",
                        "  repository: dockercoins/worker\n  tag: " + tag + "\n"));
    }
}
