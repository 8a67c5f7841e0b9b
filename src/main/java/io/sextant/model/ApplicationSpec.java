package io.sextant.model;

import java.util.List;

/**
 * The desired state of an Application: what to deploy ({@code source} or
 * {@code sources}) and where ({@code destination}), in which project, and how to sync.
 */
public class ApplicationSpec extends ExtensibleObject {

    /**
     * Whether the app is rendered from {@code sources} (Argo CD's HasMultipleSources): a non-empty
     * {@code sources} wins over {@code source}. Not a bean property: never serialized.
     */
    public boolean hasMultipleSources() {
        return sources != null && !sources.isEmpty();
    }

    /** The single source; ignored when {@code sources} is set. */
    private ApplicationSource source;
    /** Several sources whose manifests are combined. */
    private List<ApplicationSource> sources;

    private ApplicationDestination destination;
    /** The AppProject; Argo treats an empty string as {@code default}. */
    private String project;

    private SyncPolicy syncPolicy;
    private List<ResourceIgnoreDifferences> ignoreDifferences;
    private List<Info> info;
    /** History entries to keep; Argo's default is 10. */
    private Long revisionHistoryLimit;

    private SourceHydrator sourceHydrator;

    public ApplicationSource getSource() {
        return source;
    }

    public void setSource(ApplicationSource source) {
        this.source = source;
    }

    public List<ApplicationSource> getSources() {
        return sources;
    }

    public void setSources(List<ApplicationSource> sources) {
        this.sources = sources;
    }

    public ApplicationDestination getDestination() {
        return destination;
    }

    public void setDestination(ApplicationDestination destination) {
        this.destination = destination;
    }

    public String getProject() {
        return project;
    }

    public void setProject(String project) {
        this.project = project;
    }

    public SyncPolicy getSyncPolicy() {
        return syncPolicy;
    }

    public void setSyncPolicy(SyncPolicy syncPolicy) {
        this.syncPolicy = syncPolicy;
    }

    public List<ResourceIgnoreDifferences> getIgnoreDifferences() {
        return ignoreDifferences;
    }

    public void setIgnoreDifferences(List<ResourceIgnoreDifferences> ignoreDifferences) {
        this.ignoreDifferences = ignoreDifferences;
    }

    public List<Info> getInfo() {
        return info;
    }

    public void setInfo(List<Info> info) {
        this.info = info;
    }

    public Long getRevisionHistoryLimit() {
        return revisionHistoryLimit;
    }

    public void setRevisionHistoryLimit(Long revisionHistoryLimit) {
        this.revisionHistoryLimit = revisionHistoryLimit;
    }

    public SourceHydrator getSourceHydrator() {
        return sourceHydrator;
    }

    public void setSourceHydrator(SourceHydrator sourceHydrator) {
        this.sourceHydrator = sourceHydrator;
    }
}
