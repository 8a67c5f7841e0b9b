package io.sextant.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.sextant.model.Application;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a reconcile would write, decided without a cluster: the reconcile's result is a plain value. */
class StatusPlannerTest {

    private final KubernetesSerialization json = new KubernetesSerialization();
    private final StatusPlanner planner =
            new StatusPlanner(new StatusBuilder(json, "sextant"), new AutoSync(json, Duration.ofSeconds(5)));

    private Application app(String syncPolicy, String status) {
        return json.unmarshal("""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: guestbook, namespace: sextant, resourceVersion: "7"}
                spec:
                  project: default
                  source: {repoURL: "https://git.example/guestbook.git", path: guestbook, targetRevision: HEAD}
                  destination: {server: "https://kubernetes.default.svc", namespace: guestbook}
                  %s
                %s
                """.formatted(syncPolicy, status), Application.class);
    }

    private static Comparison comparison(String sync, String health, String revision) {
        return new Comparison(
                "guestbook",
                revision,
                "Directory",
                sync,
                health,
                "",
                List.of(),
                List.of(),
                List.of(),
                Instant.now(),
                List.of());
    }

    @Test
    void aManualAppOutOfSyncGetsItsStatusAndNoOperation() {
        StatusUpdate update =
                planner.plan(app("", ""), comparison("OutOfSync", "Missing", "a".repeat(40)), true, () -> null);
        assertThat(update.startsOperation()).isFalse();
        assertThat(update.clearRefresh()).isTrue();
        assertThat(update.status().path("sync").path("status").asText()).isEqualTo("OutOfSync");
        assertThat(update.status().path("sync").path("revision").asText()).isEqualTo("a".repeat(40));
        assertThat(update.status().path("health").path("status").asText()).isEqualTo("Missing");
        assertThat(update.askAgainIn()).isEmpty();
    }

    @Test
    void anAutomatedAppOutOfSyncStartsASyncOfTheComparedRevisionInTheSameWrite() {
        StatusUpdate update = planner.plan(
                app("syncPolicy: {automated: {prune: true}, syncOptions: [CreateNamespace=true]}", ""),
                comparison("OutOfSync", "Missing", "b".repeat(40)),
                false,
                () -> null);
        assertThat(update.startsOperation()).isTrue();
        assertThat(update.operation().path("sync").path("revision").asText()).isEqualTo("b".repeat(40));
        assertThat(update.operation().path("sync").path("prune").asBoolean()).isTrue();
        assertThat(update.operation().path("sync").path("syncOptions").get(0).asText())
                .isEqualTo("CreateNamespace=true");
        assertThat(update.operation().path("initiatedBy").path("automated").asBoolean())
                .isTrue();
        assertThat(update.status().path("sync").path("status").asText()).isEqualTo("OutOfSync");
    }

    @Test
    void aFailedComparisonIsWrittenAndNeverSynced() {
        StatusUpdate update = planner.plan(
                app("syncPolicy: {automated: {}}", ""),
                Comparison.failed("guestbook", "repository not found", Instant.now()),
                false,
                () -> null);
        assertThat(update.startsOperation()).isFalse();
        assertThat(update.status().path("sync").path("status").asText()).isEqualTo("Unknown");
        assertThat(update.status().path("conditions").toString())
                .contains("ComparisonError")
                .contains("repository not found");
    }

    @Test
    void driftFromARevisionSyncedMomentsAgoWaitsOutTheSelfHealTimeout() {
        String revision = "c".repeat(40);
        String status = """
                status:
                  operationState:
                    phase: Succeeded
                    finishedAt: "%s"
                    syncResult: {revision: %s}
                """.formatted(Instant.now().minusSeconds(1), revision);
        StatusUpdate update = planner.plan(
                app("syncPolicy: {automated: {selfHeal: true}}", status),
                comparison("OutOfSync", "Healthy", revision),
                false,
                () -> null);
        assertThat(update.startsOperation()).as("self-heal waits its timeout").isFalse();
        assertThat(update.askAgainIn())
                .hasValueSatisfying(d -> assertThat(d).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(5)));
    }

    @Test
    void aConflictDecidesTheSyncAgainOnTheFreshApplicationAndLeavesTheRefreshAnnotation() {
        StatusUpdate first = planner.plan(
                app("syncPolicy: {automated: {}}", ""),
                comparison("OutOfSync", "Missing", "d".repeat(40)),
                true,
                () -> null);
        assertThat(first.startsOperation()).isTrue();
        // Meanwhile someone switched auto-sync off: the retry writes the status and starts nothing.
        StatusUpdate again = planner.replan(first, app("", ""));
        assertThat(again.startsOperation()).isFalse();
        assertThat(again.clearRefresh()).isFalse();
        assertThat(again.status()).isSameAs(first.status());
        assertThat(again.basis().getMetadata().getResourceVersion()).isEqualTo("7");
    }
}
