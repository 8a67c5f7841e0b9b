package io.sextant.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.sextant.model.Application;
import io.sextant.model.OperationState;
import io.sextant.model.ResourceKey;
import io.sextant.model.SyncOperationResult.ResourceResult;
import io.sextant.repo.TreeCommit;
import io.sextant.service.ApplicationOperations;
import io.sextant.testing.ApiLogin;
import io.sextant.testing.Apps;
import io.sextant.testing.TestbedResource;
import io.sextant.testing.WithGitServer;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sync ordering and options through the running controller on the testbed: PreSync hooks gate the
 * Sync phase, waves wait for health, PostSync hooks run last, BeforeHookCreation replaces an old hook,
 * prune only when asked (PruneLast last), FailOnSharedResource, self-heal of a hand edit, the
 * empty-render guard of auto-sync, and an operation resumed from its recorded results.
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
class SyncRulesTest extends WithGitServer {

    private static String url;
    private static Path bare;

    @Inject
    KubernetesClient client;

    @Inject
    ApplicationOperations operations;

    @Inject
    ApplicationController controller;

    static String configMap(String name, String extraMeta, String value) {
        return """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: %s
                %s
                data: {value: '%s'}
                """.formatted(
                        name, extraMeta.isEmpty() ? "" : extraMeta.indent(2).stripTrailing(), value);
    }

    static String job(String name, String hook, String policy, String image, boolean failFast) {
        return """
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: %s
                  annotations:
                    argocd.argoproj.io/hook: %s
                    argocd.argoproj.io/hook-delete-policy: %s
                spec:
                  backoffLimit: 0
                  %s
                  template:
                    spec:
                      restartPolicy: Never
                      containers: [{name: main, image: '%s'}]
                """.formatted(name, hook, policy, failFast ? "activeDeadlineSeconds: 3" : "", image);
    }

    static final String DEPLOYMENT_WAVE_1 = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              annotations: {argocd.argoproj.io/sync-wave: '1'}
            spec:
              replicas: 1
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers: [{name: web, image: 'nginx:1.27'}]
            """;

    @BeforeAll
    static void repository() throws Exception {
        bare = git.addAnonymous("rules");
        url = git.url("rules");
        TreeCommit.tree()
                .file(
                        "a/pre.yaml",
                        job("migrate", "PreSync", "BeforeHookCreation", "sextant.test/missing:latest", true))
                .file("a/cm.yaml", configMap("after-pre", "", "1"))
                .commitTo(bare, "presync-fails");
        TreeCommit.tree()
                .file("a/pre.yaml", job("migrate", "PreSync", "BeforeHookCreation", "busybox:1.36", false))
                .file("a/cm.yaml", configMap("settings", "", "1"))
                .file("a/deploy.yaml", DEPLOYMENT_WAVE_1)
                .file("a/post.yaml", job("smoke", "PostSync", "HookSucceeded", "busybox:1.36", false))
                .commitTo(bare, "hooks");
        TreeCommit.tree()
                .file("a/keep.yaml", configMap("keep", "", "1"))
                .file(
                        "a/gone.yaml",
                        configMap("gone", "annotations: {argocd.argoproj.io/sync-options: PruneLast=true}", "1"))
                .file(
                        "a/stay.yaml",
                        configMap("stay", "annotations: {argocd.argoproj.io/sync-options: Prune=false}", "1"))
                .commitTo(bare, "prune");
        TreeCommit.tree().file("a/shared.yaml", configMap("shared", "", "1")).commitTo(bare, "shared");
        TreeCommit.tree().file("a/heal.yaml", configMap("heal", "", "from-git")).commitTo(bare, "heal");
        TreeCommit.tree().file("a/cm.yaml", configMap("only", "", "1")).commitTo(bare, "empty");
        TreeCommit.tree().file("a/cm.yaml", configMap("counted", "", "1")).commitTo(bare, "writes");
        TreeCommit.tree().file("a/cm.yaml", configMap("plain-one", "", "1")).commitTo(bare, "plain-one");
        TreeCommit.tree()
                .file(
                        "a/cm.yaml",
                        configMap("confirm-me", "annotations: {argocd.argoproj.io/sync-options: Prune=confirm}", "1"))
                .file("a/pre-delete.yaml", job("cleanup", "PreDelete", "HookSucceeded", "busybox:1.36", false))
                .commitTo(bare, "unsupported");
    }

    /**
     * Issue 21 item 7: settings Argo CD documents and Sextant does not implement are refused with a
     * condition that says so, and an automated app carrying them is never synced; nothing is accepted and
     * ignored.
     */
    @Test
    void unsupportedSettingsGiveAConditionAndNoSync() {
        Apps apps = new Apps(client);
        String ns = "sync-unsupported";
        apps.freshNamespace(ns);
        apps.create(
                "unsupported-app",
                url,
                "plain-one",
                "a",
                ns,
                "syncPolicy: {automated: {}, syncOptions: [RespectIgnoreDifferences=true]}");
        apps.create("unsupported-res", url, "unsupported", "a", ns, "syncPolicy: {automated: {}}");
        try {
            apps.awaitStatus("unsupported-app");
            apps.awaitStatus("unsupported-res");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                var conditions = apps.get("unsupported-app").getStatus().getConditions();
                assertThat(conditions).isNotNull().anySatisfy(c -> {
                    assertThat(c.getType()).isEqualTo("InvalidSpecError");
                    assertThat(c.getMessage())
                            .contains("RespectIgnoreDifferences=true")
                            .contains("not supported by Sextant");
                });
            });
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                var conditions = apps.get("unsupported-res").getStatus().getConditions();
                assertThat(conditions)
                        .isNotNull()
                        .anySatisfy(c -> assertThat(c.getMessage())
                                .contains("ConfigMap/confirm-me")
                                .contains("Prune=confirm"))
                        .anySatisfy(c -> assertThat(c.getMessage())
                                .contains("Job/cleanup")
                                .contains("PreDelete"));
            });
            // Every app compared once more after the conditions were written: a sync, if one were started,
            // would be in the status by the time the queue is idle.
            controller.refreshAll();
            await().atMost(Duration.ofSeconds(30)).until(controller::idle);
            assertThat(apps.get("unsupported-app").getStatus().getOperationState())
                    .as("never synced")
                    .isNull();
            assertThat(apps.get("unsupported-res").getStatus().getOperationState())
                    .as("never synced")
                    .isNull();
            assertThat(client.configMaps().inNamespace(ns).withName("plain-one").get())
                    .isNull();
        } finally {
            apps.delete("unsupported-app");
            apps.delete("unsupported-res");
        }
    }

    @Test
    void aFailingPreSyncHookFailsTheSyncAndNothingOfTheSyncPhaseIsApplied() {
        Apps apps = new Apps(client);
        String ns = "sync-presync";
        apps.freshNamespace(ns);
        apps.create("presync", url, "presync-fails", "a", ns, "");
        apps.awaitStatus("presync");
        operations.sync("presync", null, false, false, List.of(), List.of(), "admin");
        OperationState s = apps.awaitOperation("presync", "Failed", Duration.ofSeconds(90));
        assertThat(s.getMessage()).contains("hook").contains("migrate");
        assertThat(client.configMaps().inNamespace(ns).withName("after-pre").get())
                .as("Sync phase never ran")
                .isNull();
        apps.delete("presync");
    }

    @Test
    void wavesWaitForHealthPostSyncRunsLastAndBeforeHookCreationReplacesTheOldHook() {
        Apps apps = new Apps(client);
        String ns = "sync-hooks";
        apps.freshNamespace(ns);
        apps.create("hooks", url, "hooks", "a", ns, "");
        apps.awaitStatus("hooks");
        operations.sync("hooks", null, false, false, List.of(), List.of(), "admin");
        OperationState s = apps.awaitOperation("hooks", "Succeeded", Duration.ofSeconds(90));
        List<ResourceResult> results = s.getSyncResult().getResources();
        assertThat(results)
                .extracting(r -> r.getSyncPhase() + " " + r.getKind() + "/" + r.getName())
                .containsExactly(
                        "PreSync Job/migrate", "Sync ConfigMap/settings", "Sync Deployment/web", "PostSync Job/smoke");
        assertThat(results)
                .filteredOn(r -> r.getHookType() != null)
                .extracting(ResourceResult::getHookPhase)
                .containsOnly("Succeeded");
        Job first =
                client.batch().v1().jobs().inNamespace(ns).withName("migrate").get();
        assertThat(first)
                .as("BeforeHookCreation keeps the hook until the next sync")
                .isNotNull();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(client.batch()
                                .v1()
                                .jobs()
                                .inNamespace(ns)
                                .withName("smoke")
                                .get())
                        .as("HookSucceeded deletes it")
                        .isNull());
        // PostSync ran after the Deployment of wave 1 was available.
        assertThat(client.apps()
                        .deployments()
                        .inNamespace(ns)
                        .withName("web")
                        .get()
                        .getStatus()
                        .getAvailableReplicas())
                .isEqualTo(1);

        operations.sync("hooks", null, false, false, List.of(), List.of(), "admin");
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            Job second = client.batch()
                    .v1()
                    .jobs()
                    .inNamespace(ns)
                    .withName("migrate")
                    .get();
            assertThat(second).isNotNull();
            assertThat(second.getMetadata().getUid())
                    .as("a new hook object")
                    .isNotEqualTo(first.getMetadata().getUid());
        });
        apps.awaitOperation("hooks", "Succeeded", Duration.ofSeconds(90));

        // Issue 21 item 7: Argo's sync request with the apply strategy (the dashboard's APPLY ONLY) and force,
        // and a retry strategy, through the API: no hook runs, the resources are applied, the retry is kept.
        String migrateUid = client.batch()
                .v1()
                .jobs()
                .inNamespace(ns)
                .withName("migrate")
                .get()
                .getMetadata()
                .getUid();
        RestAssured.given()
                .header("Authorization", "Bearer " + ApiLogin.asAdmin(client))
                .contentType("application/json")
                .body("{\"strategy\": {\"apply\": {\"force\": true}}, \"retryStrategy\": {\"limit\": 2}}")
                .post("/api/v1/applications/hooks/sync")
                .then()
                .statusCode(200);
        ApiLogin.reset();
        OperationState applied = apps.awaitOperation("hooks", "Succeeded", Duration.ofSeconds(90));
        assertThat(applied.getSyncResult().getResources())
                .as("no hook with the apply strategy")
                .noneMatch(r -> r.getHookType() != null && !r.getHookType().isEmpty())
                .extracting(r -> r.getKind() + "/" + r.getName())
                .contains("ConfigMap/settings", "Deployment/web");
        assertThat(client.batch()
                        .v1()
                        .jobs()
                        .inNamespace(ns)
                        .withName("migrate")
                        .get()
                        .getMetadata()
                        .getUid())
                .as("the PreSync hook did not run again")
                .isEqualTo(migrateUid);
        assertThat(applied.getOperation().getRetry().getLimit()).isEqualTo(2L);
        assertThat(applied.getOperation().getSync().getSyncStrategy().getApply().getForce())
                .isTrue();
        apps.delete("hooks");
    }

    @Test
    void pruneOnlyWhenAskedPruneLastAndPruneFalse() throws Exception {
        Apps apps = new Apps(client);
        String ns = "sync-prune";
        apps.freshNamespace(ns);
        apps.create("prune", url, "prune", "a", ns, "");
        apps.awaitStatus("prune");
        operations.sync("prune", null, false, false, List.of(), List.of(), "admin");
        apps.awaitOperation("prune", "Succeeded", Duration.ofSeconds(60));
        String head = TreeCommit.tree()
                .file("a/keep.yaml", configMap("keep", "", "2"))
                .commitTo(bare, "prune");
        apps.refresh("prune", "normal");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Application a = apps.get("prune");
            assertThat(a.getStatus().getSync().getRevision()).isEqualTo(head);
            assertThat(a.getStatus().getResources())
                    .filteredOn(r -> Boolean.TRUE.equals(r.getRequiresPruning()))
                    .extracting(r -> r.getName())
                    .containsExactlyInAnyOrder("gone", "stay");
        });

        operations.sync("prune", null, false, false, List.of(), List.of(), "admin");
        OperationState noPrune = apps.awaitOperation("prune", "Succeeded", Duration.ofSeconds(60));
        assertThat(noPrune.getSyncResult().getResources())
                .filteredOn(r -> r.getName().equals("gone"))
                .singleElement()
                .satisfies(r -> assertThat(r.getStatus()).isEqualTo("PruneSkipped"));
        assertThat(client.configMaps().inNamespace(ns).withName("gone").get()).isNotNull();

        operations.sync("prune", null, true, false, List.of(), List.of(), "admin");
        OperationState pruned = apps.awaitOperation("prune", "Succeeded", Duration.ofSeconds(60));
        List<String> order = pruned.getSyncResult().getResources().stream()
                .map(r -> r.getName() + " " + r.getStatus())
                .toList();
        assertThat(order).contains("keep Synced", "gone Pruned", "stay PruneSkipped");
        assertThat(order.indexOf("gone Pruned"))
                .as("PruneLast: after everything else")
                .isGreaterThan(order.indexOf("keep Synced"));
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        client.configMaps().inNamespace(ns).withName("gone").get() == null);
        assertThat(client.configMaps().inNamespace(ns).withName("stay").get())
                .as("Prune=false")
                .isNotNull();
        apps.delete("prune");
    }

    @Test
    void failOnSharedResourceRefusesAnotherAppsResource() {
        Apps apps = new Apps(client);
        String ns = "sync-shared";
        apps.freshNamespace(ns);
        apps.create("owner", url, "shared", "a", ns, "");
        apps.awaitStatus("owner");
        operations.sync("owner", null, false, false, List.of(), List.of(), "admin");
        apps.awaitOperation("owner", "Succeeded", Duration.ofSeconds(60));
        apps.create("intruder", url, "shared", "a", ns, "syncPolicy: {syncOptions: [FailOnSharedResource=true]}");
        apps.awaitStatus("intruder");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> apps.get("intruder").getStatus().getResources() != null
                        && !apps.get("intruder").getStatus().getResources().isEmpty());
        operations.sync("intruder", null, false, false, List.of(), List.of(), "admin");
        OperationState s = apps.awaitOperation("intruder", "Failed", Duration.ofSeconds(60));
        assertThat(s.getMessage()).contains("ConfigMap/shared is part of applications owner and intruder");
        assertThat(client.configMaps()
                        .inNamespace(ns)
                        .withName("shared")
                        .get()
                        .getMetadata()
                        .getAnnotations())
                .containsEntry("argocd.argoproj.io/tracking-id", "owner:/ConfigMap:" + ns + "/shared");
        apps.delete("owner");
        apps.delete("intruder");
    }

    @Test
    void selfHealUndoesAHandEditWithinSeconds() {
        Apps apps = new Apps(client);
        String ns = "sync-heal";
        apps.freshNamespace(ns);
        apps.create("heal", url, "heal", "a", ns, "syncPolicy: {automated: {selfHeal: true}}");
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        client.configMaps().inNamespace(ns).withName("heal").get() != null);
        apps.awaitOperation("heal", "Succeeded", Duration.ofSeconds(60));
        client.configMaps().inNamespace(ns).withName("heal").edit(cm -> {
            cm.setData(Map.of("value", "edited-by-hand"));
            return cm;
        });
        long edited = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            ConfigMap cm = client.configMaps().inNamespace(ns).withName("heal").get();
            assertThat(cm.getData()).containsEntry("value", "from-git");
        });
        System.err.printf("self-heal undid the edit after %d ms%n", (System.nanoTime() - edited) / 1_000_000);
        apps.delete("heal");
    }

    @Test
    void anAutoSyncOfOneStepWritesTheApplicationOnceAndAnUnchangedStatusIsNotWrittenAgain() throws Exception {
        Apps apps = new Apps(client);
        String ns = "sync-writes";
        apps.freshNamespace(ns);
        // Every version of the Application the API server stores, as the watch delivers it.
        List<Application> writes = new CopyOnWriteArrayList<>();
        try (var watch = client.resources(Application.class)
                .inNamespace(Apps.NAMESPACE)
                .withName("writes")
                .watch(new Watcher<Application>() {
                    @Override
                    public void eventReceived(Action action, Application app) {
                        if (action == Action.MODIFIED) {
                            writes.add(app);
                        }
                    }

                    @Override
                    public void onClose(WatcherException cause) {}
                })) {
            apps.create("writes", url, "writes", "a", ns, "syncPolicy: {automated: {}}");
            apps.awaitOperation("writes", "Succeeded", Duration.ofSeconds(60));
            apps.awaitSyncAndHealth("writes", "Synced", "Healthy");
            settle(ns, "writes", writes); // the watch events of the applied ConfigMap, reconciled
            // One step, no hooks: the sync runs at once and its start, its end and the Synced status after
            // it are one write; the ConfigMap's watch event then finds nothing new to write.
            assertThat(writes).as("writes of the Application").hasSize(1);
            Application written = writes.get(0);
            assertThat(written.getOperation())
                    .as("an operation run at once is never stored as asked for")
                    .isNull();
            assertThat(written.getStatus().getOperationState().getPhase()).isEqualTo("Succeeded");
            assertThat(written.getStatus()
                            .getOperationState()
                            .getOperation()
                            .getInitiatedBy()
                            .getAutomated())
                    .isTrue();
            assertThat(written.getStatus().getHistory()).hasSize(1);
            assertThat(written.getStatus().getSync().getStatus()).isEqualTo("Synced");

            String settled = apps.get("writes").getMetadata().getResourceVersion();
            controller.refreshAll();
            await().atMost(Duration.ofSeconds(30)).until(controller::idle);
            assertThat(apps.get("writes").getMetadata().getResourceVersion())
                    .as("a refresh that finds nothing new writes nothing")
                    .isEqualTo(settled);

            // A push changing the ConfigMap: synced at once again, one more write, a second history entry.
            String changed = TreeCommit.tree()
                    .file("a/cm.yaml", configMap("counted", "", "2"))
                    .commitTo(bare, "writes");
            controller.refreshAll();
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(client.configMaps()
                                    .inNamespace(ns)
                                    .withName("counted")
                                    .get()
                                    .getData())
                            .containsEntry("value", "2"));
            apps.awaitSyncAndHealth("writes", "Synced", "Healthy");
            settle(ns, "writes", writes);
            assertThat(writes).as("writes of the Application after the push").hasSize(2);
            Application second = writes.get(1);
            assertThat(second.getOperation()).isNull();
            assertThat(second.getStatus().getOperationState().getSyncResult().getRevision())
                    .isEqualTo(changed);
            assertThat(second.getStatus().getSync().getRevision()).isEqualTo(changed);
            assertThat(second.getStatus().getHistory())
                    .extracting(h -> h.getId())
                    .containsExactly(0L, 1L);
        }
        apps.delete("writes");
    }

    @Test
    void autoSyncWithPruneRefusesToPruneEverythingWhenTheSourceRendersNothing() {
        Apps apps = new Apps(client);
        String ns = "sync-empty";
        apps.freshNamespace(ns);
        apps.create("empty", url, "empty", "a", ns, "syncPolicy: {automated: {prune: true}}");
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        client.configMaps().inNamespace(ns).withName("only").get() != null);
        String emptied =
                TreeCommit.tree().file("a/README.md", "nothing to deploy\n").commitTo(bare, "empty");
        apps.refresh("empty", "normal");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            OperationState s = apps.get("empty").getStatus().getOperationState();
            assertThat(s.getSyncResult().getRevision()).isEqualTo(emptied);
            assertThat(s.getPhase()).isEqualTo("Failed");
            assertThat(s.getMessage()).contains("allowEmpty");
        });
        assertThat(client.configMaps().inNamespace(ns).withName("only").get())
                .as("nothing pruned")
                .isNotNull();
        apps.delete("empty");
    }

    @Test
    void anOperationLeftRunningByADeadControllerIsResumedWithoutRunningItsHookTwice() {
        Apps apps = new Apps(client);
        String ns = "sync-resume";
        apps.freshNamespace(ns);
        apps.create("resume", url, "hooks", "a", ns, "");
        apps.awaitStatus("resume");
        // What a controller killed after the PreSync wave leaves behind: the hook object it created, and
        // an operationState saying so.
        Job hook = client.batch()
                .v1()
                .jobs()
                .inNamespace(ns)
                .resource(client.getKubernetesSerialization()
                        .unmarshal(job("migrate", "PreSync", "BeforeHookCreation", "busybox:1.36", false), Job.class))
                .create();
        String patch = """
                {"operation": {"sync": {"revision": "hooks"}, "initiatedBy": {"username": "admin"}},
                 "status": {"operationState": {
                   "operation": {"sync": {"revision": "hooks"}, "initiatedBy": {"username": "admin"}},
                   "phase": "Running", "message": "", "startedAt": "2026-01-01T00:00:00Z",
                   "syncResult": {"revision": "", "resources": [{"group": "batch", "version": "v1", "kind": "Job",
                     "namespace": "%s", "name": "migrate", "status": "Synced", "message": "job/migrate created",
                     "hookType": "PreSync", "hookPhase": "Running", "syncPhase": "PreSync"}]}}}}
                """.formatted(ns);
        apps.patch("resume", patch);

        OperationState s = apps.awaitOperation("resume", "Succeeded", Duration.ofSeconds(90));
        assertThat(s.getStartedAt()).as("the same operation, resumed").isEqualTo("2026-01-01T00:00:00Z");
        assertThat(client.batch()
                        .v1()
                        .jobs()
                        .inNamespace(ns)
                        .withName("migrate")
                        .get()
                        .getMetadata()
                        .getUid())
                .as("the hook was not created again")
                .isEqualTo(hook.getMetadata().getUid());
        assertThat(s.getSyncResult().getResources())
                .extracting(r -> r.getSyncPhase() + " " + r.getKind() + "/" + r.getName())
                .containsExactly(
                        "PreSync Job/migrate", "Sync ConfigMap/settings", "Sync Deployment/web", "PostSync Job/smoke");
        assertThat(client.configMaps().inNamespace(ns).withName("settings").get())
                .isNotNull();
        apps.delete("resume");
    }

    @Test
    void aFailedSyncIsRetriedWithBackoffUpToTheLimit() {
        Apps apps = new Apps(client);
        String ns = "sync-retry-missing"; // never created: every attempt fails
        client.namespaces().withName(ns).delete();
        apps.create("retry", url, "shared", "a", ns, "");
        apps.awaitStatus("retry");
        String patch = """
                {"operation": {"sync": {}, "initiatedBy": {"username": "admin"},
                  "retry": {"limit": 2, "backoff": {"duration": "1s", "factor": 2}}}}""";
        apps.patch("retry", patch);
        OperationState s = apps.awaitOperation("retry", "Failed", Duration.ofSeconds(60));
        assertThat(s.getRetryCount()).isEqualTo(2L);
        assertThat(s.getMessage()).contains("namespaces \"" + ns + "\" not found");
        apps.delete("retry");
    }

    @Test
    void terminatingStopsARunningOperation() {
        Apps apps = new Apps(client);
        String ns = "sync-terminate";
        apps.freshNamespace(ns);
        TreeCommit.tree()
                .file(
                        "a/pre.yaml",
                        job("wait-forever", "PreSync", "BeforeHookCreation", "sextant.test/missing:latest", false))
                .file("a/cm.yaml", configMap("never", "", "1"))
                .commitTo(bare, "terminate");
        apps.create("terminate", url, "terminate", "a", ns, "");
        apps.awaitStatus("terminate");
        operations.sync("terminate", null, false, false, List.of(), List.of(), "admin");
        await().atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(apps.get("terminate")
                                .getStatus()
                                .getOperationState()
                                .getMessage())
                        .contains("waiting for completion of hook Job/wait-forever"));
        apps.patch("terminate", "{\"status\": {\"operationState\": {\"phase\": \"Terminating\"}}}");
        OperationState s = apps.awaitOperation("terminate", "Failed", Duration.ofSeconds(30));
        assertThat(s.getMessage()).isEqualTo("Operation terminated");
        assertThat(client.configMaps().inNamespace(ns).withName("never").get()).isNull();
        apps.delete("terminate");
    }

    /**
     * Waits, on events rather than time, until everything the controller was told about {@code ns} so far
     * is done and every write of {@code app} has reached {@code writes}: a marker ConfigMap created now
     * reaches the controller's live-state cache after every earlier ConfigMap event (one watch, in order),
     * so once the cache holds it and the queue is idle, those events were reconciled; then the test's watch
     * has caught up when it has seen the Application's current resourceVersion.
     */
    private void settle(String ns, String app, List<Application> writes) {
        String marker = "settle-" + System.nanoTime();
        client.configMaps()
                .inNamespace(ns)
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName(marker)
                        .endMetadata()
                        .build())
                .create();
        ResourceKey key = new ResourceKey("", "ConfigMap", ns, marker);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> controller.liveState().flatMap(c -> c.get(key)).isPresent());
        await().atMost(Duration.ofSeconds(30)).until(controller::idle);
        String current = new Apps(client).get(app).getMetadata().getResourceVersion();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !writes.isEmpty()
                        && current.equals(
                                writes.get(writes.size() - 1).getMetadata().getResourceVersion()));
        client.configMaps().inNamespace(ns).withName(marker).delete();
    }
}
