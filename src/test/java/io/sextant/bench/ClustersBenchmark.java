package io.sextant.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sextant.controller.ApplicationController;
import io.sextant.controller.Comparison;
import io.sextant.embedded.GitHttpServer;
import io.sextant.model.Application;
import io.sextant.repo.TreeCommit;
import io.sextant.testing.SecondTestbed;
import io.sextant.testing.TestbedResource;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 23's numbers, scaled to the machine: N auto-synced one-ConfigMap apps split over two real control planes
 * (half in-cluster, half on the second testbed through a cluster Secret), next to the same N apps all
 * in-cluster, in the same run: time from creation to all Synced, and from a push plus one refresh round to all
 * Synced at the new commit. {@code bench/clusters N} runs it; the BENCH lines go to bench/RESULTS.md.
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
@Tag("bench")
class ClustersBenchmark {

    private static final String NS = "sextant";
    private static final String TARGET_NS = "bench-clusters";
    private static final Duration LONG = Duration.ofMinutes(30);

    @Inject
    KubernetesClient client;

    @Inject
    ApplicationController controller;

    @Test
    void appsOnTwoClustersNextToTheSameAppsOnOne() throws Exception {
        int n = Integer.getInteger("bench.apps", 200);
        client.resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("cluster-bench-edge")
                        .withNamespace(NS)
                        .addToLabels("argocd.argoproj.io/secret-type", "cluster")
                        .endMetadata()
                        .withStringData(Map.of(
                                "name",
                                "bench-edge",
                                "server",
                                SecondTestbed.SERVER,
                                "config",
                                SecondTestbed.managerConfig()))
                        .build())
                .serverSideApply();
        try (GitHttpServer git = GitHttpServer.start(Files.createTempDirectory("bench-clusters-git"), 0);
                KubernetesClient edge = SecondTestbed.adminClient()) {
            for (KubernetesClient c : new KubernetesClient[] {client, edge}) {
                c.resource(new NamespaceBuilder()
                                .withNewMetadata()
                                .withName(TARGET_NS)
                                .endMetadata()
                                .build())
                        .serverSideApply();
            }
            double[] one = run(git, n, false, "one");
            double[] two = run(git, n, true, "two");
            System.out.printf(
                    Locale.ROOT,
                    "BENCH clusters apps=%d one_cluster_initial_s=%.1f two_clusters_initial_s=%.1f "
                            + "ratio_initial=%.2f one_cluster_push_s=%.1f two_clusters_push_s=%.1f ratio_push=%.2f "
                            + "edge_cluster_heap_mib=%.1f (%d apps' objects there) cores=%d%n",
                    n,
                    one[0],
                    two[0],
                    two[0] / one[0],
                    one[1],
                    two[1],
                    two[1] / one[1],
                    two[2],
                    n / 2,
                    Runtime.getRuntime().availableProcessors());
            for (KubernetesClient c : new KubernetesClient[] {client, edge}) {
                c.namespaces().withName(TARGET_NS).delete();
            }
        } finally {
            client.secrets().inNamespace(NS).withName("cluster-bench-edge").delete();
        }
    }

    /** Seconds to all Synced after creation, and after a push and one refresh round. */
    private double[] run(GitHttpServer git, int n, boolean split, String tag) throws Exception {
        String repo = "bench-clusters-" + tag;
        Path bare = git.addAnonymous(repo);
        String a = commit(bare, n, tag, "A");
        String url = git.url(repo);
        long t0 = System.nanoTime();
        BenchSupport.parallel(
                n,
                i -> client.resource(application(tag, i, url, split && i % 2 == 1))
                        .create());
        awaitAll(tag, n, c -> a.equals(c.revision()) && "Synced".equals(c.syncStatus()));
        double initial = (System.nanoTime() - t0) / 1e9;
        String b = commit(bare, n, tag, "B");
        long t1 = System.nanoTime();
        controller.refreshAll();
        awaitAll(tag, n, c -> b.equals(c.revision()) && "Synced".equals(c.syncStatus()));
        double push = (System.nanoTime() - t1) / 1e9;
        double heapMiB = split ? edgeClusterHeapMiB() : 0;
        BenchSupport.parallel(
                n,
                i -> client.resources(Application.class)
                        .inNamespace(NS)
                        .withName(app(tag, i))
                        .delete());
        Awaitility.await()
                .atMost(LONG)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> client.resources(Application.class)
                        .inNamespace(NS)
                        .withLabel("bench", "clusters")
                        .list()
                        .getItems()
                        .isEmpty());
        return new double[] {initial, push, heapMiB};
    }

    /**
     * The heap the second cluster's parts hold (client, discovery, live-state cache of its apps' objects):
     * heap after a full GC with the cluster open, less the same once its Secret is gone and the controller has
     * closed it. Its apps' comparisons stay in both measurements, so they do not count.
     */
    private double edgeClusterHeapMiB() throws InterruptedException {
        long with = usedAfterGc();
        var secret =
                client.secrets().inNamespace(NS).withName("cluster-bench-edge").get();
        client.secrets().inNamespace(NS).withName("cluster-bench-edge").delete();
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> controller
                        .liveState(client.resources(Application.class)
                                .inNamespace(NS)
                                .withName(app("two", 1))
                                .get())
                        .isEmpty());
        long without = usedAfterGc();
        secret.getMetadata().setResourceVersion(null);
        secret.getMetadata().setUid(null);
        client.resource(secret).create();
        return (with - without) / 1048576.0;
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private void awaitAll(String tag, int n, Predicate<Comparison> done) throws InterruptedException {
        BenchSupport.awaitAll(controller, n, i -> app(tag, i), done, LONG);
    }

    private static String commit(Path bare, int n, String tag, String value) {
        TreeCommit tree = TreeCommit.tree();
        for (int i = 0; i < n; i++) {
            tree.file(String.format(Locale.ROOT, "apps/app-%05d/cm.yaml", i), """
                    apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: cm-%s-%d}
                    data: {value: %s}
                    """.formatted(tag, i, value));
        }
        return tree.commitToDefaultBranch(bare, "main");
    }

    private Application application(String tag, int i, String url, boolean edge) {
        return client.getKubernetesSerialization()
                .unmarshal(
                        """
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: %s, namespace: %s, labels: {bench: clusters}}
                spec:
                  project: default
                  source: {repoURL: '%s', path: %s, targetRevision: main}
                  destination: {%s, namespace: %s}
                  syncPolicy: {automated: {}}
                """.formatted(
                                        app(tag, i),
                                        NS,
                                        url,
                                        String.format(Locale.ROOT, "apps/app-%05d", i),
                                        edge ? "name: bench-edge" : "server: https://kubernetes.default.svc",
                                        TARGET_NS),
                        Application.class);
    }

    private static String app(String tag, int i) {
        return "bcl-" + tag + "-" + i;
    }
}
