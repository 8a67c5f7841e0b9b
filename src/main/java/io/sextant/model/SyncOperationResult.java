package io.sextant.model;

import java.util.List;

/**
 * What a sync did.
 */
public class SyncOperationResult extends ExtensibleObject {

    private List<ResourceResult> resources;
    private String revision;
    private List<String> revisions;
    private ApplicationSource source;
    private List<ApplicationSource> sources;
    private SyncPolicy.ManagedNamespaceMetadata managedNamespaceMetadata;

    public List<ResourceResult> getResources() {
        return resources;
    }

    public void setResources(List<ResourceResult> resources) {
        this.resources = resources;
    }

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

    public SyncPolicy.ManagedNamespaceMetadata getManagedNamespaceMetadata() {
        return managedNamespaceMetadata;
    }

    public void setManagedNamespaceMetadata(SyncPolicy.ManagedNamespaceMetadata managedNamespaceMetadata) {
        this.managedNamespaceMetadata = managedNamespaceMetadata;
    }

    /** The outcome of one resource (or hook) in a sync. */
    public static class ResourceResult extends ExtensibleObject {
        private String group;
        private String version;
        private String kind;
        private String namespace;
        private String name;
        /** Synced, SyncFailed, Pruned or PruneSkipped. */
        private String status;

        private String message;
        private String hookType;
        private String hookPhase;
        /** PreSync, Sync, PostSync or SyncFail. */
        private String syncPhase;

        public String getGroup() {
            return group;
        }

        public void setGroup(String group) {
            this.group = group;
        }

        public String getVersion() {
            return version;
        }

        public void setVersion(String version) {
            this.version = version;
        }

        public String getKind() {
            return kind;
        }

        public void setKind(String kind) {
            this.kind = kind;
        }

        public String getNamespace() {
            return namespace;
        }

        public void setNamespace(String namespace) {
            this.namespace = namespace;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getStatus() {
            return status;
        }

        public void setStatus(String status) {
            this.status = status;
        }

        public String getMessage() {
            return message;
        }

        public void setMessage(String message) {
            this.message = message;
        }

        public String getHookType() {
            return hookType;
        }

        public void setHookType(String hookType) {
            this.hookType = hookType;
        }

        public String getHookPhase() {
            return hookPhase;
        }

        public void setHookPhase(String hookPhase) {
            this.hookPhase = hookPhase;
        }

        public String getSyncPhase() {
            return syncPhase;
        }

        public void setSyncPhase(String syncPhase) {
            this.syncPhase = syncPhase;
        }
    }
}
