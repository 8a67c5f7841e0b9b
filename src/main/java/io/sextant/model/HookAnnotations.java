package io.sextant.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The one answer to "is this object a sync hook?", shared by the comparison (a hook is never OutOfSync
 * nor pruned), the health aggregation (a hook never counts) and the sync planner (which then reads the
 * hook's types and policies in {@code io.sextant.sync.Hook}). It follows gitops-engine: an object with
 * {@code argocd.argoproj.io/hook} is a hook unless that annotation says only {@code Skip} (then it is
 * never applied and never assessed); without it, {@code helm.sh/hook} other than {@code crd-install}
 * makes a hook (Argo CD's user-guide/helm.md, "Helm Hooks"). A malformed annotation still makes a hook
 * here, so that a typo never turns a hook into a resource to prune; the planner reports the typo.
 * Stateless.
 */
public final class HookAnnotations {

    public static final String HOOK = Annotations.HOOK;
    public static final String HELM_HOOK = Annotations.HELM_HOOK;
    public static final String HOOK_FINALIZER = Annotations.HOOK_FINALIZER;

    /** What an object is to a sync. */
    public enum Role {
        /** A resource of the application: compared, assessed, pruned. */
        RESOURCE,
        /** A hook: run by the sync in its phase, outside sync status, health and pruning. */
        HOOK,
        /** {@code hook: Skip} alone: never applied, never compared nor assessed. */
        SKIP
    }

    private HookAnnotations() {}

    public static Role roleOf(JsonNode obj) {
        JsonNode annotations = obj == null ? null : obj.path("metadata").path("annotations");
        if (annotations == null || !annotations.isObject()) {
            return Role.RESOURCE;
        }
        JsonNode argo = annotations.get(HOOK);
        if (argo != null && !argo.isNull()) {
            return onlySkip(argo.asText()) ? Role.SKIP : Role.HOOK;
        }
        JsonNode helm = annotations.get(HELM_HOOK);
        if (helm != null && !helm.isNull() && !helm.asText().trim().equals("crd-install")) {
            return Role.HOOK;
        }
        return Role.RESOURCE;
    }

    /** A hook or a Skip: not a resource of the application's sync status, health or pruning. */
    public static boolean isHookOrSkip(JsonNode obj) {
        return roleOf(obj) != Role.RESOURCE;
    }

    /** Carries Argo's hook finalizer (a hook being deleted keeps its health while it runs out). */
    public static boolean hasHookFinalizer(JsonNode obj) {
        for (JsonNode f : obj.path("metadata").path("finalizers")) {
            if (HOOK_FINALIZER.equals(f.asText())) {
                return true;
            }
        }
        return false;
    }

    private static boolean onlySkip(String value) {
        boolean skip = false;
        for (String item : value.split(",")) {
            String t = item.trim();
            if (t.isEmpty()) {
                continue;
            }
            if (!t.equals("Skip")) {
                return false;
            }
            skip = true;
        }
        return skip;
    }
}
