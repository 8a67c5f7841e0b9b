package io.sextant.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sextant.appset.ApplicationSetController;
import io.sextant.controller.ApplicationController;
import io.sextant.embedded.GitHttpServer;
import io.sextant.model.Application;
import io.sextant.model.ApplicationSet;
import io.sextant.repo.TreeCommit;
import io.sextant.testing.TestbedResource;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * bench/appset (issue 26; not a test: tagged {@code bench}): one git-directories ApplicationSet over N folders
 * (default 1,000), each an auto-synced app of one ConfigMap. Measures the time from creating the set to N
 * Applications written and to all of them Synced, next to {@code kubectl apply --server-side} of the same N
 * Applications (other names and namespace) in the same run, to written and to all Synced; then a push adding
 * one folder and the Application writes the regeneration made (one expected: the new app's create).
 *
 * <p>System property {@code bench.apps} (default 1000); the bench raises {@code sextant.applicationset.max-apps}
 * on its command line.
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
@Tag("bench")
class AppSetBenchmark {

    private static final String NS = "sextant";
    private static final String TARGET_NS = "bench-appset";
    private static final String KUBECTL_NS = "bench-appset-kubectl";
    private static final Duration LONG = Duration.ofMinutes(30);

    @Inject
    KubernetesClient client;

    @Inject
    ApplicationSetController appsets;

    @Inject
    ApplicationController controller;

    @Test
    void oneGitDirectoriesSetOverManyFolders() throws Exception {
        int n = Integer.getInteger("bench.apps", 1000);
        try (GitHttpServer git = GitHttpServer.start(Files.createTempDirectory("bench-appset-git"), 0)) {
            Path bare = git.addAnonymous("bench-appset");
            String url = git.url("bench-appset");
            tree(n).commitToDefaultBranch(bare, "main");
            clean();
            for (String ns : List.of(TARGET_NS, KUBECTL_NS)) {
                client.resource(new NamespaceBuilder()
                                .withNewMetadata()
                                .withName(ns)
                                .endMetadata()
                                .build())
                        .serverSideApply();
            }

            long t0 = System.nanoTime();
            client.resource(client.getKubernetesSerialization()
                            .unmarshal("""
                    apiVersion: argoproj.io/v1alpha1
                    kind: ApplicationSet
                    metadata: {name: bench-appset, namespace: sextant}
                    spec:
                      generators:
                      - git: {repoURL: '%s', revision: main, directories: [{path: 'apps/*'}]}
                      template:
                        metadata: {name: 'bset-{{path.basename}}', labels: {bench: appset}}
                        spec:
                          project: default
                          source: {repoURL: '%s', path: '{{path}}', targetRevision: main}
                          destination: {server: https://kubernetes.default.svc, namespace: %s}
                          syncPolicy: {automated: {}}
                    """.formatted(url, url, TARGET_NS), ApplicationSet.class))
                    .create();
            awaitCount("bench", "appset", n);
            double written = seconds(t0);
            awaitSynced("appset", n);
            double synced = seconds(t0);

            // The same N Applications through kubectl, same run.
            Path dir = Files.createTempDirectory("bench-appset-kubectl");
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < n; i++) {
                all.append("""
                        apiVersion: argoproj.io/v1alpha1
                        kind: Application
                        metadata: {name: kset-%s, namespace: sextant, labels: {bench: appset-kubectl}}
                        spec:
                          project: default
                          source: {repoURL: '%s', path: apps/%s, targetRevision: main}
                          destination: {server: https://kubernetes.default.svc, namespace: %s}
                          syncPolicy: {automated: {}}
                        ---
                        """.formatted(folder(i), url, folder(i), KUBECTL_NS));
            }
            Files.writeString(dir.resolve("apps.yaml"), all);
            long k0 = System.nanoTime();
            kubectl("apply", "--server-side", "-f", dir.resolve("apps.yaml").toString());
            double kWritten = seconds(k0);
            awaitSynced("appset-kubectl", n);
            double kSynced = seconds(k0);

            // A push adding one folder: the regeneration writes one Application.
            Thread.sleep(3000); // the last status changes of the sync round reach the set first
            long writes = appsets.applicationWrites();
            long r0 = System.nanoTime();
            tree(n + 1).commitTo(bare, "main");
            client.resources(ApplicationSet.class)
                    .inNamespace(NS)
                    .withName("bench-appset")
                    .patch(
                            PatchContext.of(PatchType.JSON_MERGE),
                            "{\"metadata\":{\"annotations\":{\"argocd.argoproj.io/application-set-refresh\":\"true\"}}}");
            awaitCount("bench", "appset", n + 1);
            double regenerated = seconds(r0);
            Thread.sleep(5000);
            long pushWrites = appsets.applicationWrites() - writes;

            System.out.printf(
                    Locale.ROOT,
                    "BENCH appset apps=%d written_s=%.1f synced_s=%.1f kubectl_written_s=%.1f kubectl_synced_s=%.1f"
                            + " ratio_written=%.2f ratio_synced=%.2f%n",
                    n,
                    written,
                    synced,
                    kWritten,
                    kSynced,
                    written / kWritten,
                    synced / kSynced);
            System.out.printf(
                    Locale.ROOT,
                    "BENCH appset push_adding_one_folder apps=%d regenerated_s=%.1f application_writes=%d%n",
                    n + 1,
                    regenerated,
                    pushWrites);
            assertThat(pushWrites).as("writes of a push adding one folder").isEqualTo(1);
            clean();
        }
    }

    private static TreeCommit tree(int n) {
        TreeCommit tree = TreeCommit.tree();
        for (int i = 0; i < n; i++) {
            tree.file("apps/" + folder(i) + "/cm.yaml", """
                    apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: cm-%d}
                    data: {index: "%d"}
                    """.formatted(i, i));
        }
        return tree;
    }

    private static String folder(int i) {
        return String.format(Locale.ROOT, "app-%05d", i);
    }

    private static double seconds(long from) {
        return (System.nanoTime() - from) / 1e9;
    }

    private void awaitCount(String key, String value, int n) {
        Awaitility.await()
                .atMost(LONG)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> client.resources(Application.class)
                                .inNamespace(NS)
                                .withLabel(key, value)
                                .list()
                                .getItems()
                                .size()
                        >= n);
    }

    /** All apps of the label Synced, read from the controller's comparisons (no API load while waiting). */
    private void awaitSynced(String label, int n) {
        List<String> names = new ArrayList<>();
        client.resources(Application.class)
                .inNamespace(NS)
                .withLabel("bench", label)
                .list()
                .getItems()
                .forEach(a -> names.add(a.getMetadata().getName()));
        assertThat(names).hasSize(n);
        Awaitility.await()
                .atMost(LONG)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> names.stream()
                        .allMatch(name -> controller
                                .comparisons()
                                .get(name)
                                .filter(c -> "Synced".equals(c.syncStatus()))
                                .isPresent()));
    }

    private void clean() {
        client.resources(ApplicationSet.class)
                .inNamespace(NS)
                .withName("bench-appset")
                .delete();
        client.resources(Application.class)
                .inNamespace(NS)
                .withLabel("bench", "appset-kubectl")
                .delete();
        Awaitility.await()
                .atMost(LONG)
                .pollInterval(Duration.ofSeconds(2))
                .until(() ->
                        client
                                .resources(Application.class)
                                .inNamespace(NS)
                                .withLabel("bench")
                                .list()
                                .getItems()
                                .stream()
                                .noneMatch(a ->
                                        a.getMetadata().getLabels().get("bench").startsWith("appset")));
        for (String ns : List.of(TARGET_NS, KUBECTL_NS)) {
            client.namespaces().withName(ns).delete();
        }
    }

    private static void kubectl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(TestbedResource.binDir().resolve("kubectl").toString());
        cmd.add("--kubeconfig");
        cmd.add(TestbedResource.kubeconfig().toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed:\n" + log);
        }
    }
}
