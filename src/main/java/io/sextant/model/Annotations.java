package io.sextant.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every annotation, label and finalizer name Sextant reads or writes on objects, in one place: Argo CD's
 * names (user-guide/annotations-and-labels.md), so manifests written for Argo CD work unchanged, and Helm's
 * hook annotations, which Argo CD honours. Stateless.
 */
public final class Annotations {

    /** Which application owns a live object: {@code <app>:<group>/<kind>:<namespace>/<name>}. */
    public static final String TRACKING_ID = "argocd.argoproj.io/tracking-id";

    public static final String SYNC_WAVE = "argocd.argoproj.io/sync-wave";
    public static final String SYNC_OPTIONS = "argocd.argoproj.io/sync-options";
    public static final String HOOK = "argocd.argoproj.io/hook";
    public static final String HOOK_DELETE_POLICY = "argocd.argoproj.io/hook-delete-policy";
    public static final String HOOK_FINALIZER = "argocd.argoproj.io/hook-finalizer";
    /**
     * On a hook object Sextant created: the {@code startedAt} of the operation that created it. A controller
     * that stopped after creating a hook and before recording it finds the hook by it and lets it run on,
     * instead of creating it a second time.
     */
    public static final String HOOK_OPERATION = "sextant.io/hook-operation";
    /** On an Application: a refresh asked for ({@code normal} or {@code hard}); the controller removes it. */
    public static final String REFRESH = "argocd.argoproj.io/refresh";

    public static final String IGNORE_HEALTHCHECK = "argocd.argoproj.io/ignore-healthcheck";
    /** Label of Secrets Sextant reads: repository, repo-creds, repository-write, cluster. */
    public static final String SECRET_TYPE_LABEL = "argocd.argoproj.io/secret-type";

    public static final String HELM_HOOK = "helm.sh/hook";
    public static final String HELM_HOOK_WEIGHT = "helm.sh/hook-weight";
    public static final String HELM_HOOK_DELETE_POLICY = "helm.sh/hook-delete-policy";
    public static final String HELM_RESOURCE_POLICY = "helm.sh/resource-policy";
    /** An Application's cascade-delete finalizer (foreground); {@code /background} for background deletion. */
    public static final String RESOURCES_FINALIZER = "resources-finalizer.argocd.argoproj.io";

    private Annotations() {}

    /** The annotation's text, or null when the object (which may be null) does not carry it. */
    public static String get(JsonNode obj, String name) {
        if (obj == null) {
            return null;
        }
        JsonNode value = obj.path("metadata").path("annotations").get(name);
        return value == null || value.isNull() ? null : value.asText();
    }
}
