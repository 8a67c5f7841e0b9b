package io.sextant.cache;

/** How objects name their Application: Argo's {@code application.resourceTrackingMethod}. */
public enum TrackingMethod {
    /** {@code argocd.argoproj.io/tracking-id} annotation (the default). */
    ANNOTATION,
    /** {@code app.kubernetes.io/instance} label. */
    LABEL
}
