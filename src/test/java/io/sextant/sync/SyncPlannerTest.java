package io.sextant.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.model.ResourceKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SyncPlannerTest {

    private final SyncPlanner planner = new SyncPlanner();

    @Test
    void sameCandidatesInAnyOrderGiveTheSamePlan() {
        List<SyncCandidate> candidates = new ArrayList<>();
        candidates.add(SyncCandidate.of(
                obj("v1", "Namespace", null, "shop", Map.of("argocd.argoproj.io/sync-wave", "3")), null, true));
        for (String ns : List.of("shop", "other")) {
            candidates.add(SyncCandidate.of(obj("v1", "ConfigMap", ns, "cfg", Map.of()), null, true));
            candidates.add(SyncCandidate.of(obj("apps/v1", "Deployment", ns, "web", Map.of()), null, true));
            candidates.add(SyncCandidate.of(obj("example.com/v1", "Widget", ns, "web", Map.of()), null, true));
            candidates.add(SyncCandidate.of(
                    obj("batch/v1", "Job", ns, "migrate", Map.of("argocd.argoproj.io/hook", "PreSync,SyncFail")),
                    null,
                    true));
            candidates.add(
                    SyncCandidate.orphan(obj("v1", "Secret", ns, "old", Map.of("argocd.argoproj.io/sync-wave", "2"))));
            candidates.add(SyncCandidate.orphan(
                    obj("v1", "Secret", ns, "keep", Map.of("argocd.argoproj.io/sync-options", "Prune=false"))));
        }
        candidates.add(SyncCandidate.of(obj("other.io/v1", "Widget", "shop", "web", Map.of()), null, true));
        SyncRequest request = SyncRequest.defaults().withPrune(true);
        String expected = describe(planner.plan(candidates, request));

        Random random = new Random(42);
        for (int i = 0; i < 20; i++) {
            List<SyncCandidate> shuffled = new ArrayList<>(candidates);
            Collections.shuffle(shuffled, random);
            assertThat(describe(planner.plan(shuffled, request))).isEqualTo(expected);
        }
        // the Namespace goes just before the first task living in it, not before everything in the step
        assertThat(expected)
                .startsWith("PreSync 0: CREATE_HOOK Job other/migrate (batch), APPLY Namespace /shop, "
                        + "CREATE_HOOK Job shop/migrate (batch)\n");
    }

    @Test
    void unnamedHooksAreFlaggedForTheExecutor() {
        ObjectNode first = obj("batch/v1", "Job", "shop", null, Map.of("argocd.argoproj.io/hook", "PostSync"));
        ((ObjectNode) first.get("metadata")).put("generateName", "smoke-");
        ObjectNode second = first.deepCopy();
        SyncPlan plan = planner.plan(
                List.of(SyncCandidate.of(first, null, true), SyncCandidate.of(second, null, true)),
                SyncRequest.defaults());

        List<SyncTask> tasks = plan.tasks();
        assertThat(tasks).hasSize(2).allSatisfy(t -> {
            assertThat(t.needsGeneratedName()).isTrue();
            assertThat(t.key()).isEqualTo(new ResourceKey("batch", "Job", "shop", ""));
            assertThat(t.action()).isEqualTo(Action.CREATE_HOOK);
            assertThat(t.phase()).isEqualTo(SyncPhase.POST_SYNC);
        });
        assertThat(tasks.get(0).target()).isSameAs(first);
        assertThat(tasks.get(1).target()).isSameAs(second);
    }

    @Test
    void tasksCarryTheirEffectiveOptionsAndHook() {
        ObjectNode web = obj(
                "apps/v1",
                "Deployment",
                "shop",
                "web",
                Map.of("argocd.argoproj.io/sync-options", "ServerSideApply=false"));
        ObjectNode job = obj("batch/v1", "Job", "shop", "migrate", Map.of("argocd.argoproj.io/hook", "PreSync"));
        ObjectNode live = obj("apps/v1", "Deployment", "shop", "web", Map.of());
        SyncPlan plan = planner.plan(
                List.of(SyncCandidate.of(web, live, true), SyncCandidate.of(job, null, true)),
                SyncRequest.defaults().withSyncOptions(List.of("Replace=false", "PrunePropagationPolicy=orphan")));

        SyncTask apply = plan.steps().get(1).tasks().get(0);
        assertThat(apply.action()).isEqualTo(Action.APPLY);
        assertThat(apply.live()).isSameAs(live);
        assertThat(apply.options().useServerSideApply()).isFalse();
        assertThat(apply.options().prunePropagationPolicy()).isEqualTo(SyncOptions.PropagationPolicy.ORPHAN);
        assertThat(apply.hook()).isNull();
        SyncTask hook = plan.steps().get(0).tasks().get(0);
        assertThat(hook.hook().deletePolicies()).containsExactly(HookDeletePolicy.BEFORE_HOOK_CREATION);
        assertThat(hook.options().useServerSideApply()).isTrue();
    }

    @Test
    void applyGroupsRunPrunesThenOneKindAtATime() {
        SyncPlan plan = planner.plan(
                List.of(
                        SyncCandidate.of(
                                obj("v1", "Namespace", null, "shop", Map.of("argocd.argoproj.io/sync-wave", "1")),
                                null,
                                true),
                        SyncCandidate.of(obj("v1", "ConfigMap", "shop", "a", Map.of()), null, true),
                        SyncCandidate.of(obj("v1", "ConfigMap", "shop", "b", Map.of()), null, true),
                        SyncCandidate.of(obj("apps/v1", "Deployment", "shop", "web", Map.of()), null, true),
                        SyncCandidate.orphan(obj("v1", "Secret", "shop", "old", Map.of()))),
                SyncRequest.defaults().withPrune(true));

        assertThat(plan.steps()).hasSize(1);
        List<List<String>> groups = plan.steps().get(0).applyGroups().stream()
                .map(g -> g.stream()
                        .map(t -> t.key().kind() + "/" + t.key().name())
                        .toList())
                .toList();
        assertThat(groups)
                .containsExactly(
                        List.of("Secret/old"),
                        List.of("Namespace/shop"),
                        List.of("ConfigMap/a", "ConfigMap/b"),
                        List.of("Deployment/web"));
        assertThat(plan.steps().get(0).tasks().get(1).wave())
                .as("the Namespace took the wave of the ConfigMap")
                .isZero();
    }

    @Test
    void syncFailHooksAreOrderedByWaveAndNeverInTheSteps() {
        SyncPlan plan = planner.plan(
                List.of(
                        SyncCandidate.of(
                                obj(
                                        "batch/v1",
                                        "Job",
                                        "shop",
                                        "late",
                                        Map.of(
                                                "argocd.argoproj.io/hook",
                                                "SyncFail",
                                                "argocd.argoproj.io/sync-wave",
                                                "2")),
                                null,
                                true),
                        SyncCandidate.of(
                                obj(
                                        "batch/v1",
                                        "Job",
                                        "shop",
                                        "early",
                                        Map.of(
                                                "argocd.argoproj.io/hook",
                                                "SyncFail",
                                                "argocd.argoproj.io/sync-wave",
                                                "-1")),
                                null,
                                true)),
                SyncRequest.defaults());
        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.syncFailTasks()).extracting(SyncTask::sortName).containsExactly("early", "late");
        assertThat(plan.syncFailTasks()).allSatisfy(t -> assertThat(t.phase()).isEqualTo(SyncPhase.SYNC_FAIL));
    }

    @Test
    void skippedPrunesCarryArgoResultCode() {
        SyncPlan plan = planner.plan(
                List.of(
                        SyncCandidate.of(obj("v1", "ConfigMap", "shop", "cfg", Map.of()), null, true),
                        SyncCandidate.orphan(obj("v1", "Secret", "shop", "old", Map.of()))),
                SyncRequest.defaults());
        assertThat(plan.skipped()).singleElement().satisfies(t -> {
            assertThat(t.action()).isEqualTo(Action.PRUNE);
            assertThat(t.skipResultCode()).isEqualTo("PruneSkipped");
            assertThat(t.skipReason()).contains("pruning was not enabled");
        });
        assertThat(plan.tasks()).noneMatch(SyncTask::skipped);
    }

    @Test
    void selectionByCliFormAndInputsLeftUntouched() {
        ObjectNode web = obj("apps/v1", "Deployment", "shop", "web", Map.of("argocd.argoproj.io/sync-wave", "1"));
        ObjectNode copy = web.deepCopy();
        SyncPlan plan = planner.plan(
                List.of(
                        SyncCandidate.of(web, null, true),
                        SyncCandidate.of(obj("v1", "Service", "shop", "web", Map.of()), null, true)),
                SyncRequest.defaults().withResources(List.of(ResourceFilter.parse("apps:Deployment:shop/web"))));
        assertThat(SyncScenarioTest.render(plan.steps())).containsExactly("Sync 1: APPLY Deployment/web");
        assertThat(web).isEqualTo(copy);
    }

    @Test
    void aCandidateNeedsSomethingToWorkOn() {
        assertThatThrownBy(() ->
                        new SyncCandidate(new ResourceKey("", "ConfigMap", "shop", "cfg"), null, null, true, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a target, a live object or both");
    }

    private static String describe(SyncPlan plan) {
        StringBuilder sb = new StringBuilder();
        for (SyncStep step : plan.steps()) {
            sb.append(step.phase()).append(' ').append(step.wave()).append(": ");
            sb.append(String.join(
                            ", ",
                            step.tasks().stream().map(SyncPlannerTest::describe).toList()))
                    .append('\n');
        }
        sb.append("fail: ")
                .append(plan.syncFailTasks().stream()
                        .map(SyncPlannerTest::describe)
                        .toList())
                .append('\n');
        sb.append("skipped: ")
                .append(plan.skipped().stream().map(SyncPlannerTest::describe).toList());
        return sb.toString();
    }

    private static String describe(SyncTask t) {
        return t.action() + " " + t.key().kind() + " " + t.key().namespace() + "/"
                + t.key().name()
                + (t.key().group().isEmpty() ? "" : " (" + t.key().group() + ")");
    }

    static ObjectNode obj(
            String apiVersion, String kind, String namespace, String name, Map<String, String> annotations) {
        ObjectNode obj = SyncScenarioTest.YAML.createObjectNode();
        obj.put("apiVersion", apiVersion).put("kind", kind);
        ObjectNode meta = obj.putObject("metadata");
        if (name != null) {
            meta.put("name", name);
        }
        if (namespace != null) {
            meta.put("namespace", namespace);
        }
        if (!annotations.isEmpty()) {
            ObjectNode a = meta.putObject("annotations");
            annotations.forEach(a::put);
        }
        return obj;
    }
}
