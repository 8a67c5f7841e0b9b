package io.sextant.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sextant.model.Application;
import io.sextant.model.ApplicationCondition;
import io.sextant.repo.TreeCommit;
import io.sextant.testing.Apps;
import io.sextant.testing.TestbedResource;
import io.sextant.testing.WithGitServer;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The comparison rules a user relies on, through the running controller on the testbed: fields the
 * API server defaults are never drift, ignoreDifferences in its three forms (per app and in
 * sextant-cm), Secret values never shown, hostile repositories refused with a condition while other
 * apps keep reconciling, and a pod that cannot pull its image turning the app Degraded.
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
class CompareRulesTest extends WithGitServer {

    static final String SERVICE = """
            apiVersion: v1
            kind: Service
            metadata: {name: web, labels: {app: web}}
            spec:
              selector: {app: web}
              ports: [{port: 80, targetPort: 8080}]
            """;
    static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 1
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers: [{name: web, image: 'nginx:1.27'}]
            """;
    static final String PULLER = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: puller}
            spec:
              replicas: 1
              progressDeadlineSeconds: 600
              selector: {matchLabels: {app: puller}}
              template:
                metadata: {labels: {app: puller}}
                spec:
                  containers: [{name: main, image: 'sextant.test/missing:latest'}]
            """;
    static final String GIT_SECRET = "git-only-password-41";
    static final String LIVE_SECRET = "live-only-password-7";
    static final String TOKEN = "stringdata-token-93";

    private static String url;
    private static Path bare;

    @Inject
    KubernetesClient client;

    @Inject
    ApplicationController controller;

    @BeforeAll
    static void repository() throws Exception {
        bare = git.addAnonymous("rules");
        url = git.url("rules");
        TreeCommit.tree()
                .file("web/service.yaml", SERVICE)
                .file("web/deployment.yaml", DEPLOYMENT)
                .commitTo(bare, "web");
        TreeCommit.tree()
                .file("creds/secret.yaml", """
                apiVersion: v1
                kind: Secret
                metadata: {name: creds}
                type: Opaque
                data: {password: %s}
                stringData: {token: %s}
                """.formatted(b64(GIT_SECRET), TOKEN))
                .file("creds/bad-secret.yaml", """
                apiVersion: v1
                kind: Secret
                metadata: {name: bad-creds}
                data: {password: 'not base64 %s!'}
                """.formatted(GIT_SECRET))
                .commitTo(bare, "secret");
        TreeCommit.tree().file("pull/deployment.yaml", PULLER).commitTo(bare, "pull");
    }

    @Test
    void fieldsTheApiServerDefaultsAreNotDrift() {
        Apps apps = new Apps(client);
        String ns = "rules-defaults";
        apps.freshNamespace(ns);
        apps.create("defaults", url, "web", "web", ns, "");
        awaitSync(apps, "defaults", "OutOfSync");
        apps.applyByHand(ns, SERVICE + "---\n" + DEPLOYMENT, "kubectl");

        awaitSync(apps, "defaults", "Synced");
        assertThat(client.services()
                        .inNamespace(ns)
                        .withName("web")
                        .get()
                        .getSpec()
                        .getClusterIP())
                .as("the API server gave the Service a clusterIP Git does not have")
                .isNotBlank();
        assertThat(client.apps()
                        .deployments()
                        .inNamespace(ns)
                        .withName("web")
                        .get()
                        .getSpec()
                        .getStrategy()
                        .getType())
                .as("the API server gave the Deployment a strategy Git does not have")
                .isEqualTo("RollingUpdate");
        assertThat(apps.get("defaults").getStatus().getResources())
                .extracting(r -> r.getStatus())
                .containsOnly("Synced");
    }

    @Test
    void ignoreDifferencesInEachFormPerAppAndSystemWide() {
        Apps apps = new Apps(client);
        String ns = "rules-ignore";
        apps.freshNamespace(ns);
        apps.applyByHand(ns, SERVICE + "---\n" + DEPLOYMENT, "kubectl");
        // Another actor (an autoscaler, a person) owns replicas now.
        apps.applyByHand(ns, """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec: {replicas: 3}
                """, "scaler");
        String rule = "ignoreDifferences:\n  - group: apps\n    kind: Deployment\n";
        apps.create("ign-none", url, "web", "web", ns, "");
        apps.create("ign-pointer", url, "web", "web", ns, rule + "    jsonPointers: [/spec/replicas]");
        apps.create("ign-jq", url, "web", "web", ns, rule + "    jqPathExpressions: ['.spec.replicas']");
        apps.create("ign-managers", url, "web", "web", ns, rule + "    managedFieldsManagers: [scaler]");
        try {
            awaitSync(apps, "ign-pointer", "Synced");
            awaitSync(apps, "ign-jq", "Synced");
            awaitSync(apps, "ign-managers", "Synced");
            awaitSync(apps, "ign-none", "OutOfSync");
            assertThat(diffOf("ign-none", "web", "Deployment"))
                    .contains("-  replicas: 3")
                    .contains("+  replicas: 1");

            client.resource(new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName("sextant-cm")
                            .withNamespace(Apps.NAMESPACE)
                            .endMetadata()
                            .addToData(
                                    "resource.customizations.ignoreDifferences.apps_Deployment",
                                    "jsonPointers:\n- /spec/replicas\n")
                            .build())
                    .serverSideApply();
            awaitSync(apps, "ign-none", "Synced");
        } finally {
            client.configMaps()
                    .inNamespace(Apps.NAMESPACE)
                    .withName("sextant-cm")
                    .delete();
        }
        awaitSync(apps, "ign-none", "OutOfSync");
        for (String app : List.of("ign-none", "ign-pointer", "ign-jq", "ign-managers")) {
            apps.delete(app);
        }
    }

    @Test
    void secretValuesNeverShowInStatusDiffEventsLogsOrErrors() {
        Apps apps = new Apps(client);
        String ns = "rules-secret";
        apps.freshNamespace(ns);
        List<String> logs = Collections.synchronizedList(new ArrayList<>());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logs.add(r.getMessage() + " " + Arrays.toString(r.getParameters()) + " " + r.getThrown());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger.getLogger("").addHandler(capture);
        try {
            // Live differs from Git, and carries kubectl's last-applied annotation with its values.
            apps.applyByHand(ns, """
                    apiVersion: v1
                    kind: Secret
                    metadata:
                      name: creds
                      annotations:
                        kubectl.kubernetes.io/last-applied-configuration: '{"data":{"password":"%s"}}'
                    type: Opaque
                    data: {password: %s}
                    """.formatted(b64(LIVE_SECRET), b64(LIVE_SECRET)), "kubectl");
            apps.create("secret", url, "secret", "creds", ns, "");
            awaitSync(apps, "secret", "OutOfSync");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> apps.get("secret").getStatus().getConditions() != null);

            Comparison c = controller.comparisons().get("secret").orElseThrow();
            String diff = diffOf("secret", "creds", "Secret");
            assertThat(diff)
                    .as("the diff shows that the password changed, masked")
                    .contains("-  password: ++++++++++++")
                    .contains("+  password: ++++++++\n");
            List<String> seen = new ArrayList<>();
            seen.add(client.getKubernetesSerialization().asJson(apps.get("secret")));
            seen.add(c.toString());
            c.resources().forEach(r -> seen.add(r.diff() + r.target() + r.live()));
            client.v1()
                    .events()
                    .inAnyNamespace()
                    .list()
                    .getItems()
                    .forEach(e -> seen.add(e.getMessage() + " " + e.getReason()));
            seen.addAll(logs);
            assertThat(String.join(
                            "\n",
                            apps.get("secret").getStatus().getConditions().stream()
                                    .map(ApplicationCondition::getMessage)
                                    .toList()))
                    .as("the bad Secret is reported")
                    .contains("bad-creds");
            for (String value :
                    List.of(GIT_SECRET, LIVE_SECRET, TOKEN, b64(GIT_SECRET), b64(LIVE_SECRET), b64(TOKEN))) {
                assertThat(seen).as("nothing shows " + value).noneMatch(s -> s != null && s.contains(value));
            }
        } finally {
            Logger.getLogger("").removeHandler(capture);
            apps.delete("secret");
        }
    }

    @Test
    void hostileRepositoriesGiveAConditionWhileOtherAppsKeepReconciling() throws Exception {
        Apps apps = new Apps(client);
        String ns = "rules-hostile";
        apps.freshNamespace(ns);
        // Nine levels of nine references: 72 aliases, 9^9 strings if expanded.
        StringBuilder bomb = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (char c = 'b'; c <= 'i'; c++) {
            String ref = "*" + (char) (c - 1);
            bomb.append(c)
                    .append(": &")
                    .append(c)
                    .append(" [")
                    .append(String.join(", ", Collections.nCopies(9, ref)))
                    .append("]\n");
        }
        String deep =
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: " + "[".repeat(500) + "]".repeat(500);
        TreeCommit.tree()
                .file("ok/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\ndata: {v: '1'}\n")
                .symlink("escape/passwd.yaml", "../../../../../../etc/passwd")
                .file(
                        "bomb/bomb.yaml",
                        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n  "
                                + bomb.toString().replace("\n", "\n  "))
                .file("deep/deep.yaml", deep)
                .file(
                        "huge/huge.yaml",
                        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: huge}\ndata: {v: '"
                                + "x".repeat(4 * 1024 * 1024) + "'}\n")
                .commitTo(bare, "hostile");
        apps.create("bystander", url, "hostile", "ok", ns, "");
        record Attack(String app, String repoUrl, String revision, String path, String expected) {
            Attack(String app, String path, String expected) {
                this(app, url, "hostile", path, expected);
            }
        }
        String withToken = url.replace("http://", "http://deploy:s3cr3t-t0ken@").replace("/rules.git", "/missing.git");
        List<Attack> attacks = List.of(
                new Attack("h-dotdot", "../rules", "application path"),
                new Attack("h-absolute", "/etc", "application path"),
                new Attack("h-symlink", "escape", "outside the repository"),
                new Attack("h-bomb", "bomb", "alias"),
                new Attack("h-deep", "deep", "nest"),
                new Attack("h-huge", "huge", "limit"),
                new Attack("h-file-url", "file:///etc", "hostile", ".", "file"),
                new Attack("h-dash-url", "-uhttp://x/y.git", "hostile", ".", "-"),
                new Attack("h-dash-revision", url, "--upload-pack=touch /tmp/pwned", ".", "revision"),
                new Attack("h-token-in-url", withToken, "main", ".", "missing.git"));
        for (Attack a : attacks) {
            apps.create(a.app(), a.repoUrl(), a.revision(), a.path(), ns, "");
        }
        try {
            for (Attack a : attacks) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    Application app = apps.get(a.app());
                    assertThat(app.getStatus()).isNotNull();
                    assertThat(app.getStatus().getSync().getStatus()).isEqualTo("Unknown");
                    assertThat(app.getStatus().getConditions()).as(a.app()).anySatisfy(c -> {
                        assertThat(c.getType()).isEqualTo("ComparisonError");
                        assertThat(c.getMessage())
                                .containsIgnoringCase(a.expected())
                                .doesNotContain("root:x:0")
                                .doesNotContain("s3cr3t-t0ken");
                    });
                });
            }
            awaitSync(apps, "bystander", "OutOfSync");
            // The bystander still follows its branch: a new commit is compared after a refresh.
            String next = TreeCommit.tree()
                    .file("ok/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\ndata: {v: '2'}\n")
                    .commitTo(bare, "hostile");
            apps.refresh("bystander", "normal");
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(
                                    apps.get("bystander").getStatus().getSync().getRevision())
                            .isEqualTo(next));
        } finally {
            apps.delete("bystander");
            attacks.forEach(a -> apps.delete(a.app()));
        }
    }

    @Test
    void aPodThatCannotPullItsImageMakesTheAppDegradedNamingTheImage() {
        Apps apps = new Apps(client);
        String ns = "rules-pull";
        apps.freshNamespace(ns);
        apps.create("puller", url, "pull", "pull", ns, "");
        awaitSync(apps, "puller", "OutOfSync");
        long applied = System.nanoTime();
        apps.applyByHand(ns, PULLER, "kubectl");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Application app = apps.get("puller");
            assertThat(app.getStatus().getHealth().getStatus()).isEqualTo("Degraded");
            assertThat(app.getStatus().getHealth().getMessage()).contains("sextant.test/missing:latest");
        });
        System.err.printf("image-pull app Degraded %d ms after the apply%n", (System.nanoTime() - applied) / 1_000_000);
        apps.delete("puller");
    }

    private void awaitSync(Apps apps, String name, String status) {
        // A poll that meets a dropped connection polls again, as kubectl get -w would.
        await().atMost(Duration.ofSeconds(30))
                .ignoreExceptionsInstanceOf(KubernetesClientException.class)
                .untilAsserted(() -> {
                    Application app = apps.get(name);
                    assertThat(app.getStatus()).as(name + " has a status").isNotNull();
                    assertThat(app.getStatus().getSync().getStatus())
                            .as(() -> name + ": " + outOfSync(name))
                            .isEqualTo(status);
                });
    }

    private String diffOf(String app, String name, String kind) {
        return controller.comparisons().get(app).orElseThrow().resources().stream()
                .filter(r -> r.key().name().equals(name) && r.key().kind().equals(kind))
                .findFirst()
                .orElseThrow()
                .diff();
    }

    private String outOfSync(String app) {
        return controller
                .comparisons()
                .get(app)
                .map(c -> c.errors() + "\n"
                        + c.resources().stream()
                                .filter(r -> !"Synced".equals(r.syncStatus()))
                                .map(r -> r.key() + "\n" + r.diff())
                                .collect(Collectors.joining("\n")))
                .orElse("no comparison");
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
