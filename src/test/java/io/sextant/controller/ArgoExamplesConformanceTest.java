package io.sextant.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sextant.model.Application;
import io.sextant.model.OperationState;
import io.sextant.service.ApplicationOperations;
import io.sextant.testing.Apps;
import io.sextant.testing.ArgoExamples;
import io.sextant.testing.TestbedResource;
import io.sextant.testing.WithGitServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Argo CD's own example applications (testbed/fixtures/argo-examples, one repository, each folder a
 * path), as a team moving from Argo CD brings them: every folder syncs by hand, twice (hooks with a
 * fixed name are replaced, never "already exists"), and under {@code automated: {prune, selfHeal}};
 * each ends Succeeded, Synced and Healthy (jsonnet-guestbook Progressing: its LoadBalancer gets no
 * address here, as in Argo CD), stays so with no new operation for a minute, and runs each hook once
 * per operation. Issue 21's conformance test.
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
class ArgoExamplesConformanceTest extends WithGitServer {

    /** Folder → the health Argo CD gives it on a cluster without load balancers. */
    static final Map<String, String> EXAMPLES = Map.of(
            "guestbook", "Healthy",
            "helm-guestbook", "Healthy",
            "kustomize-guestbook", "Healthy",
            "jsonnet-guestbook", "Progressing",
            "sync-waves", "Healthy",
            "pre-post-sync", "Healthy",
            "helm-hooks", "Healthy");

    private static String url;

    @Inject
    KubernetesClient client;

    @Inject
    ApplicationOperations operations;

    @BeforeAll
    static void repository() throws IOException {
        url = ArgoExamples.repository(git, "argocd-example-apps");
    }

    private Application create(Apps apps, String name, String folder, boolean automated) {
        String ns = name;
        client.namespaces().withName(ns).delete();
        await().atMost(Duration.ofSeconds(90))
                .until(() -> client.namespaces().withName(ns).get() == null);
        return apps.create(
                name,
                url,
                "HEAD",
                folder,
                ns,
                "syncPolicy: {" + (automated ? "automated: {prune: true, selfHeal: true}, " : "")
                        + "syncOptions: [CreateNamespace=true]}");
    }

    private static String operationStart(Application a) {
        OperationState s = a.getStatus() == null ? null : a.getStatus().getOperationState();
        return s == null ? null : s.getStartedAt();
    }

    private void awaitSettled(Apps apps, String name, String health) {
        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    Application a = apps.get(name);
                    assertThat(a.getOperation()).as("%s: operation done", name).isNull();
                    assertThat(a.getStatus().getOperationState())
                            .as("%s: an operation ran", name)
                            .isNotNull();
                    assertThat(a.getStatus().getOperationState().getPhase())
                            .as(
                                    "%s: %s",
                                    name, a.getStatus().getOperationState().getMessage())
                            .isEqualTo("Succeeded");
                    assertThat(a.getStatus().getSync().getStatus())
                            .as("%s sync", name)
                            .isEqualTo("Synced");
                    assertThat(a.getStatus().getHealth().getStatus())
                            .as("%s health", name)
                            .isEqualTo(health);
                    if ("Healthy".equals(health)) {
                        // Issue 21 item 4: no message left over from the rollout under a Healthy app.
                        assertThat(String.valueOf(a.getStatus().getHealth().getMessage()))
                                .as("%s health message", name)
                                .doesNotContain("Waiting for");
                    }
                });
    }

    /** Hook results of the last operation: each hook once. */
    private static void eachHookOnce(Application a) {
        var results = a.getStatus().getOperationState().getSyncResult().getResources();
        Map<String, Integer> runs = new HashMap<>();
        results.stream()
                .filter(r -> r.getHookType() != null && !r.getHookType().isEmpty())
                .forEach(r -> runs.merge(r.getKind() + "/" + r.getName(), 1, Integer::sum));
        assertThat(runs)
                .as("%s: hook runs of one operation", a.getMetadata().getName())
                .allSatisfy((k, v) -> assertThat(v).isEqualTo(1));
    }

    private List<Job> jobs(String ns) {
        return client.batch().v1().jobs().inNamespace(ns).list().getItems();
    }

    @Test
    void everyExampleSyncsByHandTwiceAndUnderAutomatedSyncAndStaysSettled() throws Exception {
        Apps apps = new Apps(client);
        try {
            for (String folder : EXAMPLES.keySet()) {
                create(apps, "ex-" + folder, folder, false);
                create(apps, "auto-" + folder, folder, true);
            }
            for (String folder : EXAMPLES.keySet()) {
                apps.awaitStatus("ex-" + folder);
                operations.sync("ex-" + folder, null, false, false, List.of(), List.of(), "admin");
            }
            for (String folder : EXAMPLES.keySet()) {
                awaitSettled(apps, "ex-" + folder, EXAMPLES.get(folder));
                eachHookOnce(apps.get("ex-" + folder));
            }
            // A second sync of each: fixed-name hooks are deleted and created again (BeforeHookCreation).
            Map<String, String> firstStart = new HashMap<>();
            for (String folder : EXAMPLES.keySet()) {
                firstStart.put(folder, operationStart(apps.get("ex-" + folder)));
                operations.sync("ex-" + folder, null, false, false, List.of(), List.of(), "admin");
            }
            for (String folder : EXAMPLES.keySet()) {
                String name = "ex-" + folder;
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> !Objects.equals(operationStart(apps.get(name)), firstStart.get(folder)));
                awaitSettled(apps, name, EXAMPLES.get(folder));
                eachHookOnce(apps.get(name));
                // Issue 21 item 6: a sync that changed nothing is followed by a comparison written at once,
                // so clients waiting for reconciledAt >= finishedAt (Argo's CLI) do not wait minutes.
                await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                    Application a = apps.get(name);
                    assertThat(Instant.parse(a.getStatus().getReconciledAt()))
                            .isAfterOrEqualTo(Instant.parse(
                                    a.getStatus().getOperationState().getFinishedAt()));
                });
            }
            for (String folder : EXAMPLES.keySet()) {
                awaitSettled(apps, "auto-" + folder, EXAMPLES.get(folder));
                eachHookOnce(apps.get("auto-" + folder));
            }
            // Settled: for a minute, no new operation, no new hook Job, still Synced.
            Map<String, String> started = new HashMap<>();
            Map<String, Integer> jobCount = new HashMap<>();
            for (String folder : EXAMPLES.keySet()) {
                for (String name : List.of("ex-" + folder, "auto-" + folder)) {
                    started.put(name, operationStart(apps.get(name)));
                    jobCount.put(name, jobs(name).size());
                }
            }
            Thread.sleep(60_000);
            for (Map.Entry<String, String> e : started.entrySet()) {
                Application a = apps.get(e.getKey());
                assertThat(operationStart(a))
                        .as("%s: no new operation in a minute", e.getKey())
                        .isEqualTo(e.getValue());
                assertThat(a.getStatus().getSync().getStatus())
                        .as("%s stays Synced", e.getKey())
                        .isEqualTo("Synced");
                assertThat(jobs(e.getKey()).size())
                        .as("%s: no hook ran again", e.getKey())
                        .isLessThanOrEqualTo(jobCount.get(e.getKey()));
                assertThat(a.getStatus().getResources())
                        .as("%s: no hook among the app's resources", e.getKey())
                        .noneMatch(r -> "Job".equals(r.getKind()));
            }
        } finally {
            for (String folder : EXAMPLES.keySet()) {
                apps.delete("ex-" + folder);
                apps.delete("auto-" + folder);
            }
        }
    }
}
