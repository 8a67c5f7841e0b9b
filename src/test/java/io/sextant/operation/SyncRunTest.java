package io.sextant.operation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sextant.health.Children;
import io.sextant.health.HealthAssessor;
import io.sextant.model.OperationPhase;
import io.sextant.model.SyncOperationResult.ResourceResult;
import io.sextant.sync.SyncCandidate;
import io.sextant.sync.SyncPlan;
import io.sextant.sync.SyncPlanner;
import io.sextant.sync.SyncRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sync executor ({@link SyncRun}) against a cluster in memory, as gitops-engine tests its sync
 * context with a fake cluster: the order of phases and waves, each hook created once per operation and
 * deleted by its policy, an operation resumed by another controller, a retry starting afresh, the API
 * server failing between steps. Real Kubernetes behaviour is proven by the testbed tests
 * (ArgoExamplesConformanceTest, GracefulShutdownIT); this pins the executor's own decisions.
 */
class SyncRunTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String NS = "shop";
    private static final SyncRun.Context CTX =
            new SyncRun.Context("shop", NS, false, Map.of(), Map.of(), "2026-12-01T10:00:00Z", "0123456789abcdef", 0);
    private static final SyncRun.Context RETRY =
            new SyncRun.Context("shop", NS, false, Map.of(), Map.of(), "2026-12-01T10:00:00Z", "0123456789abcdef", 1);

    private final MemoryCluster cluster = new MemoryCluster();
    private final SyncRun run = newRun();

    private SyncRun newRun() {
        return new SyncRun(cluster, HealthAssessor::new, Children.NONE);
    }

    static ObjectNode job(String name, String hook, String deletePolicy) {
        String meta = name.endsWith("-") ? "generateName: " + name : "name: " + name;
        return obj("""
                apiVersion: batch/v1
                kind: Job
                metadata:
                  %s
                  namespace: shop
                  annotations:
                    argocd.argoproj.io/hook: %s
                    %s
                spec: {template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}}
                """.formatted(
                meta, hook, deletePolicy == null ? "" : "argocd.argoproj.io/hook-delete-policy: " + deletePolicy));
    }

    static ObjectNode configMap(String name, int wave) {
        return obj("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: %s
                  namespace: shop
                  annotations: {argocd.argoproj.io/sync-wave: "%d"}
                data: {k: v}
                """.formatted(name, wave));
    }

    static ObjectNode deployment(String name, int wave) {
        return obj("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %s
                  namespace: shop
                  annotations: {argocd.argoproj.io/sync-wave: "%d"}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: %s}}
                  template:
                    metadata: {labels: {app: %s}}
                    spec: {containers: [{name: c, image: nginx}]}
                """.formatted(name, wave, name, name));
    }

    static ObjectNode obj(String yaml) {
        try {
            return (ObjectNode) YAML.readTree(yaml);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static SyncPlan plan(boolean prune, boolean dryRun, List<SyncCandidate> candidates) {
        return new SyncPlanner().plan(candidates, new SyncRequest(prune, dryRun, List.of(), List.of(), false, false));
    }

    static SyncPlan plan(ObjectNode... targets) {
        List<SyncCandidate> candidates = new ArrayList<>();
        for (ObjectNode t : targets) {
            candidates.add(SyncCandidate.of(t, null, true));
        }
        return plan(false, false, candidates);
    }

    private static ObjectNode rolledOut() {
        return obj("{observedGeneration: 1, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1}");
    }

    private static ResourceResult result(SyncRun.Outcome o, String kind, String namePrefix) {
        return o.results().stream()
                .filter(r -> kind.equals(r.getKind()) && r.getName().startsWith(namePrefix))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no result for " + kind + "/" + namePrefix + " in "
                        + o.results().stream()
                                .map(r -> r.getKind() + "/" + r.getName())
                                .toList()));
    }

    @Test
    void phasesAndWavesRunInOrderEachWaitingUntilThePreviousIsDone() {
        SyncPlan plan = plan(
                job("migrate", "PreSync", null),
                configMap("config", 0),
                deployment("web", 1),
                job("notify", "PostSync", null));

        SyncRun.Outcome o = run.advance(plan, List.of(), CTX);
        assertThat(o.phase()).isEqualTo(OperationPhase.RUNNING);
        assertThat(o.message()).isEqualTo("waiting for completion of hook Job/migrate");
        assertThat(cluster.log()).containsExactly("create Job/migrate");

        cluster.finishJob(NS, "migrate", true);
        o = run.advance(plan, o.results(), CTX);
        assertThat(o.message()).startsWith("waiting for healthy state of Deployment/web");
        assertThat(cluster.log())
                .containsExactly("create Job/migrate", "apply ConfigMap/config", "apply Deployment/web");

        o = run.advance(plan, o.results(), CTX);
        assertThat(cluster.log()).as("nothing runs again while a wave waits").hasSize(3);

        cluster.setStatus("Deployment", NS, "web", rolledOut());
        o = run.advance(plan, o.results(), CTX);
        assertThat(o.message()).isEqualTo("waiting for completion of hook Job/notify");
        cluster.finishJob(NS, "notify", true);
        o = run.advance(plan, o.results(), CTX);

        assertThat(o.phase()).as(o.message()).isEqualTo(OperationPhase.SUCCEEDED);
        assertThat(cluster.log())
                .containsExactly(
                        "create Job/migrate", "apply ConfigMap/config", "apply Deployment/web", "create Job/notify");
        assertThat(result(o, "Job", "migrate").getHookPhase()).isEqualTo(OperationPhase.SUCCEEDED.code());
        assertThat(result(o, "Job", "migrate").getHookType()).isEqualTo("PreSync");
        assertThat(result(o, "Job", "notify").getSyncPhase()).isEqualTo("PostSync");
    }

    @Test
    void aHookWithAFixedNameReplacesTheLastSyncsObjectInsteadOfFailingOnAlreadyExists() {
        cluster.put(job("migrate", "PreSync", null));
        cluster.finishJob(NS, "migrate", true);
        cluster.slowDelete("Job", NS, "migrate", 2);

        SyncPlan plan = plan(job("migrate", "PreSync", null));
        SyncRun.Outcome o = run.advance(plan, List.of(), CTX);
        // The run does not sleep on the deletion: it says what it waits for, and the next call goes on.
        assertThat(o.phase()).isEqualTo(OperationPhase.RUNNING);
        assertThat(o.message())
                .isEqualTo("waiting for the previous Job/migrate to be deleted before the hook is "
                        + "created again (BeforeHookCreation)");
        assertThat(cluster.log()).containsExactly("delete Job/migrate");
        o = run.advance(plan, o.results(), CTX);

        assertThat(cluster.log())
                .as("BeforeHookCreation, the default, deletes first and waits until it is gone")
                .containsExactly("delete Job/migrate", "create Job/migrate");
        assertThat(o.phase()).as(o.message()).isEqualTo(OperationPhase.RUNNING);
        assertThat(cluster.object("Job", NS, "migrate"))
                .get()
                .extracting(j -> j.path("status").isMissingNode())
                .as("the new Job, not the finished one")
                .isEqualTo(true);
    }

    @Test
    void hookSucceededDeletesTheHookOnceItSucceededAndKeepsItWhileItRuns() {
        SyncPlan plan = plan(job("seed", "Sync", "HookSucceeded"));
        SyncRun.Outcome o = run.advance(plan, List.of(), CTX);
        assertThat(cluster.object("Job", NS, "seed")).isPresent();

        cluster.finishJob(NS, "seed", true);
        o = run.advance(plan, o.results(), CTX);

        assertThat(o.phase()).isEqualTo(OperationPhase.SUCCEEDED);
        assertThat(cluster.log()).containsExactly("create Job/seed", "delete Job/seed");
        assertThat(cluster.object("Job", NS, "seed")).isEmpty();
    }

    @Test
    void aFailedHookFailsTheSyncRunsTheSyncFailHookAndHookFailedDeletesIt() {
        SyncPlan plan = plan(
                job("migrate", "PreSync", "HookFailed"), configMap("config", 0), job("page-oncall", "SyncFail", null));
        SyncRun.Outcome o = run.advance(plan, List.of(), CTX);
        cluster.finishJob(NS, "migrate", false);

        o = run.advance(plan, o.results(), CTX);

        assertThat(o.phase()).isEqualTo(OperationPhase.FAILED);
        assertThat(o.message()).isEqualTo("hook Job/migrate failed: Job has reached the specified backoff limit");
        assertThat(cluster.log())
                .as("no resource of a later phase is applied; SyncFail runs")
                .containsExactly("create Job/migrate", "delete Job/migrate", "create Job/page-oncall");
        assertThat(result(o, "Job", "migrate").getHookPhase()).isEqualTo(OperationPhase.FAILED.code());
    }

    @Test
    void aSyncFailHookWhoseLastObjectIsStillBeingDeletedIsRecordedAsNotRunAndTheOperationStillFails() {
        cluster.put(job("page-oncall", "SyncFail", null));
        cluster.slowDelete("Job", NS, "page-oncall", 5);
        SyncPlan plan = plan(job("migrate", "PreSync", null), job("page-oncall", "SyncFail", null));
        SyncRun.Outcome o = run.advance(plan, List.of(), CTX);
        cluster.finishJob(NS, "migrate", false);

        o = run.advance(plan, o.results(), CTX);

        assertThat(o.phase()).isEqualTo(OperationPhase.FAILED);
        assertThat(result(o, "Job", "page-oncall").getMessage())
                .isEqualTo("not run: the previous Job/page-oncall was still being deleted (BeforeHookCreation)");
    }

    @Test
    void anOperationResumedByAnotherControllerCreatesNoHookTwiceNotEvenAGenerateNameOne() {
        SyncPlan plan = plan(job("upgrade-schema-", "PreSync", null), configMap("config", 0));
        SyncRun.Outcome o = run.advance(plan, List.of(), CTX);
        String created = result(o, "Job", "upgrade-schema-").getName();
        assertThat(created).startsWith("upgrade-schema-").isNotEqualTo("upgrade-schema-");

        // Another replica (or this one after a restart) takes over with the recorded results only.
        SyncRun next = newRun();
        o = next.advance(plan, o.results(), CTX);
        assertThat(o.message()).isEqualTo("waiting for completion of hook Job/" + created);
        cluster.finishJob(NS, created, true);
        o = next.advance(plan, o.results(), CTX);

        assertThat(o.phase()).isEqualTo(OperationPhase.SUCCEEDED);
        assertThat(cluster.names("Job", "upgrade-schema-")).containsExactly(created);
        assertThat(cluster.log()).containsExactly("create Job/" + created, "apply ConfigMap/config");
    }

    @Test
    void aHookCreatedByAControllerThatStoppedBeforeRecordingItIsAdoptedNotCreatedAgain() {
        SyncPlan plan =
                plan(job("upgrade-schema-", "PreSync", null), job("migrate", "PreSync", null), configMap("config", 0));
        SyncRun.Outcome o = run.advance(plan, List.of(), CTX);
        String generated = result(o, "Job", "upgrade-schema-").getName();
        assertThat(generated)
                .as("Argo CD's name: generateName, revision[0:7], phase, startedAt in seconds")
                .isEqualTo("upgrade-schema-0123456-presync-"
                        + java.time.Instant.parse("2026-12-01T10:00:00Z").getEpochSecond());

        // The controller died after the creates and before its status write: the next one has no results.
        SyncRun next = newRun();
        o = next.advance(plan, List.of(), CTX);
        assertThat(o.phase()).isEqualTo(OperationPhase.RUNNING);
        assertThat(cluster.log())
                .as("both hooks carry this operation's stamp, so neither is deleted nor created again")
                .containsExactly("create Job/migrate", "create Job/" + generated);
        cluster.finishJob(NS, generated, true);
        cluster.finishJob(NS, "migrate", true);
        o = next.advance(plan, o.results(), CTX);
        assertThat(o.phase()).as(o.message()).isEqualTo(OperationPhase.SUCCEEDED);
        assertThat(cluster.log())
                .containsExactly("create Job/migrate", "create Job/" + generated, "apply ConfigMap/config");
    }

    @Test
    void aRetryStartsAfreshAndAGenerateNameHookGetsANewObject() {
        SyncPlan plan = plan(job("upgrade-schema-", "PreSync", "HookSucceeded"), configMap("config", 0));
        cluster.refuse("ConfigMap/config", "ConfigMap \"config\" is invalid: data[k]: Invalid value");
        SyncRun.Outcome o = run.advance(plan, List.of(), CTX);
        String first = result(o, "Job", "upgrade-schema-").getName();
        cluster.finishJob(NS, first, true);
        o = run.advance(plan, o.results(), CTX);
        assertThat(o.phase()).isEqualTo(OperationPhase.FAILED);
        assertThat(o.message())
                .isEqualTo("one or more objects failed to apply, reason: ConfigMap \"config\" is invalid: "
                        + "data[k]: Invalid value");
        assertThat(result(o, "ConfigMap", "config").getStatus()).isEqualTo("SyncFailed");

        // The operation's retry: a new attempt with no results (OperationRunner drops them after the backoff).
        cluster.accept("ConfigMap/config");
        o = run.advance(plan, List.of(), RETRY);
        String second = result(o, "Job", "upgrade-schema-").getName();
        cluster.finishJob(NS, second, true);
        o = run.advance(plan, o.results(), RETRY);

        assertThat(o.phase()).as(o.message()).isEqualTo(OperationPhase.SUCCEEDED);
        assertThat(second).isNotEqualTo(first);
        assertThat(cluster.log())
                .containsExactly(
                        "create Job/" + first,
                        "delete Job/" + first,
                        "create Job/" + second,
                        "delete Job/" + second,
                        "apply ConfigMap/config");
    }

    @Test
    void theApiServerFailingBetweenStepsKeepsTheOperationRunningAndLosesNoResult() {
        SyncPlan plan = plan(job("migrate", "PreSync", null), configMap("config", 0));
        SyncRun.Outcome o = run.advance(plan, List.of(), CTX);

        cluster.down = true;
        o = run.advance(plan, o.results(), CTX);
        assertThat(o.phase()).isEqualTo(OperationPhase.RUNNING);
        assertThat(o.message()).startsWith("waiting for the API server: ");
        assertThat(o.results()).extracting(ResourceResult::getName).containsExactly("migrate");

        cluster.down = false;
        cluster.finishJob(NS, "migrate", true);
        o = run.advance(plan, o.results(), CTX);
        assertThat(o.phase()).isEqualTo(OperationPhase.SUCCEEDED);
        assertThat(cluster.log()).containsExactly("create Job/migrate", "apply ConfigMap/config");
    }

    @Test
    void createNamespaceWithoutAnAnswerRecordsNothingAndIsDoneOnceTheApiServerAnswers() {
        // GracefulShutdownIT met it: a controller stopping mid-request recorded the namespace as SyncFailed, and the
        // next controller, resuming, skipped the namespace and failed every apply ("namespaces ... not found").
        SyncRun.Context create = new SyncRun.Context(
                "shop", NS, true, Map.of(), Map.of(), "2026-12-01T10:00:00Z", "0123456789abcdef", 0);
        SyncPlan plan = plan(configMap("config", 0));
        cluster.down = true;
        SyncRun.Outcome o = run.advance(plan, List.of(), create);
        assertThat(o.phase()).isEqualTo(OperationPhase.RUNNING);
        assertThat(o.message()).startsWith("waiting for the API server: ");
        assertThat(o.results())
                .as("nothing is known about the namespace: nothing recorded")
                .isEmpty();

        cluster.down = false;
        o = run.advance(plan, o.results(), create);
        assertThat(o.phase()).as(o.message()).isEqualTo(OperationPhase.SUCCEEDED);
        assertThat(cluster.log()).containsExactly("apply Namespace/shop", "apply ConfigMap/config");
    }

    @Test
    void aNamespaceResultThatFailedIsTriedAgainWhenTheOperationResumes() {
        SyncRun.Context create = new SyncRun.Context(
                "shop", NS, true, Map.of(), Map.of(), "2026-12-01T10:00:00Z", "0123456789abcdef", 0);
        ResourceResult failed = new ResourceResult();
        failed.setGroup("");
        failed.setVersion("v1");
        failed.setKind("Namespace");
        failed.setName(NS);
        failed.setSyncPhase("PreSync");
        failed.setStatus("SyncFailed");
        failed.setMessage("Operation: [get] for kind: [Namespace] with name: [shop] failed.");
        SyncRun.Outcome o = run.advance(plan(configMap("config", 0)), List.of(failed), create);
        assertThat(o.phase()).as(o.message()).isEqualTo(OperationPhase.SUCCEEDED);
        assertThat(cluster.log()).containsExactly("apply Namespace/shop", "apply ConfigMap/config");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {429, 500, 503, 401})
    void anApiServerAnsweringWithAnErrorStatusMidSyncIsWaitedOutNotAFailedSync(int status) {
        SyncPlan plan = plan(job("migrate", "PreSync", null), configMap("config", 0), configMap("later", 1));
        SyncRun.Outcome o = run.advance(plan, List.of(), CTX);
        cluster.finishJob(NS, "migrate", true);

        cluster.failing = status;
        o = run.advance(plan, o.results(), CTX);
        assertThat(o.phase()).isEqualTo(OperationPhase.RUNNING);
        assertThat(o.message()).startsWith("waiting for the API server: ");
        cluster.failing = 0;
        o = run.advance(plan, o.results(), CTX);

        assertThat(o.phase()).as(o.message()).isEqualTo(OperationPhase.SUCCEEDED);
        assertThat(cluster.log())
                .containsExactly("create Job/migrate", "apply ConfigMap/config", "apply ConfigMap/later");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {0, 429, 503})
    void theApiServerFailingTheWriteItselfIsWaitedOutAndTheHookIsNotCreatedTwice(int status) {
        SyncPlan plan = plan(job("upgrade-schema-", "PreSync", null), configMap("config", 0));
        cluster.down = status == 0;
        cluster.failing = status;
        SyncRun.Outcome o = run.advance(plan, List.of(), CTX);
        assertThat(o.phase()).as(o.message()).isEqualTo(OperationPhase.RUNNING);
        assertThat(o.message()).startsWith("waiting for the API server: ");

        cluster.down = false;
        cluster.failing = 0;
        o = run.advance(plan, o.results(), CTX);
        String hook = result(o, "Job", "upgrade-schema-").getName();
        cluster.finishJob(NS, hook, true);
        o = run.advance(plan, o.results(), CTX);
        assertThat(o.phase()).as(o.message()).isEqualTo(OperationPhase.SUCCEEDED);
        assertThat(cluster.log()).containsExactly("create Job/" + hook, "apply ConfigMap/config");
    }

    @Test
    void aPrunedObjectIsGoneBeforeTheNextWaveStarts() {
        ObjectNode old = configMap("old", 0);
        cluster.put(old);
        cluster.slowDelete("ConfigMap", NS, "old", 2);
        SyncPlan plan = plan(
                true, false, List.of(SyncCandidate.orphan(old), SyncCandidate.of(configMap("new", 1), null, true)));

        SyncRun.Outcome o = run.advance(plan, List.of(), CTX);
        assertThat(o.message()).isEqualTo("waiting for ConfigMap/old to be deleted");
        assertThat(cluster.log()).containsExactly("delete ConfigMap/old");
        o = run.advance(plan, o.results(), CTX);

        assertThat(o.phase()).as(o.message()).isEqualTo(OperationPhase.SUCCEEDED);
        assertThat(cluster.log()).containsExactly("delete ConfigMap/old", "apply ConfigMap/new");
        assertThat(result(o, "ConfigMap", "old").getStatus()).isEqualTo("Pruned");
    }

    @Test
    void aRefusedSecretsValuesNeverReachTheResultsOrTheOperationMessage() {
        String plain = "hunter2-plain-value";
        String encoded = Base64.getEncoder().encodeToString("db-pass-base64-value".getBytes());
        ObjectNode secret = obj("""
                apiVersion: v1
                kind: Secret
                metadata: {name: creds, namespace: shop}
                stringData: {token: %s}
                data: {password: %s}
                """.formatted(plain, encoded));
        // API servers quote what they refuse; admission webhooks quote whole objects.
        cluster.refuse(
                "Secret/creds",
                "admission webhook denied Secret creds: token=" + plain + " password=" + encoded
                        + " (decoded db-pass-base64-value)");

        SyncRun.Outcome o = run.advance(plan(secret), List.of(), CTX);

        assertThat(o.phase()).isEqualTo(OperationPhase.FAILED);
        String everything = o.message() + "\n"
                + o.results().stream().map(ResourceResult::getMessage).toList();
        assertThat(everything)
                .contains("admission webhook denied Secret creds")
                .doesNotContain(plain)
                .doesNotContain(encoded)
                .doesNotContain("db-pass-base64-value");
    }

    @Test
    void aDryRunWritesNothingAndRunsNoHook() {
        SyncRun.Outcome o = run.advance(
                plan(
                        false,
                        true,
                        List.of(
                                SyncCandidate.of(job("migrate", "PreSync", null), null, true),
                                SyncCandidate.of(configMap("config", 0), null, true))),
                List.of(),
                CTX);

        assertThat(o.phase()).isEqualTo(OperationPhase.SUCCEEDED);
        assertThat(o.message()).isEqualTo("successfully synced (dry run)");
        assertThat(cluster.log()).isEmpty();
    }
}
