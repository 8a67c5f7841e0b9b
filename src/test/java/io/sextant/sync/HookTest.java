package io.sextant.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HookTest {

    @Test
    void plainResourceIsNoHook() {
        assertThat(Hook.of(obj("cfg", Map.of()))).isEmpty();
        assertThat(Hook.of(obj("crd", Map.of("helm.sh/hook", " crd-install "))))
                .as("crd-install alone")
                .isEmpty();
    }

    @Test
    void argoHookWithDefaultDeletePolicy() {
        Hook hook = Hook.of(obj("migrate", Map.of("argocd.argoproj.io/hook", "PreSync,PostSync")))
                .orElseThrow();
        assertThat(hook.types()).containsExactly(HookType.PRE_SYNC, HookType.POST_SYNC);
        assertThat(hook.phases()).containsExactly(SyncPhase.PRE_SYNC, SyncPhase.POST_SYNC);
        assertThat(hook.deletePolicies()).containsExactly(HookDeletePolicy.BEFORE_HOOK_CREATION);
        assertThat(hook.helm()).isFalse();
        assertThat(hook.isSkip()).isFalse();
        assertThat(hook.generateName()).isNull();
    }

    @Test
    void argoAndHelmDeletePoliciesAddUp() {
        Hook hook = Hook.of(obj(
                        "migrate",
                        Map.of(
                                "argocd.argoproj.io/hook",
                                "PreSync",
                                "argocd.argoproj.io/hook-delete-policy",
                                "HookSucceeded",
                                "helm.sh/hook-delete-policy",
                                "hook-failed")))
                .orElseThrow();
        assertThat(hook.deletePolicies())
                .isEqualTo(Set.of(HookDeletePolicy.HOOK_SUCCEEDED, HookDeletePolicy.HOOK_FAILED));
        assertThat(hook.hasDeletePolicy(HookDeletePolicy.BEFORE_HOOK_CREATION)).isFalse();
    }

    @Test
    void helmHooksMapToArgoPhases() {
        Hook pre = Hook.of(obj(
                        "db",
                        Map.of(
                                "helm.sh/hook",
                                "pre-install, pre-upgrade",
                                "helm.sh/hook-delete-policy",
                                "before-hook-creation,hook-succeeded")))
                .orElseThrow();
        assertThat(pre.helm()).isTrue();
        assertThat(pre.types()).containsExactly(HookType.PRE_SYNC);
        assertThat(pre.deletePolicies())
                .containsExactlyInAnyOrder(HookDeletePolicy.BEFORE_HOOK_CREATION, HookDeletePolicy.HOOK_SUCCEEDED);
        assertThat(Hook.of(obj("a", Map.of("helm.sh/hook", "post-install,post-upgrade")))
                        .orElseThrow()
                        .phases())
                .containsExactly(SyncPhase.POST_SYNC);
        assertThat(Hook.of(obj("b", Map.of("helm.sh/hook", "post-delete")))
                        .orElseThrow()
                        .types())
                .containsExactly(HookType.POST_DELETE);
        assertThat(Hook.of(obj("c", Map.of("helm.sh/hook", "pre-delete")))
                        .orElseThrow()
                        .phases())
                .isEmpty();
    }

    @Test
    void unsupportedHelmHooksAreNamedAndNeverRun() {
        Hook test =
                Hook.of(obj("t", Map.of("helm.sh/hook", "test,pre-rollback"))).orElseThrow();
        assertThat(test.types()).isEmpty();
        assertThat(test.phases()).isEmpty();
        assertThat(test.ignoredHelmTypes()).containsExactly("test", "pre-rollback");
    }

    @Test
    void argoAnnotationMakesHelmHooksIgnored() {
        Hook hook = Hook.of(obj("x", Map.of("argocd.argoproj.io/hook", "Sync", "helm.sh/hook", "pre-install")))
                .orElseThrow();
        assertThat(hook.types()).containsExactly(HookType.SYNC);
        assertThat(hook.helm()).isFalse();
    }

    @Test
    void skipAloneIsSkipButNotWithAPhase() {
        assertThat(Hook.of(obj("s", Map.of("argocd.argoproj.io/hook", "Skip")))
                        .orElseThrow()
                        .isSkip())
                .isTrue();
        Hook mixed = Hook.of(obj("s", Map.of("argocd.argoproj.io/hook", "Skip,PostSync")))
                .orElseThrow();
        assertThat(mixed.isSkip()).isFalse();
        assertThat(mixed.phases()).containsExactly(SyncPhase.POST_SYNC);
    }

    @Test
    void generateNameWithoutNameIsAllowed() {
        ObjectNode job = obj(null, Map.of("argocd.argoproj.io/hook", "PostSync"));
        ((ObjectNode) job.get("metadata")).put("generateName", "smoke-");
        assertThat(Hook.of(job).orElseThrow().generateName()).isEqualTo("smoke-");
    }

    @Test
    void errorsNameTheProblem() {
        assertThatThrownBy(() -> Hook.of(obj("x", Map.of("argocd.argoproj.io/hook", "PreSync,postsync"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown hook type \"postsync\" in argocd.argoproj.io/hook; allowed: PreSync, Sync, "
                        + "PostSync, SyncFail, Skip, PreDelete, PostDelete (names are case-sensitive)");
        assertThatThrownBy(() -> Hook.of(obj("x", Map.of("argocd.argoproj.io/hook", " , "))))
                .hasMessageStartingWith("argocd.argoproj.io/hook is empty");
        assertThatThrownBy(() -> Hook.of(obj(null, Map.of("argocd.argoproj.io/hook", "PreSync"))))
                .hasMessage("a hook needs metadata.name or metadata.generateName");
        assertThatThrownBy(() -> Hook.of(obj(
                        "x",
                        Map.of(
                                "argocd.argoproj.io/hook",
                                "PreSync",
                                "argocd.argoproj.io/hook-delete-policy",
                                "Always"))))
                .hasMessage("unknown hook delete policy \"Always\" in argocd.argoproj.io/hook-delete-policy; "
                        + "allowed: HookSucceeded, HookFailed, BeforeHookCreation");
    }

    @Test
    void wavesFromSyncWaveElseHelmWeight() {
        assertThat(Waves.of(obj("a", Map.of()))).isZero();
        assertThat(Waves.of(obj("a", Map.of("argocd.argoproj.io/sync-wave", "-7"))))
                .isEqualTo(-7);
        assertThat(Waves.of(obj("a", Map.of("argocd.argoproj.io/sync-wave", "+4"))))
                .isEqualTo(4);
        assertThat(Waves.of(obj("a", Map.of("helm.sh/hook-weight", "-3")))).isEqualTo(-3);
        assertThat(Waves.of(obj("a", Map.of("helm.sh/hook-weight", "heavy"))))
                .as("as lenient as Helm")
                .isZero();
        assertThat(Waves.of(obj("a", Map.of("argocd.argoproj.io/sync-wave", "2", "helm.sh/hook-weight", "9"))))
                .isEqualTo(2);
        assertThatThrownBy(() -> Waves.of(obj("a", Map.of("argocd.argoproj.io/sync-wave", "1.5"))))
                .hasMessage("argocd.argoproj.io/sync-wave must be an integer such as \"-1\" or \"5\", not \"1.5\"");
        assertThatThrownBy(() -> Waves.of(obj("a", Map.of("argocd.argoproj.io/sync-wave", "99999999999"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Waves.of(obj("a", Map.of("argocd.argoproj.io/sync-wave", "x".repeat(100_000)))))
                .as("a huge value is cut short in the message")
                .hasMessageEndingWith("x...\"")
                .message()
                .hasSizeLessThan(200);
    }

    static ObjectNode obj(String name, Map<String, String> annotations) {
        ObjectNode obj = SyncScenarioTest.YAML.createObjectNode();
        obj.put("apiVersion", "batch/v1").put("kind", "Job");
        ObjectNode meta = obj.putObject("metadata");
        if (name != null) {
            meta.put("name", name);
        }
        ObjectNode a = meta.putObject("annotations");
        annotations.forEach(a::put);
        return obj;
    }
}
