package io.sextant.model;

import java.util.List;

/**
 * The parameters of a sync.
 */
public class SyncOperation extends ExtensibleObject {

    /** Overrides the spec's target revision. */
    private String revision;

    private List<String> revisions;
    private Boolean prune;
    private Boolean dryRun;
    private SyncStrategy syncStrategy;
    /** Sync only these; all when absent. */
    private List<Resource> resources;
    /** Overrides spec.source; set by rollbacks. */
    private ApplicationSource source;

    private List<ApplicationSource> sources;
    private List<String> manifests;
    private List<String> syncOptions;
    private Long autoHealAttemptsCount;

    public String getRevision() {
        return revision;
    }

    public void setRevision(String revision) {
        this.revision = revision;
    }

    public List<String> getRevisions() {
        return revisions;
    }

    public void setRevisions(List<String> revisions) {
        this.revisions = revisions;
    }

    public Boolean getPrune() {
        return prune;
    }

    public void setPrune(Boolean prune) {
        this.prune = prune;
    }

    public Boolean getDryRun() {
        return dryRun;
    }

    public void setDryRun(Boolean dryRun) {
        this.dryRun = dryRun;
    }

    public SyncStrategy getSyncStrategy() {
        return syncStrategy;
    }

    public void setSyncStrategy(SyncStrategy syncStrategy) {
        this.syncStrategy = syncStrategy;
    }

    public List<Resource> getResources() {
        return resources;
    }

    public void setResources(List<Resource> resources) {
        this.resources = resources;
    }

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

    public List<String> getManifests() {
        return manifests;
    }

    public void setManifests(List<String> manifests) {
        this.manifests = manifests;
    }

    public List<String> getSyncOptions() {
        return syncOptions;
    }

    public void setSyncOptions(List<String> syncOptions) {
        this.syncOptions = syncOptions;
    }

    public Long getAutoHealAttemptsCount() {
        return autoHealAttemptsCount;
    }

    public void setAutoHealAttemptsCount(Long autoHealAttemptsCount) {
        this.autoHealAttemptsCount = autoHealAttemptsCount;
    }

    /** A resource selected for a sync. */
    public static class Resource extends ExtensibleObject {
        private String group;
        private String kind;
        private String name;
        private String namespace;

        public String getGroup() {
            return group;
        }

        public void setGroup(String group) {
            this.group = group;
        }

        public String getKind() {
            return kind;
        }

        public void setKind(String kind) {
            this.kind = kind;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getNamespace() {
            return namespace;
        }

        public void setNamespace(String namespace) {
            this.namespace = namespace;
        }
    }
}
