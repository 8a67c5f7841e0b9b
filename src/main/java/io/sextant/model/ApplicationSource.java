package io.sextant.model;

/**
 * Where an Application's manifests come from: a Git path or a Helm chart, plus the
 * options of the tool that renders them (at most one of helm, kustomize, directory, plugin).
 */
public class ApplicationSource extends ExtensibleObject {

    private String repoURL;
    private String path;
    /** Branch, tag or commit; a chart version for Helm repositories; HEAD if empty. */
    private String targetRevision;

    private String chart;
    /** Lets other sources refer to this one's files as {@code $ref/...}. */
    private String ref;

    private String name;
    private ApplicationSourceHelm helm;
    private ApplicationSourceKustomize kustomize;
    private ApplicationSourceDirectory directory;
    private ApplicationSourcePlugin plugin;

    public String getRepoURL() {
        return repoURL;
    }

    public void setRepoURL(String repoURL) {
        this.repoURL = repoURL;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public String getTargetRevision() {
        return targetRevision;
    }

    public void setTargetRevision(String targetRevision) {
        this.targetRevision = targetRevision;
    }

    public String getChart() {
        return chart;
    }

    public void setChart(String chart) {
        this.chart = chart;
    }

    public String getRef() {
        return ref;
    }

    public void setRef(String ref) {
        this.ref = ref;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public ApplicationSourceHelm getHelm() {
        return helm;
    }

    public void setHelm(ApplicationSourceHelm helm) {
        this.helm = helm;
    }

    public ApplicationSourceKustomize getKustomize() {
        return kustomize;
    }

    public void setKustomize(ApplicationSourceKustomize kustomize) {
        this.kustomize = kustomize;
    }

    public ApplicationSourceDirectory getDirectory() {
        return directory;
    }

    public void setDirectory(ApplicationSourceDirectory directory) {
        this.directory = directory;
    }

    public ApplicationSourcePlugin getPlugin() {
        return plugin;
    }

    public void setPlugin(ApplicationSourcePlugin plugin) {
        this.plugin = plugin;
    }
}
