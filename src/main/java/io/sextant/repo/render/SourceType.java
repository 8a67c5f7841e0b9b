package io.sextant.repo.render;

/** The kinds of Application source, with Argo CD's names (as in {@code status.sourceType}). */
public enum SourceType {
    DIRECTORY("Directory"),
    HELM("Helm"),
    KUSTOMIZE("Kustomize"),
    PLUGIN("Plugin");

    private final String argoName;

    SourceType(String argoName) {
        this.argoName = argoName;
    }

    /** "Directory", "Helm", "Kustomize" or "Plugin". */
    public String argoName() {
        return argoName;
    }
}
