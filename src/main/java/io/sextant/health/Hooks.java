package io.sextant.health;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Which objects are sync hooks, as gitops-engine decides, for leaving them out of an application's
 * health. Stateless.
 */
final class Hooks {

    static final String HOOK = "argocd.argoproj.io/hook";
    static final String HELM_HOOK = "helm.sh/hook";
    static final String HOOK_FINALIZER = "argocd.argoproj.io/hook-finalizer";
    private static final Set<String> HOOK_TYPES = Set.of("PreSync", "Sync", "PostSync", "SyncFail", "PreDelete",
            "PostDelete", "Skip");
    private static final Set<String> HELM_TYPES = Set.of("pre-install", "pre-upgrade", "post-upgrade", "post-install");

    private Hooks() {
    }

    /** Annotated {@code hook: Skip} and nothing else: not applied, not assessed. */
    static boolean isSkip(JsonNode obj) {
        List<String> types = types(obj);
        return types.contains("Skip") && types.size() == 1;
    }

    /** A hook (Argo annotation other than a lone Skip, or a Helm hook annotation other than crd-install). */
    static boolean isHook(JsonNode obj) {
        JsonNode annotations = obj.path("metadata").path("annotations");
        if (annotations.has(HOOK)) {
            return !isSkip(obj);
        }
        JsonNode helm = annotations.path(HELM_HOOK);
        return helm.isTextual() && !"crd-install".equals(helm.asText());
    }

    /** Argo hook types, else Helm hook types, of the object; unknown names dropped. */
    static List<String> types(JsonNode obj) {
        List<String> argo = csv(Fields.annotation(obj, HOOK)).stream().filter(HOOK_TYPES::contains).toList();
        if (!argo.isEmpty()) {
            return argo;
        }
        return csv(Fields.annotation(obj, HELM_HOOK)).stream().filter(HELM_TYPES::contains)
                .map(t -> t.startsWith("pre-") ? "PreSync" : "PostSync").toList();
    }

    static boolean hasHookFinalizer(JsonNode obj) {
        for (JsonNode f : obj.path("metadata").path("finalizers")) {
            if (HOOK_FINALIZER.equals(f.asText())) {
                return true;
            }
        }
        return false;
    }

    private static List<String> csv(String value) {
        if (value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
