package io.sextant.cli;

import static io.sextant.cli.CliRun.port;
import static io.sextant.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sextant.embedded.FixtureRepository;
import io.sextant.model.Application;
import io.sextant.testing.Apps;
import io.sextant.testing.ProjectPaths;
import io.sextant.testing.TestbedResource;
import io.sextant.testing.TimeBound;
import io.sextant.testing.WithGitServer;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The workshop's CLI steps, with {@code sextant} for {@code argocd}, in both modes: {@code login --core}
 * (Kubernetes through the kubeconfig) and {@code login HOST} (this test's server). create; list shows
 * OutOfSync; sync fails on the missing namespace with argocd's words and exit code 1; edit adds
 * CreateNamespace=true under syncPolicy.syncOptions; sync succeeds; {@code get -ojson | jq} gives each
 * resource's name and health. The controller runs in this JVM.
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
class WorkshopCliTest extends WithGitServer {

    private static FixtureRepository repo;

    @Inject
    KubernetesClient client;

    @BeforeAll
    static void gitServer() throws Exception {
        repo = FixtureRepository.create(git);
    }

    @Test
    void workshopStepsInCoreMode() throws Exception {
        Path config = Files.createTempDirectory("cli-core").resolve("config");
        CliRun login = run(
                config,
                "login",
                "--core",
                "--kubeconfig",
                TestbedResource.kubeconfig().toString());
        assertThat(login.code()).as(login.err()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config)))
                .isEqualTo("rw-------");
        workshop(config, "kc-cli-core");
    }

    @Test
    void workshopStepsAgainstTheServer() throws Exception {
        Path config = Files.createTempDirectory("cli-server").resolve("config");
        CliRun login = run(
                config,
                "login",
                "localhost:" + port(),
                "--username",
                "admin",
                "--password",
                adminPassword(),
                "--plaintext");
        assertThat(login.code()).as(login.err()).isZero();
        assertThat(login.out()).contains("'admin:login' logged in successfully");
        workshop(config, "kc-cli-server");

        CliRun missing = run(config, "app", "get", "no-such-app");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err())
                .contains("no-such-app")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    @Test
    void serverDownIsOneClearLine() throws Exception {
        Path config = Files.createTempDirectory("cli-down").resolve("config");
        CliRun login = run(config, "login", "localhost:1", "--username", "admin", "--password", "x", "--plaintext");
        assertThat(login.code()).isEqualTo(1);
        assertThat(login.err().strip()).isEqualTo("cannot reach the Sextant server at localhost:1: connection refused");
    }

    private void workshop(Path config, String app) throws Exception {
        Apps apps = new Apps(client);
        String ns = app + "-prod";
        client.namespaces().withName(ns).delete();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> client.namespaces().withName(ns).get() == null);
        apps.delete(app);
        await().atMost(Duration.ofSeconds(30)).until(() -> apps.get(app) == null);

        CliRun create = run(
                config,
                "app",
                "create",
                app,
                "--repo",
                repo.url(),
                "--path",
                ".",
                "--revision",
                "prod",
                "--dest-server",
                "https://kubernetes.default.svc",
                "--dest-namespace",
                ns);
        assertThat(create.code()).as(create.err()).isZero();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            CliRun list = run(config, "app", "list");
            assertThat(list.out().lines().filter(l -> l.startsWith("sextant/" + app + " ")))
                    .singleElement()
                    .asString()
                    .contains("OutOfSync", "https://kubernetes.default.svc", ns, "prod");
        });
        assertThat(run(config, "app", "list").out().lines().findFirst().orElse(""))
                .startsWith("NAME")
                .contains("CLUSTER", "NAMESPACE", "PROJECT", "STATUS", "HEALTH", "SYNCPOLICY");

        CliRun failed = run(config, "app", "sync", app, "--timeout", "120");
        assertThat(failed.code()).isEqualTo(1);
        assertThat(failed.err())
                .contains("Operation has completed with phase: Failed")
                .contains("namespaces \"" + ns + "\" not found");
        assertThat(failed.out()).contains("Phase:").contains("Failed");

        Path editor = Files.createTempFile("editor", ".sh");
        Files.writeString(
                editor, "#!/bin/sh\nprintf 'syncPolicy:\\n  syncOptions:\\n  - CreateNamespace=true\\n' >> \"$1\"\n");
        editor.toFile().setExecutable(true);
        System.setProperty(SextantCli.EDITOR_PROPERTY, editor.toString());
        try {
            CliRun edit = run(config, "app", "edit", app);
            assertThat(edit.code()).as(edit.err()).isZero();
        } finally {
            System.clearProperty(SextantCli.EDITOR_PROPERTY);
        }
        assertThat(apps.get(app).getSpec().getSyncPolicy().getSyncOptions()).containsExactly("CreateNamespace=true");

        CliRun ok = run(config, "app", "sync", app, "--timeout", "120");
        assertThat(ok.code()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out())
                .containsPattern("Phase:\\s+Succeeded")
                .contains("worker")
                .contains("GROUP");
        apps.awaitSyncAndHealth(app, "Synced", "Healthy");

        CliRun json = run(config, "app", "get", app, "-ojson");
        assertThat(json.code()).isZero();
        String jq = jq(json.out(), ".status.resources[]| {name: .name} + .health");
        assertThat(jq)
                .contains("\"name\": \"worker\"")
                .contains("\"status\": \"Healthy\"")
                .contains("\"name\": \"redis\"");

        CliRun get = run(config, "app", "get", app);
        assertThat(get.out())
                .containsPattern("Sync Status:\\s+Synced")
                .containsPattern("Health Status:\\s+Healthy")
                .contains("Deployment")
                .contains("worker");

        // diff: nothing, then a hand-made change shows as live (---) against Git (+++), exit code 1.
        CliRun clean = run(config, "app", "diff", app);
        assertThat(clean.code()).as(clean.out() + clean.err()).isZero();
        assertThat(clean.out()).isEmpty();
        client.apps().deployments().inNamespace(ns).withName("worker").edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("dockercoins/worker:v0.2");
            return d;
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            CliRun drift = run(config, "app", "diff", app);
            assertThat(drift.code()).as(drift.err()).isEqualTo(1);
            assertThat(drift.out())
                    .contains("===== apps/Deployment " + ns + "/worker ======")
                    .containsPattern("(?m)^-\\s+(- )?image: dockercoins/worker:v0.2$")
                    .containsPattern("(?m)^\\+\\s+(- )?image: dockercoins/worker:v0.1$")
                    .doesNotContain("rng");
        });
        CliRun manifests = run(config, "app", "manifests", app);
        assertThat(manifests.code()).as(manifests.err()).isZero();
        assertThat(manifests.out())
                .contains("image: dockercoins/worker:v0.1")
                .contains("kind: Service")
                .contains("\n---\n");

        // projects, repositories, clusters
        String project = app + "-team";
        CliRun proj = run(
                config,
                "proj",
                "create",
                project,
                "--description",
                "CLI team",
                "-d",
                "https://kubernetes.default.svc," + ns,
                "-s",
                repo.url(),
                "--upsert");
        assertThat(proj.code()).as(proj.err()).isZero();
        assertThat(run(config, "proj", "get", project).out()).contains(project, "CLI team", ns, repo.url());
        assertThat(run(config, "proj", "list").out()).contains("default", project);
        CliRun repoAdd = run(config, "repo", "add", repo.url(), "--name", "kubercoins", "--upsert");
        assertThat(repoAdd.code()).as(repoAdd.err()).isZero();
        assertThat(repoAdd.out()).contains("Repository '" + repo.url() + "' added");
        assertThat(run(config, "repo", "list").out()).contains(repo.url(), "kubercoins", "Successful");
        CliRun badRepo = run(config, "repo", "add", "http://127.0.0.1:1/none.git");
        assertThat(badRepo.code()).isEqualTo(1);
        assertThat(badRepo.err()).contains("Unable to connect to repository");
        assertThat(run(config, "cluster", "list").out())
                .contains("https://kubernetes.default.svc", "in-cluster", "Successful");

        CliRun delete = run(config, "app", "delete", app, "-y");
        assertThat(delete.code()).as(delete.err()).isZero();
        await().atMost(Duration.ofSeconds(60)).until(() -> apps.get(app) == null);
    }

    /**
     * {@code ./sextant} as a user runs it: starts without Quarkus and lists apps quickly. The strict target
     * (median at most 0.5 s) is held by {@code bench/api} ({@link TimeBound}); here, where the server and the
     * controller share the JVM and CI shares the machine (medians of 0.44–0.76 s seen at load average 16–20),
     * the test checks what makes the list quick, exactly: the class-data archive maps, and neither picocli's model, the JDK's HttpClient nor
     * Jackson's ObjectMapper is loaded.
     */
    @Test
    void theScriptRunsAndListsQuickly() throws Exception {
        Path config = Files.createTempDirectory("cli-script").resolve("config");
        assertThat(run(
                                config,
                                "login",
                                "localhost:" + port(),
                                "--username",
                                "admin",
                                "--password",
                                adminPassword(),
                                "--plaintext")
                        .code())
                .isZero();
        // One app of its own, so the lists below have a row whatever ran before.
        Apps apps = new Apps(client);
        apps.delete("kc-cli-script");
        await().atMost(Duration.ofSeconds(30)).until(() -> apps.get("kc-cli-script") == null);
        assertThat(run(
                                config,
                                "app",
                                "create",
                                "kc-cli-script",
                                "--repo",
                                repo.url(),
                                "--path",
                                ".",
                                "--revision",
                                "prod",
                                "--dest-server",
                                "https://kubernetes.default.svc",
                                "--dest-namespace",
                                "kc-cli-script")
                        .code())
                .isZero();
        CliRun version = script(config, "version", "--client");
        assertThat(version.code()).as(version.err()).isZero();
        assertThat(version.out()).startsWith("sextant: v");

        List<Long> millis = new ArrayList<>();
        int runs = Integer.getInteger("bench.cli.runs", 10);
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            CliRun list = script(config, "app", "list");
            millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            assertThat(list.code()).as(list.err()).isZero();
            assertThat(list.out()).startsWith("NAME").contains("sextant/kc-cli-script ");
        }
        Collections.sort(millis);
        long median = (millis.get((runs - 1) / 2) + millis.get(runs / 2)) / 2;
        System.out.println("./sextant app list, " + runs + " runs (ms): " + millis + ", median " + median);
        System.out.println("BENCH cli app-list median=" + median + "ms runs=" + runs + " all=" + millis);
        TimeBound.check("median of ./sextant app list", median, 500);

        Path classes = Files.createTempFile("sextant-classes", ".log");
        CliRun logged = script(Map.of("JDK_JAVA_OPTIONS", "-Xlog:class+load:file=" + classes), config, "app", "list");
        assertThat(logged.code()).as(logged.err()).isZero();
        List<String> loaded = Files.readAllLines(classes);
        assertThat(loaded.stream()
                        .filter(l -> l.contains(" source: shared objects file"))
                        .count())
                .as("classes mapped from the archive, of " + loaded.size())
                .isGreaterThan(loaded.size() * 8L / 10);
        assertThat(loaded)
                .noneMatch(l -> l.contains("] picocli.CommandLine$Model"))
                .noneMatch(l -> l.contains("] java.net.http.HttpClient "))
                .noneMatch(l -> l.contains("] com.fasterxml.jackson.databind.ObjectMapper "));

        // The shortcut prints what picocli's path prints, and fails the same way (retried: an app of an
        // earlier test may still be going away between the two lists).
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(
                                script(config, "app", "list", "-o", "name").out())
                        .isEqualTo(run(config, "app", "list", "-o", "name").out())
                        .contains("sextant/kc-cli-script"));
        assertThat(script(config, "--config", config.toString(), "app", "list", "--output=wide")
                        .out()
                        .lines()
                        .findFirst())
                .isEqualTo(run(config, "app", "list").out().lines().findFirst());
        CliRun bad = script(config, "app", "list", "-o", "tsv");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err().strip()).isEqualTo("unknown output format 'tsv': use wide, json, yaml or name");
        Path nowhere = config.resolveSibling("no-such-config");
        CliRun notLoggedIn = script(nowhere, "app", "list");
        assertThat(notLoggedIn.code()).isEqualTo(1);
        assertThat(notLoggedIn.err()).startsWith("not logged in: run 'sextant login --core'");

        // Core mode through the script: it runs on the whole classpath, quietly.
        Path core = Files.createTempDirectory("cli-script-core").resolve("config");
        CliRun login = script(
                core,
                "login",
                "--core",
                "--kubeconfig",
                TestbedResource.kubeconfig().toString());
        assertThat(login.code()).as(login.err()).isZero();
        assertThat(login.err()).isEmpty();
        CliRun coreList = script(core, "app", "list");
        assertThat(coreList.code()).as(coreList.err()).isZero();
        assertThat(coreList.out()).startsWith("NAME");
        assertThat(coreList.err()).isEmpty();

        // Core mode and Applications in other namespaces: the CLI reads the servers' setting from the same
        // environment variable, and names such an app namespace/name, as Argo CD's CLI does.
        client.resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName("argocd")
                        .endMetadata()
                        .build())
                .serverSideApply();
        client.resource(client.getKubernetesSerialization().unmarshal("""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: cli-elsewhere, namespace: argocd}
                spec:
                  project: default
                  source: {repoURL: 'https://git.example.com/none.git', path: a, targetRevision: main}
                  destination: {server: https://kubernetes.default.svc, namespace: cli-elsewhere}
                """, Application.class))
                .createOr(c -> c.patch());
        try {
            CliRun unserved = script(core, "app", "get", "argocd/cli-elsewhere");
            assertThat(unserved.code()).isEqualTo(1);
            assertThat(unserved.err()).contains("sextant.application-namespaces");
            Map<String, String> served = Map.of("SEXTANT_APPLICATION_NAMESPACES", "argocd,apps-*");
            CliRun get = script(served, core, "app", "get", "argocd/cli-elsewhere");
            assertThat(get.code()).as(get.err()).isZero();
            assertThat(get.out())
                    .contains("Name:")
                    .contains("argocd/cli-elsewhere")
                    .contains("cli-elsewhere");
            CliRun list = script(served, core, "app", "list");
            assertThat(list.out()).contains("argocd/cli-elsewhere");
            CliRun regex = script(Map.of("SEXTANT_APPLICATION_NAMESPACES", "/team-.*/"), core, "app", "list");
            assertThat(regex.code()).isEqualTo(1);
            assertThat(regex.err()).contains("regular expression").contains("globs");
        } finally {
            client.resources(Application.class)
                    .inNamespace("argocd")
                    .withName("cli-elsewhere")
                    .delete();
        }
    }

    private static CliRun script(Path config, String... args) throws Exception {
        return script(Map.of(), config, args);
    }

    private static CliRun script(Map<String, String> env, Path config, String... args) throws Exception {
        // The classes this test runs with say which build directory to point the script at.
        Path classes = Path.of(SextantCli.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        List<String> command =
                new ArrayList<>(List.of(ProjectPaths.root().resolve("sextant").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment()
                .put("SEXTANT_BUILD_DIR", classes.getParent().getFileName().toString());
        pb.environment().put("SEXTANT_CONFIG", config.toString());
        pb.environment().putAll(env);
        Path err = Files.createTempFile("sextant-err", ".txt");
        Path out = Files.createTempFile("sextant-out", ".txt");
        pb.redirectError(err.toFile());
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("./sextant " + String.join(" ", args) + " did not exit within 120 s; stderr: "
                    + Files.readString(err));
        }
        return new CliRun(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static String jq(String input, String filter) throws Exception {
        Process p = new ProcessBuilder("jq", filter).start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(err).isZero();
        return out;
    }

    /** The admin password when the server has accounts; any password when it has no session endpoint yet. */
    private String adminPassword() {
        var secret = client.secrets()
                .inNamespace(Apps.NAMESPACE)
                .withName("sextant-initial-admin-secret")
                .get();
        if (secret == null || secret.getData() == null || secret.getData().get("password") == null) {
            return "unused";
        }
        return new String(Base64.getDecoder().decode(secret.getData().get("password")), StandardCharsets.UTF_8);
    }
}
