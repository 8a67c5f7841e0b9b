package io.sextant.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.sextant.kube.CrdInstaller;
import io.sextant.model.Application;
import io.sextant.repo.TreeCommit;
import io.sextant.testing.ApplicationWrites;
import io.sextant.testing.ArgoExamples;
import io.sextant.testing.ProjectPaths;
import io.sextant.testing.SecondTestbed;
import io.sextant.testing.WithPackagedApp;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 24, fault 4: API Priority and Fairness throttles the controller. The second testbed's kube-apiserver is
 * restarted with small inflight limits, and a FlowSchema puts the controller's ServiceAccount into a priority
 * level of one seat that rejects (HTTP 429) whatever does not fit. Automated syncs of Argo CD's sync-waves
 * example (PreSync hook, waves) then run twice, at a first and a second commit: the API server must have
 * refused some of the controller's requests, and still every operation ends once at the commit Git holds, each
 * hook created once per operation (a watch counts the Jobs the API server saw), the controller's request rate stays bounded (429s are retried after a
 * back-off, not in a loop) and the process serves.
 *
 * <p>Runs after {@code package} (failsafe, in {@code ./mvnw verify}): it needs target/quarkus-app.
 */
class ApiServerThrottlingIT extends WithPackagedApp {

    private static final String CONTROL = "sextant-throttled";
    private static final String ACCOUNT = "sextant-throttled";
    private static final List<String> APPS =
            List.of("throttled-waves-1", "throttled-waves-2", "throttled-waves-3", "throttled-waves-4");
    /** 4 + 2 inflight requests: the new priority level's share of them is a single seat. */
    private static final String SMALL_LIMITS = "--max-requests-inflight=4 --max-mutating-requests-inflight=2";

    private static final String FLOW_CONTROL = """
            apiVersion: flowcontrol.apiserver.k8s.io/v1
            kind: PriorityLevelConfiguration
            metadata: {name: sextant-throttled}
            spec:
              type: Limited
              limited:
                nominalConcurrencyShares: 1
                lendablePercent: 0
                borrowingLimitPercent: 0
                limitResponse: {type: Reject}
            ---
            apiVersion: flowcontrol.apiserver.k8s.io/v1
            kind: FlowSchema
            metadata: {name: sextant-throttled}
            spec:
              priorityLevelConfiguration: {name: sextant-throttled}
              matchingPrecedence: 100
              distinguisherMethod: {type: ByUser}
              rules:
              - subjects: [{kind: ServiceAccount, serviceAccount: {name: sextant-throttled, namespace: kube-system}}]
                resourceRules:
                - {verbs: ["*"], apiGroups: ["*"], resources: ["*"], clusterScope: true, namespaces: ["*"]}
                nonResourceRules: [{verbs: ["*"], nonResourceURLs: ["*"]}]
            """;

    @Test
    void throttledBy429sEverySyncStillEndsOnceAndTheRequestRateStaysBounded() throws Exception {
        assertThat(jar())
                .as("the packaged application: run ./mvnw package -DskipTests (./mvnw verify does)")
                .isRegularFile();
        Path logs = Files.createDirectories(ProjectPaths.root().resolve("target/throttling-it"));
        Path log = logs.resolve("controller.log");
        SecondTestbed.kubeconfig();
        SecondTestbed.restartApiServer(SMALL_LIMITS);
        try (KubernetesClient second = SecondTestbed.adminClient()) {
            Watch watch = null;
            try {
                CrdInstaller.install(second, Duration.ofSeconds(60));
                freshNamespaces(second, CONTROL, APPS);
                second.load(new ByteArrayInputStream(FLOW_CONTROL.getBytes(StandardCharsets.UTF_8)))
                        .serverSideApply();
                Path cluster = SecondTestbed.kubeconfigWithToken(
                        SecondTestbed.clusterAdminToken(ACCOUNT), logs.resolve("kubeconfig"));
                String url = ArgoExamples.repository(git, "throttled-examples");
                Path bare = git.repositoryDir("throttled-examples");
                String head = FaultInjectionIT.head(bare);

                // Every Job the API server creates in the apps' namespaces, by namespace/name: the uids seen.
                Map<String, Set<String>> jobs = new ConcurrentHashMap<>();
                watch = second.batch().v1().jobs().inAnyNamespace().watch(new Watcher<Job>() {
                    @Override
                    public void eventReceived(Action action, Job job) {
                        if (action == Action.ADDED
                                && APPS.contains(job.getMetadata().getNamespace())) {
                            jobs.computeIfAbsent(
                                            job.getMetadata().getNamespace() + "/"
                                                    + job.getMetadata().getName(),
                                            k -> ConcurrentHashMap.newKeySet())
                                    .add(job.getMetadata().getUid());
                        }
                    }

                    @Override
                    public void onClose(WatcherException cause) {}
                });
                Counts before = counts(second);
                long t0 = System.nanoTime();
                Process controller =
                        startControllerOn(cluster, "controller", CONTROL, logs, "-Dsextant.roles=server,controller");
                await().atMost(Duration.ofSeconds(180))
                        .until(() -> Files.readString(log).contains("Controller started"));
                for (String name : APPS) {
                    createApp(second, CONTROL, name, url, "sync-waves", "{prune: true, selfHeal: true}");
                }
                settled(second, head, 1);

                String manifests = Files.readString(
                        ProjectPaths.root().resolve("testbed/fixtures/argo-examples/sync-waves/manifests.yaml"));
                TreeCommit.tree()
                        .file(
                                "sync-waves/manifests.yaml",
                                manifests + "\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: throttled}\n"
                                        + "data: {k: v}\n")
                        .commitTo(bare, "master");
                String next = FaultInjectionIT.head(bare);
                for (String name : APPS) {
                    second.resources(Application.class)
                            .inNamespace(CONTROL)
                            .withName(name)
                            .patch(
                                    PatchContext.of(PatchType.JSON_MERGE),
                                    "{\"metadata\": {\"annotations\": {\"argocd.argoproj.io/refresh\": \"normal\"}}}");
                }
                settled(second, next, 2);
                double seconds = (System.nanoTime() - t0) / 1e9;
                Counts during = counts(second).minus(before);
                long perSync = (during.dispatched + during.rejected) / (APPS.size() * 2L);
                System.out.printf(
                        "BENCH apf throttling: %d requests of the controller refused (429) and %d served in %.0f s"
                                + " (%d per sync, start-up included) for %d apps x 2 syncs%n",
                        during.rejected, during.dispatched, seconds, perSync, APPS.size());
                assertThat(during.rejected)
                        .as("the API server refused some of the controller's requests (else this tests nothing)")
                        .isPositive();
                assertThat(during.rejected)
                        .as("refusals against requests served: a refused request is retried after a back-off,"
                                + " not in a loop")
                        .isLessThanOrEqualTo(during.dispatched / 4);
                assertThat(perSync)
                        .as("requests per sync while throttled (about 160 seen)")
                        .isLessThanOrEqualTo(400);

                int writes = ApplicationWrites.during(second, CONTROL, null, Duration.ofSeconds(20));
                System.out.printf(
                        "BENCH apf throttling: %d Application writes in the 20 s after all settled%n", writes);
                assertThat(writes)
                        .as("writes to %d settled apps in 20 s", APPS.size())
                        .isLessThanOrEqualTo(APPS.size());
                for (String name : APPS) {
                    FaultInjectionIT.assertSettled(second, CONTROL, name, next, 2);
                    Map<String, Set<String>> hooks = new TreeMap<>();
                    jobs.forEach((k, uids) -> {
                        if (k.startsWith(name + "/upgrade-sql-schema")) {
                            hooks.put(k, uids);
                        }
                    });
                    assertThat(hooks)
                            .as(name + ": one PreSync hook per operation")
                            .hasSize(2);
                    hooks.forEach((k, uids) ->
                            assertThat(uids).as(k + " created once").hasSize(1));
                    assertThat(second.configMaps()
                                    .inNamespace(name)
                                    .withName("throttled")
                                    .get())
                            .as(name + ": the second commit's object")
                            .isNotNull();
                }
                assertReady(log);
                controller.destroy();
                assertThat(controller.waitFor(10, TimeUnit.SECONDS)).isTrue();
            } finally {
                if (watch != null) {
                    watch.close();
                }
                second.load(new ByteArrayInputStream(FLOW_CONTROL.getBytes(StandardCharsets.UTF_8)))
                        .delete();
                SecondTestbed.restartApiServer("");
            }
        }
    }

    private static void settled(KubernetesClient second, String revision, int entries) {
        for (String name : APPS) {
            await().atMost(Duration.ofSeconds(300))
                    .pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions()
                    .untilAsserted(() -> FaultInjectionIT.assertSettled(second, CONTROL, name, revision, entries));
        }
    }

    /** The flow-control counters of the controller's FlowSchema, read from the API server's metrics. */
    private static Counts counts(KubernetesClient second) {
        long dispatched = 0;
        long rejected = 0;
        for (String line : second.raw("/metrics").split("\n")) {
            if (!line.contains("flow_schema=\"sextant-throttled\"")) {
                continue;
            }
            long value = (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            if (line.startsWith("apiserver_flowcontrol_dispatched_requests_total{")) {
                dispatched += value;
            } else if (line.startsWith("apiserver_flowcontrol_rejected_requests_total{")) {
                rejected += value;
            }
        }
        return new Counts(dispatched, rejected);
    }

    private record Counts(long dispatched, long rejected) {
        Counts minus(Counts other) {
            return new Counts(dispatched - other.dispatched, rejected - other.rejected);
        }
    }
}
