package io.sextant.appset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sextant.embedded.FixtureRepository;
import io.sextant.model.Application;
import io.sextant.model.ApplicationSet;
import io.sextant.model.ApplicationSetStatus;
import io.sextant.model.ApplicationSpec;
import io.sextant.model.ResourceStatus;
import io.sextant.repo.TreeCommit;
import io.sextant.testing.TestbedResource;
import io.sextant.testing.WithGitServer;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 26: ApplicationSets on the testbed, through the applicationset role of this process, with the
 * project's git server: the workshop's two kubercoins branches as one list-generated set, a git-directories
 * set following pushes and its sync policy, a matrix of clusters × directories, and each security line
 * (a templated project, the app bound, Git reads inside the repository, templates that read nothing, an
 * existing app of the same name left alone).
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
class ApplicationSetTest extends WithGitServer {

    private static final String NS = "sextant";
    private static FixtureRepository kubercoins;

    @Inject
    KubernetesClient client;

    @Inject
    ApplicationSetController controller;

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URL base;

    @BeforeAll
    static void repositories() throws Exception {
        kubercoins = FixtureRepository.create(git);
    }

    @AfterEach
    void cleanUp() {
        client.resources(ApplicationSet.class)
                .inNamespace(NS)
                .withLabel("test", "appset")
                .delete();
        client.secrets().inNamespace(NS).withLabel("test", "appset").delete();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> client.resources(Application.class).inNamespace(NS).list().getItems().stream()
                        .noneMatch(a -> AppSetReconciler.ownerName(a) != null));
    }

    private ApplicationSet create(String yaml) {
        ApplicationSet set = client.getKubernetesSerialization().unmarshal(yaml, ApplicationSet.class);
        return client.resource(set).create();
    }

    private Application app(String name) {
        return client.resources(Application.class)
                .inNamespace(NS)
                .withName(name)
                .get();
    }

    /**
     * An edit that the controller may race with its own status write: the test retries on 409 as a user's
     * kubectl edit would be redone, since the object's resourceVersion moves under it.
     */
    private <T extends io.fabric8.kubernetes.api.model.HasMetadata> void edit(
            Class<T> type, String name, java.util.function.UnaryOperator<T> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.resources(type).inNamespace(NS).withName(name).edit(change);
                return;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private List<String> owned(String set) {
        return client.resources(Application.class).inNamespace(NS).list().getItems().stream()
                .filter(a -> set.equals(AppSetReconciler.ownerName(a)))
                .filter(a -> a.getMetadata().getDeletionTimestamp() == null)
                .map(a -> a.getMetadata().getName())
                .sorted()
                .toList();
    }

    private ApplicationSetStatus.Condition condition(String set, String type) {
        ApplicationSet s = client.resources(ApplicationSet.class)
                .inNamespace(NS)
                .withName(set)
                .get();
        if (s == null || s.getStatus() == null || s.getStatus().getConditions() == null) {
            return null;
        }
        return s.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()))
                .findFirst()
                .orElse(null);
    }

    /** A CLI config logged in to this server as admin (what `sextant login` writes). */
    private Path cliLoggedIn(String prefix) throws Exception {
        Path config = java.nio.file.Files.createTempDirectory(prefix).resolve("config");
        io.sextant.cli.CliRun login = io.sextant.cli.CliRun.run(
                config,
                "login",
                "localhost:" + base.getPort(),
                "--username",
                "admin",
                "--password",
                io.sextant.testing.ApiLogin.adminPassword(client),
                "--plaintext");
        assertThat(login.code()).as(login.err()).isZero();
        return config;
    }

    private void refresh(String set) {
        client.resources(ApplicationSet.class)
                .inNamespace(NS)
                .withName(set)
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"metadata\":{\"annotations\":{\"argocd.argoproj.io/application-set-refresh\":\"true\"}}}");
    }

    @Test
    void theWorkshopBranchesBecomeOneListGeneratedSetEqualToTheHandWrittenApps() {
        create("""
                apiVersion: argoproj.io/v1alpha1
                kind: ApplicationSet
                metadata: {name: kubercoins, namespace: sextant, labels: {test: appset}}
                spec:
                  generators:
                  - list:
                      elements:
                      - env: prod
                      - env: stage
                  template:
                    metadata:
                      name: 'kubercoins-{{env}}'
                    spec:
                      project: default
                      source:
                        repoURL: '%s'
                        path: .
                        targetRevision: '{{env}}'
                      destination:
                        server: https://kubernetes.default.svc
                        namespace: 'kubercoins-{{env}}'
                      syncPolicy:
                        syncOptions: [CreateNamespace=true]
                """.formatted(kubercoins.url()));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> owned("kubercoins").equals(List.of("kubercoins-prod", "kubercoins-stage")));
        for (String env : List.of("prod", "stage")) {
            // The app the workshop writes by hand (argocd app create ... --revision prod, then CreateNamespace).
            Application byHand = client.getKubernetesSerialization()
                    .unmarshal("""
                            apiVersion: argoproj.io/v1alpha1
                            kind: Application
                            metadata: {name: kubercoins-%1$s, namespace: sextant}
                            spec:
                              project: default
                              source: {repoURL: '%2$s', path: ., targetRevision: %1$s}
                              destination: {server: 'https://kubernetes.default.svc', namespace: kubercoins-%1$s}
                              syncPolicy: {syncOptions: [CreateNamespace=true]}
                            """.formatted(env, kubercoins.url()), Application.class);
            Application generated = app("kubercoins-" + env);
            assertThat(json(generated.getSpec())).isEqualTo(json(byHand.getSpec()));
            assertThat(generated.getMetadata().getFinalizers()).containsExactly(AppTemplate.RESOURCES_FINALIZER);
            assertThat(generated.getMetadata().getOwnerReferences())
                    .singleElement()
                    .satisfies(r -> {
                        assertThat(r.getKind()).isEqualTo("ApplicationSet");
                        assertThat(r.getName()).isEqualTo("kubercoins");
                        assertThat(r.getController()).isTrue();
                    });
        }
        // The controller compares them like any app; the set's status lists them with their sync status.
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
            ApplicationSet s = client.resources(ApplicationSet.class)
                    .inNamespace(NS)
                    .withName("kubercoins")
                    .get();
            assertThat(s.getStatus().getResources())
                    .extracting(ResourceStatus::getName, ResourceStatus::getStatus)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("kubercoins-prod", "OutOfSync"),
                            org.assertj.core.groups.Tuple.tuple("kubercoins-stage", "OutOfSync"));
            assertThat(condition("kubercoins", "ResourcesUpToDate").getStatus()).isEqualTo("True");
            assertThat(condition("kubercoins", "ErrorOccurred").getStatus()).isEqualTo("False");
            assertThat(condition("kubercoins", "ParametersGenerated").getStatus())
                    .isEqualTo("True");
        });
        // Deleting the set deletes its apps (their owner reference; Kubernetes' garbage collector).
        client.resources(ApplicationSet.class)
                .inNamespace(NS)
                .withName("kubercoins")
                .delete();
        await().atMost(Duration.ofSeconds(60)).until(() -> owned("kubercoins").isEmpty());
    }

    private String json(ApplicationSpec spec) {
        return client.getKubernetesSerialization().asJson(spec);
    }

    /** A repository of apps/<name>/ folders, each one ConfigMap. */
    private static String appsTree(Path bare, List<String> names, boolean first) throws Exception {
        TreeCommit tree = TreeCommit.tree().file("README.md", "apps\n");
        for (String n : names) {
            tree.file("apps/" + n + "/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: " + n + "}\n");
        }
        tree.file("apps/.hidden/cm.yaml", "kind: ConfigMap\n");
        tree.file("clusters/alpha.yaml", "cluster: {name: alpha, tier: gold}\n");
        tree.file("clusters/beta.yaml", "cluster: {name: beta, tier: silver}\n");
        return first ? tree.commitToDefaultBranch(bare, "main") : tree.commitTo(bare, "main");
    }

    private String dirsSet(String name, String url, String policy) {
        return """
                apiVersion: argoproj.io/v1alpha1
                kind: ApplicationSet
                metadata: {name: %s, namespace: sextant, labels: {test: appset}}
                spec:
                  generators:
                  - git:
                      repoURL: '%s'
                      revision: main
                      directories:
                      - path: apps/*
                      - path: apps/skip
                        exclude: true
                  template:
                    metadata:
                      name: '%s-{{path.basename}}'
                      labels: {team: '{{path[0]}}'}
                    spec:
                      project: default
                      source: {repoURL: '%s', path: '{{path}}', targetRevision: main}
                      destination: {server: https://kubernetes.default.svc, namespace: appset-dirs}
                  syncPolicy:
                    applicationsSync: %s
                """.formatted(name, url, name, url, policy);
    }

    @Test
    void ignoredApplicationDifferencesStayAsEditedWhileTheRestFollowsTheSet() throws Exception {
        String set = """
                apiVersion: argoproj.io/v1alpha1
                kind: ApplicationSet
                metadata: {name: pinned, namespace: sextant, labels: {test: appset}}
                spec:
                  generators: [{list: {elements: [{name: pin-a}]}}]
                  ignoreApplicationDifferences:
                  - jsonPointers: [/spec/source/targetRevision]
                  template:
                    metadata: {name: '{{name}}'}
                    spec:
                      project: default
                      source: {repoURL: '%s', path: '%s', targetRevision: stage}
                      destination: {server: https://kubernetes.default.svc, namespace: appset-pinned}
                """;
        create(set.formatted(kubercoins.url(), "."));
        await().atMost(Duration.ofSeconds(60)).until(() -> app("pin-a") != null);
        // Pinned by hand during an incident: the set's next look leaves it, other changes of the set still apply.
        edit(Application.class, "pin-a", a -> {
            a.getSpec().getSource().setTargetRevision("prod");
            return a;
        });
        edit(ApplicationSet.class, "pinned", x -> {
            ((com.fasterxml.jackson.databind.node.ObjectNode)
                            x.getSpec().getTemplate().path("spec").path("source"))
                    .put("path", "./");
            return x;
        });
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() ->
                        assertThat(app("pin-a").getSpec().getSource().getPath()).isEqualTo("./"));
        Thread.sleep(3000);
        assertThat(app("pin-a").getSpec().getSource().getTargetRevision()).isEqualTo("prod");

        create("""
                apiVersion: argoproj.io/v1alpha1
                kind: ApplicationSet
                metadata: {name: jq, namespace: sextant, labels: {test: appset}}
                spec:
                  generators: [{list: {elements: [{name: jq-a}]}}]
                  ignoreApplicationDifferences: [{jqPathExpressions: [.spec.source.helm.values]}]
                  template:
                    metadata: {name: '{{name}}'}
                    spec: {project: default, source: {repoURL: x, path: y}, destination: {server: z, namespace: n}}
                """);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(condition("jq", "ErrorOccurred"))
                        .isNotNull()
                        .satisfies(c -> assertThat(c.getMessage()).contains("jqPathExpressions (use jsonPointers)")));
        assertThat(owned("jq")).isEmpty();
    }

    @Test
    void goTemplateSetsReadNestedParametersFromGitFilesAndDirectories() throws Exception {
        Path bare = git.addAnonymous("appset-go");
        appsTree(bare, List.of("a", "b"), true);
        String url = git.url("appset-go");
        create("""
                apiVersion: argoproj.io/v1alpha1
                kind: ApplicationSet
                metadata: {name: go, namespace: sextant, labels: {test: appset}}
                spec:
                  goTemplate: true
                  goTemplateOptions: ["missingkey=error"]
                  generators:
                  - matrix:
                      generators:
                      - git: {repoURL: '%s', revision: main, files: [{path: 'clusters/*.yaml'}], pathParamPrefix: cfg}
                      - git: {repoURL: '%s', revision: main, directories: [{path: 'apps/*'}]}
                  template:
                    metadata:
                      name: 'go-{{.cluster.name}}-{{.path.basename}}'
                      labels: {tier: '{{.cluster.tier | upper}}', dir: '{{index .path.segments 0}}'}
                    spec:
                      project: default
                      source: {repoURL: '%s', path: '{{.path.path}}', targetRevision: main}
                      destination:
                        server: https://kubernetes.default.svc
                        namespace: '{{if eq .cluster.tier "gold"}}appset-gold{{else}}appset-other{{end}}'
                """.formatted(url, url, url));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(owned("go"))
                        .as(
                                "apps of the set (condition: %s)",
                                condition("go", "ErrorOccurred") == null
                                        ? "none"
                                        : condition("go", "ErrorOccurred").getMessage())
                        .containsExactly("go-alpha-a", "go-alpha-b", "go-beta-a", "go-beta-b"));
        Application alphaB = app("go-alpha-b");
        assertThat(alphaB.getSpec().getSource().getPath()).isEqualTo("apps/b");
        assertThat(alphaB.getMetadata().getLabels())
                .containsEntry("tier", "GOLD")
                .containsEntry("dir", "apps");
        assertThat(alphaB.getSpec().getDestination().getNamespace()).isEqualTo("appset-gold");
        assertThat(app("go-beta-a").getSpec().getDestination().getNamespace()).isEqualTo("appset-other");

        // A key the parameters do not have stops the set with a condition naming it; its apps stay.
        edit(ApplicationSet.class, "go", set -> {
            ((com.fasterxml.jackson.databind.node.ObjectNode)
                            set.getSpec().getTemplate().get("metadata"))
                    .put("name", "go-{{.cluster.nmae}}-{{.path.basename}}");
            return set;
        });
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(condition("go", "ErrorOccurred"))
                        .isNotNull()
                        .satisfies(c -> assertThat(c.getMessage()).contains(".cluster.nmae is not there")));
        assertThat(owned("go")).hasSize(4);
    }

    @Test
    void aGitDirectoriesSetFollowsPushesAndDeletesOrKeepsAppsPerPolicy() throws Exception {
        Path bare = git.addAnonymous("appset-dirs");
        appsTree(bare, List.of("a", "b", "skip"), true);
        String url = git.url("appset-dirs");
        create(dirsSet("dirs", url, "sync"));
        await().atMost(Duration.ofSeconds(60)).until(() -> owned("dirs").equals(List.of("dirs-a", "dirs-b")));
        assertThat(app("dirs-a").getSpec().getSource().getPath()).isEqualTo("apps/a");
        assertThat(app("dirs-a").getMetadata().getLabels()).containsEntry("team", "apps");

        // A push adding c and removing b: a refresh (the annotation Argo CD's webhook writes) regenerates.
        long writes = controller.applicationWrites();
        appsTree(bare, List.of("a", "c", "skip"), false);
        refresh("dirs");
        await().atMost(Duration.ofSeconds(60)).until(() -> owned("dirs").equals(List.of("dirs-a", "dirs-c")));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() ->
                        assertThat(controller.applicationWrites() - writes).isEqualTo(2));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            ApplicationSet s = client.resources(ApplicationSet.class)
                    .inNamespace(NS)
                    .withName("dirs")
                    .get();
            return s.getMetadata().getAnnotations() == null
                    || !s.getMetadata().getAnnotations().containsKey(ApplicationSetController.REFRESH_ANNOTATION);
        });
        assertThat(controller.applicationWrites() - writes)
                .as("one create and one delete, nothing written for the unchanged app")
                .isEqualTo(2);

        // Under sync a hand edit is reverted at once (the app's change runs the last plan again).
        client.resources(Application.class)
                .inNamespace(NS)
                .withName("dirs-a")
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"spec\":{\"source\":{\"targetRevision\":\"edited\"}}}");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "main".equals(app("dirs-a").getSpec().getSource().getTargetRevision()));

        // create-only: a hand edit stays, and an app whose folder goes is kept.
        client.resources(ApplicationSet.class)
                .inNamespace(NS)
                .withName("dirs")
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"spec\":{\"syncPolicy\":{\"applicationsSync\":\"create-only\"}}}");
        await().atMost(Duration.ofSeconds(10)).until(() -> generationSeen("dirs"));
        client.resources(Application.class)
                .inNamespace(NS)
                .withName("dirs-a")
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"spec\":{\"source\":{\"targetRevision\":\"edited\"}}}");
        appsTree(bare, List.of("a", "d", "skip"), false);
        refresh("dirs");
        await().atMost(Duration.ofSeconds(60)).until(() -> owned("dirs").equals(List.of("dirs-a", "dirs-c", "dirs-d")));
        Thread.sleep(2000);
        assertThat(app("dirs-a").getSpec().getSource().getTargetRevision())
                .as("create-only leaves hand edits alone")
                .isEqualTo("edited");
        assertThat(owned("dirs")).as("create-only deletes nothing").contains("dirs-c");
    }

    private boolean generationSeen(String set) {
        ApplicationSet s = client.resources(ApplicationSet.class)
                .inNamespace(NS)
                .withName(set)
                .get();
        return s != null && controller.generationCount() > 0;
    }

    @Test
    void aMatrixOfClustersAndDirectoriesGeneratesEveryPairAndAPushViaTheWebhookAddsOne() throws Exception {
        for (String c : List.of("alpha", "beta")) {
            client.resource(new SecretBuilder()
                            .withNewMetadata()
                            .withName("appset-cluster-" + c)
                            .withNamespace(NS)
                            .addToLabels("argocd.argoproj.io/secret-type", "cluster")
                            .addToLabels("test", "appset")
                            .addToLabels("fleet", "appset-test")
                            .addToLabels("tier", c.equals("alpha") ? "gold" : "silver")
                            .endMetadata()
                            .addToStringData("name", c)
                            .addToStringData("server", "https://kubernetes.default.svc")
                            .build())
                    .serverSideApply();
        }
        Path bare = git.addAnonymous("appset-matrix");
        appsTree(bare, List.of("a", "b"), true);
        String url = git.url("appset-matrix");
        create("""
                apiVersion: argoproj.io/v1alpha1
                kind: ApplicationSet
                metadata: {name: matrix, namespace: sextant, labels: {test: appset}}
                spec:
                  generators:
                  - matrix:
                      generators:
                      - clusters:
                          selector: {matchLabels: {fleet: appset-test}}
                          values: {env: '{{metadata.labels.tier}}-env'}
                      - git:
                          repoURL: '%s'
                          revision: main
                          directories: [{path: apps/*}]
                  template:
                    metadata:
                      name: 'mx-{{name}}-{{path.basename}}'
                      annotations: {env: '{{values.env}}', 'team/{{name}}': 'yes'}
                    spec:
                      project: default
                      source: {repoURL: '%s', path: '{{path}}', targetRevision: main}
                      destination: {server: '{{server}}', namespace: 'mx-{{name}}'}
                """.formatted(url, url));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> owned("matrix").equals(List.of("mx-alpha-a", "mx-alpha-b", "mx-beta-a", "mx-beta-b")));
        assertThat(app("mx-beta-a").getMetadata().getAnnotations())
                .containsEntry("env", "silver-env")
                .containsEntry("team/beta", "yes");
        assertThat(app("mx-alpha-b").getSpec().getDestination().getNamespace()).isEqualTo("mx-alpha");

        // A GitHub push to the repository, through the webhook: every set reading it generates again.
        appsTree(bare, List.of("a", "b", "c"), false);
        String body = """
                {"ref": "refs/heads/main", "repository": {"html_url": "%s", "clone_url": "%s",
                 "default_branch": "main"}}""".formatted(url.replace(".git", "").toUpperCase().replace("HTTP://", "https://"), url);
        webhookSecret("appset-s3cret");
        try {
            io.restassured.RestAssured.given()
                    .header("X-GitHub-Event", "push")
                    .header("X-Hub-Signature-256", sign("appset-s3cret", body))
                    .contentType("application/json")
                    .body(body)
                    .post("/api/webhook")
                    .then()
                    .statusCode(200);
        } finally {
            webhookSecret(null);
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> owned("matrix").containsAll(List.of("mx-alpha-c", "mx-beta-c")));
    }

    /**
     * The CLI against the server (appset create, unchanged on a second create, list, get, delete), the API's
     * refusal of a templated project, and in Chromium the ApplicationSets page, a set's page with its
     * conditions and apps, and a generated app's tile linking back to its set.
     */
    @Test
    void theCliTheApiAndThePagesShowASetAndItsApps() throws Exception {
        Path file = java.nio.file.Files.createTempFile("appset", ".yaml");
        java.nio.file.Files.writeString(file, """
                apiVersion: argoproj.io/v1alpha1
                kind: ApplicationSet
                metadata: {name: shown, namespace: sextant, labels: {test: appset}}
                spec:
                  generators:
                  - list: {elements: [{env: prod}, {env: stage}]}
                  template:
                    metadata: {name: 'shown-{{env}}'}
                    spec:
                      project: default
                      source: {repoURL: '%s', path: ., targetRevision: '{{env}}'}
                      destination: {server: https://kubernetes.default.svc, namespace: 'shown-{{env}}'}
                """.formatted(kubercoins.url()));
        Path config = cliLoggedIn("cli-appset");
        io.sextant.cli.CliRun created = io.sextant.cli.CliRun.run(config, "appset", "create", file.toString());
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(created.err()).contains("ApplicationSet 'shown' created");
        io.sextant.cli.CliRun again = io.sextant.cli.CliRun.run(config, "appset", "create", file.toString());
        assertThat(again.err()).contains("ApplicationSet 'shown' unchanged");
        await().atMost(Duration.ofSeconds(60)).until(() -> owned("shown").size() == 2);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> condition("shown", "ResourcesUpToDate") != null
                        && "True".equals(condition("shown", "ResourcesUpToDate").getStatus()));
        io.sextant.cli.CliRun list = io.sextant.cli.CliRun.run(config, "appset", "list");
        assertThat(list.out())
                .contains("NAME")
                .contains("shown")
                .contains("default")
                .contains("sync");
        // status.resources follows the apps' own changes (at most a second later): ask until it lists both.
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            String out =
                    io.sextant.cli.CliRun.run(config, "appset", "get", "shown").out();
            return out.contains("shown-stage") && out.contains("shown-prod");
        });
        io.sextant.cli.CliRun get = io.sextant.cli.CliRun.run(config, "appset", "get", "shown");
        assertThat(get.code()).as(get.err()).isZero();
        assertThat(get.out())
                .contains("Name:               shown")
                .containsPattern("ResourcesUpToDate +True")
                .contains("shown-prod")
                .contains("shown-stage");

        // The API refuses a templated project, as Argo CD's does.
        String token = io.sextant.testing.ApiLogin.asAdmin(client);
        io.restassured.RestAssured.requestSpecification = null;
        io.restassured.RestAssured.given()
                .header("Authorization", "Bearer " + token)
                .contentType("application/json")
                .body("""
                        {"apiVersion": "argoproj.io/v1alpha1", "kind": "ApplicationSet",
                         "metadata": {"name": "sneaky"},
                         "spec": {"generators": [{"list": {"elements": [{"p": "default"}]}}],
                                  "template": {"metadata": {"name": "sneaky-{{p}}"},
                                               "spec": {"project": "{{p}}", "source": {"repoURL": "https://x.invalid/r"},
                                                        "destination": {"server": "https://kubernetes.default.svc"}}}}}""")
                .post("/api/v1/applicationsets")
                .then()
                .statusCode(400)
                .body("message", org.hamcrest.Matchers.containsString("templated project"));

        try (io.sextant.web.Browser b = new io.sextant.web.Browser()) {
            var d = b.driver;
            String root = base.toString().replaceAll("/$", "");
            d.get(root + "/login");
            d.findElement(org.openqa.selenium.By.id("username")).sendKeys("admin");
            d.findElement(org.openqa.selenium.By.id("password"))
                    .sendKeys(io.sextant.testing.ApiLogin.adminPassword(client));
            d.findElement(org.openqa.selenium.By.cssSelector("button[type=submit]"))
                    .click();
            await().atMost(Duration.ofSeconds(10)).until(() -> d.getCurrentUrl().endsWith("/applications"));
            d.get(root + "/applicationsets");
            String row = d.findElement(org.openqa.selenium.By.cssSelector("#appsets tr[data-appset='shown']"))
                    .getText();
            assertThat(row)
                    .contains("shown")
                    .contains("default")
                    .contains("list")
                    .contains("2");
            d.findElement(org.openqa.selenium.By.linkText("shown")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> d.getCurrentUrl().endsWith("/applicationsets/shown"));
            b.screenshot("appset-details");
            assertThat(d.findElement(org.openqa.selenium.By.cssSelector(
                                    "#conditions tr[data-condition='ResourcesUpToDate']"))
                            .getText())
                    .contains("True")
                    .contains("ApplicationSet up to date");
            assertThat(d.findElement(org.openqa.selenium.By.id("generated")).getText())
                    .contains("shown-prod")
                    .contains("shown-stage");
            assertThat(d.findElement(org.openqa.selenium.By.id("generators-yaml"))
                            .getText())
                    .contains("- env: prod");
            d.get(root + "/applications?search=shown-prod");
            // The tile is replaced whenever the app's status changes (the live stream): read and click afresh.
            var tileLink = org.openqa.selenium.By.cssSelector("#app-shown-prod a.appset-link");
            await().atMost(Duration.ofSeconds(10))
                    .ignoreExceptions()
                    .untilAsserted(
                            () -> assertThat(d.findElement(tileLink).getText()).isEqualTo("shown"));
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
                d.findElement(tileLink).click();
                return d.getCurrentUrl().endsWith("/applicationsets/shown");
            });
        }
        io.sextant.cli.CliRun deleted = io.sextant.cli.CliRun.run(config, "appset", "delete", "shown", "--yes");
        assertThat(deleted.code()).as(deleted.err()).isZero();
        assertThat(deleted.out()).contains("applicationset 'shown' deleted");
        await().atMost(Duration.ofSeconds(60)).until(() -> owned("shown").isEmpty());
    }

    @Inject
    io.sextant.config.SextantConfig config;

    @Inject
    io.sextant.service.webhook.PushRefreshes pushRefreshes;

    @Inject
    io.sextant.service.ApplicationStore store;

    /**
     * A server without the applicationset role (the install runs it in the controller's Deployment) passes a
     * push on through Argo CD's refresh annotation: a webhook service whose local role is off marks the set,
     * and the role (running in this JVM) generates it again.
     */
    /**
     * {@code POST /api/v1/applicationsets/generate} and {@code sextant appset generate}: the apps a set would
     * generate, from Git as the role reads it, with nothing created; a set that cannot generate says why.
     */
    @Test
    void generateShowsTheAppsASetWouldMakeAndCreatesNothing() throws Exception {
        Path bare = git.addAnonymous("appset-preview");
        appsTree(bare, List.of("a", "b", "skip"), true);
        String url = git.url("appset-preview");
        String token = io.sextant.testing.ApiLogin.asAdmin(client);
        io.restassured.RestAssured.requestSpecification = null;
        var set = client.getKubernetesSerialization()
                .convertValue(
                        client.getKubernetesSerialization()
                                .unmarshal(dirsSet("preview", url, "sync"), ApplicationSet.class),
                        java.util.Map.class);
        io.restassured.RestAssured.given()
                .header("Authorization", "Bearer " + token)
                .contentType("application/json")
                .body(java.util.Map.of("applicationSet", set))
                .post("/api/v1/applicationsets/generate")
                .then()
                .statusCode(200)
                .body("applications.metadata.name", org.hamcrest.Matchers.contains("preview-a", "preview-b"))
                .body("applications[0].spec.source.path", org.hamcrest.Matchers.equalTo("apps/a"))
                .body("applications[0].metadata.namespace", org.hamcrest.Matchers.equalTo(NS));
        assertThat(owned("preview")).as("nothing created").isEmpty();
        assertThat(client.resources(ApplicationSet.class)
                        .inNamespace(NS)
                        .withName("preview")
                        .get())
                .isNull();

        // What stops a set stops its preview, with the same words.
        String scm = """
                {"applicationSet": {"apiVersion": "argoproj.io/v1alpha1", "kind": "ApplicationSet",
                  "metadata": {"name": "preview-scm"},
                  "spec": {"generators": [{"scmProvider": {"github": {"organization": "x"}}}],
                           "template": {"metadata": {"name": "x-{{repository}}"},
                                        "spec": {"project": "default", "source": {"repoURL": "https://x.invalid/r"},
                                                 "destination": {"server": "https://kubernetes.default.svc"}}}}}}""";
        io.restassured.RestAssured.given()
                .header("Authorization", "Bearer " + token)
                .contentType("application/json")
                .body(scm)
                .post("/api/v1/applicationsets/generate")
                .then()
                .statusCode(400)
                .body("message", org.hamcrest.Matchers.containsString("scmProvider"));
        io.restassured.RestAssured.given()
                .header("Authorization", "Bearer " + token)
                .contentType("application/json")
                .body("{}")
                .post("/api/v1/applicationsets/generate")
                .then()
                .statusCode(400)
                .body("message", org.hamcrest.Matchers.containsString("applicationSet"));

        // The CLI prints the apps as a table, or as JSON.
        Path file = java.nio.file.Files.createTempFile("preview", ".yaml");
        java.nio.file.Files.writeString(file, dirsSet("preview", url, "sync"));
        Path config = cliLoggedIn("cli-preview");
        io.sextant.cli.CliRun table = io.sextant.cli.CliRun.run(config, "appset", "generate", file.toString());
        assertThat(table.code()).as(table.err()).isZero();
        assertThat(table.out())
                .containsPattern("NAME +PROJECT +SERVER +NAMESPACE +REPO +PATH +TARGET")
                .containsPattern("preview-a +default +https://kubernetes.default.svc +appset-dirs +\\S+ +apps/a +main")
                .contains("preview-b")
                .doesNotContain("preview-skip");
        io.sextant.cli.CliRun json =
                io.sextant.cli.CliRun.run(config, "appset", "generate", file.toString(), "-o", "json");
        assertThat(json.code()).as(json.err()).isZero();
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(json.out())
                        .findValuesAsText("name"))
                .contains("preview-a", "preview-b");
        assertThat(owned("preview")).isEmpty();
    }

    @Test
    void aServerWithoutTheRoleAsksThroughTheRefreshAnnotation() throws Exception {
        Path bare = git.addAnonymous("appset-split");
        appsTree(bare, List.of("a"), true);
        String url = git.url("appset-split");
        create(dirsSet("split", url, "sync"));
        await().atMost(Duration.ofSeconds(60)).until(() -> owned("split").equals(List.of("split-a")));
        long generated = controller.generationCount();
        appsTree(bare, List.of("a", "b"), false);
        var serverOnly = new io.sextant.service.webhook.WebhookService(
                client, config, pushRefreshes, store, new ApplicationSetController());
        String body = """
                {"ref": "refs/heads/main", "repository": {"html_url": "%s", "clone_url": "%s",
                 "default_branch": "main"}}""".formatted(url, url);
        webhookSecret("appset-s3cret");
        try {
            serverOnly.handle(
                    Map.of(
                            "x-github-event",
                            "push",
                            "x-hub-signature-256",
                            sign("appset-s3cret", body),
                            "content-type",
                            "application/json"),
                    body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } finally {
            webhookSecret(null);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> owned("split").equals(List.of("split-a", "split-b")));
        assertThat(controller.generationCount()).isGreaterThan(generated);
    }

    /** Sets, or with null removes, the GitHub webhook secret in sextant-secret, leaving its other keys. */
    private void webhookSecret(String value) {
        if (client.secrets().inNamespace(NS).withName("sextant-secret").get() == null) {
            client.resource(new SecretBuilder()
                            .withNewMetadata()
                            .withName("sextant-secret")
                            .withNamespace(NS)
                            .endMetadata()
                            .build())
                    .create();
        }
        client.secrets()
                .inNamespace(NS)
                .withName("sextant-secret")
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        value == null
                                ? "{\"data\": {\"webhook.github.secret\": null}}"
                                : "{\"stringData\": {\"webhook.github.secret\": \"" + value + "\"}}");
    }

    private static String sign(String secret, String body) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(
                secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256="
                + java.util.HexFormat.of()
                        .formatHex(mac.doFinal(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void aTemplatedProjectIsRefusedAndNothingIsCreated() {
        create("""
                apiVersion: argoproj.io/v1alpha1
                kind: ApplicationSet
                metadata: {name: escalate, namespace: sextant, labels: {test: appset}}
                spec:
                  generators:
                  - list:
                      elements: [{name: one, project: default}, {name: two, project: admins}]
                  template:
                    metadata: {name: 'esc-{{name}}'}
                    spec:
                      project: '{{project}}'
                      source: {repoURL: 'https://example.invalid/r.git', path: .}
                      destination: {server: https://kubernetes.default.svc, namespace: esc}
                """);
        await().atMost(Duration.ofSeconds(30)).until(() -> condition("escalate", "ErrorOccurred") != null);
        ApplicationSetStatus.Condition error = condition("escalate", "ErrorOccurred");
        assertThat(error.getStatus()).isEqualTo("True");
        assertThat(error.getReason()).isEqualTo("RenderTemplateParamsError");
        assertThat(error.getMessage()).contains("spec.template.spec.project '{{project}}' is templated");
        assertThat(condition("escalate", "ResourcesUpToDate").getStatus()).isEqualTo("False");
        assertThat(owned("escalate")).isEmpty();

        // Nor through a generator's own template, or a templated key, over a literal project.
        create("""
                apiVersion: argoproj.io/v1alpha1
                kind: ApplicationSet
                metadata: {name: escalate2, namespace: sextant, labels: {test: appset}}
                spec:
                  generators:
                  - list:
                      elements: [{name: one, k: project}]
                      template: {metadata: {}, spec: {project: admins}}
                  template:
                    metadata: {name: 'esc2-{{name}}'}
                    spec:
                      project: default
                      source: {repoURL: 'https://example.invalid/r.git', path: .}
                      destination: {server: https://kubernetes.default.svc, namespace: esc}
                """);
        await().atMost(Duration.ofSeconds(30)).until(() -> condition("escalate2", "ErrorOccurred") != null);
        assertThat(condition("escalate2", "ErrorOccurred").getMessage())
                .contains("application esc2-one would be in project 'admins', not the set's project 'default'");
        assertThat(owned("escalate2")).isEmpty();
    }

    /**
     * A set holding the resources finalizer under create-only: deleting it keeps its apps (their owner
     * reference goes first), as Argo CD's Application-Deletion page describes.
     */
    @Test
    void deletingAFinalizedCreateOnlySetKeepsItsApps() {
        create("""
                apiVersion: argoproj.io/v1alpha1
                kind: ApplicationSet
                metadata:
                  name: keeper
                  namespace: sextant
                  labels: {test: appset}
                  finalizers: [resources-finalizer.argocd.argoproj.io]
                spec:
                  generators:
                  - list: {elements: [{n: one}]}
                  template:
                    metadata: {name: 'kept-{{n}}', labels: {test: appset}}
                    spec:
                      project: default
                      source: {repoURL: 'https://example.invalid/r.git', path: .}
                      destination: {server: https://kubernetes.default.svc, namespace: kept}
                  syncPolicy: {applicationsSync: create-only}
                """);
        await().atMost(Duration.ofSeconds(30)).until(() -> owned("keeper").equals(List.of("kept-one")));
        client.resources(ApplicationSet.class)
                .inNamespace(NS)
                .withName("keeper")
                .delete();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> client.resources(ApplicationSet.class)
                                .inNamespace(NS)
                                .withName("keeper")
                                .get()
                        == null);
        try {
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> app("kept-one") != null);
            assertThat(app("kept-one").getMetadata().getOwnerReferences()).isNullOrEmpty();
        } finally {
            client.resources(Application.class)
                    .inNamespace(NS)
                    .withName("kept-one")
                    .delete();
        }
    }

    @Test
    void aSetGeneratingMoreThanTheBoundChangesNothing() {
        String elements =
                IntStream.range(0, 41).mapToObj(i -> "{n: 'x" + i + "'}").collect(Collectors.joining(", ", "[", "]"));
        create("""
                apiVersion: argoproj.io/v1alpha1
                kind: ApplicationSet
                metadata: {name: many, namespace: sextant, labels: {test: appset}}
                spec:
                  generators:
                  - list: {elements: %s}
                  template:
                    metadata: {name: 'many-{{n}}'}
                    spec:
                      project: default
                      source: {repoURL: 'https://example.invalid/r.git', path: .}
                      destination: {server: https://kubernetes.default.svc, namespace: many}
                """.formatted(elements));
        await().atMost(Duration.ofSeconds(30)).until(() -> condition("many", "ErrorOccurred") != null);
        assertThat(condition("many", "ErrorOccurred").getMessage())
                .contains("generates more than 40")
                .contains("sextant.applicationset.max-apps")
                .contains("nothing was changed");
        assertThat(condition("many", "ParametersGenerated").getStatus()).isEqualTo("False");
        assertThat(owned("many")).isEmpty();
    }

    @Test
    void gitGeneratorsReadOnlyInsideTheirRepositoryAndTemplatesReadNothing() throws Exception {
        Path bare = git.addAnonymous("appset-escape");
        TreeCommit.tree()
                .file("apps/ok/cm.yaml", "kind: ConfigMap\n")
                .symlink("apps/out", "../../../../../../etc")
                .file("config/c.yaml", "name: c\n")
                .commitToDefaultBranch(bare, "main");
        String url = git.url("appset-escape");
        create("""
                apiVersion: argoproj.io/v1alpha1
                kind: ApplicationSet
                metadata: {name: escape, namespace: sextant, labels: {test: appset}}
                spec:
                  generators:
                  - git:
                      repoURL: '%s'
                      revision: main
                      files: [{path: '../../etc/*'}]
                  template:
                    metadata: {name: 'escape-{{name}}'}
                    spec:
                      project: default
                      source: {repoURL: '%s', path: .}
                      destination: {server: https://kubernetes.default.svc, namespace: escape}
                """.formatted(url, url));
        await().atMost(Duration.ofSeconds(30)).until(() -> condition("escape", "ErrorOccurred") != null);
        assertThat(condition("escape", "ErrorOccurred").getMessage())
                .contains("path '../../etc/*' leaves the repository");
        assertThat(owned("escape")).isEmpty();

        // Directories: the symlink pointing out of the repository gives no app; the template's tags that
        // would read the environment or a file stay as written.
        create("""
                apiVersion: argoproj.io/v1alpha1
                kind: ApplicationSet
                metadata: {name: inside, namespace: sextant, labels: {test: appset}}
                spec:
                  generators:
                  - git:
                      repoURL: '%s'
                      revision: main
                      directories: [{path: 'apps/*'}]
                  template:
                    metadata:
                      name: 'inside-{{path.basename}}'
                      annotations: {home: '{{env "HOME"}}', file: '{{ readFile "/etc/passwd" }}', user: '{{USER}}'}
                    spec:
                      project: default
                      source: {repoURL: '%s', path: '{{path}}'}
                      destination: {server: https://kubernetes.default.svc, namespace: inside}
                """.formatted(url, url));
        // A symlink out of the repository stops the set (as Argo CD's repo server refuses out-of-bounds
        // symlinks), naming it; nothing outside is read.
        await().atMost(Duration.ofSeconds(30)).until(() -> condition("inside", "ErrorOccurred") != null);
        assertThat(condition("inside", "ErrorOccurred").getMessage())
                .contains("symlink 'apps/out'")
                .contains("points outside the repository");
        assertThat(owned("inside")).isEmpty();
        TreeCommit.tree()
                .file("apps/ok/cm.yaml", "kind: ConfigMap\n")
                .file("config/c.yaml", "name: c\n")
                .commitTo(bare, "main");
        refresh("inside");
        await().atMost(Duration.ofSeconds(60)).until(() -> !owned("inside").isEmpty());
        assertThat(owned("inside")).containsExactly("inside-ok");
        Map<String, String> annotations = app("inside-ok").getMetadata().getAnnotations();
        assertThat(annotations)
                .containsEntry("home", "{{env \"HOME\"}}")
                .containsEntry("file", "{{ readFile \"/etc/passwd\" }}")
                .containsEntry("user", "{{USER}}");
    }

    @Test
    void anExistingAppOfTheSameNameIsLeftAloneAndNamedInTheConditions() {
        Application byHand = client.getKubernetesSerialization().unmarshal("""
                        apiVersion: argoproj.io/v1alpha1
                        kind: Application
                        metadata: {name: taken-one, namespace: sextant, labels: {test: appset}}
                        spec:
                          project: default
                          source: {repoURL: 'https://example.invalid/mine.git', path: mine}
                          destination: {server: 'https://kubernetes.default.svc', namespace: mine}
                        """, Application.class);
        client.resource(byHand).delete();
        client.resource(byHand).create();
        try {
            create("""
                    apiVersion: argoproj.io/v1alpha1
                    kind: ApplicationSet
                    metadata: {name: taker, namespace: sextant, labels: {test: appset}}
                    spec:
                      generators:
                      - list: {elements: [{n: one}, {n: two}]}
                      template:
                        metadata: {name: 'taken-{{n}}'}
                        spec:
                          project: default
                          source: {repoURL: 'https://example.invalid/theirs.git', path: theirs}
                          destination: {server: https://kubernetes.default.svc, namespace: theirs}
                    """);
            await().atMost(Duration.ofSeconds(30)).until(() -> owned("taker").equals(List.of("taken-two")));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> condition("taker", "ErrorOccurred") != null
                            && "True".equals(condition("taker", "ErrorOccurred").getStatus()));
            assertThat(condition("taker", "ErrorOccurred").getMessage())
                    .contains("application taken-one already exists and is not generated by ApplicationSet taker");
            Application mine = app("taken-one");
            assertThat(mine.getSpec().getSource().getRepoURL()).isEqualTo("https://example.invalid/mine.git");
            assertThat(mine.getMetadata().getOwnerReferences()).isNullOrEmpty();
        } finally {
            client.resources(Application.class)
                    .inNamespace(NS)
                    .withName("taken-one")
                    .delete();
        }
        assertThat(Objects.requireNonNull(owned("taker"))).containsExactly("taken-two");
    }
}
