package io.sextant.model;

/**
 * Renders the manifests of a dry source into a Git branch, then syncs from that branch.
 */
public class SourceHydrator extends ExtensibleObject {

    private DrySource drySource;
    private SyncSource syncSource;
    private HydrateTo hydrateTo;

    public DrySource getDrySource() {
        return drySource;
    }

    public void setDrySource(DrySource drySource) {
        this.drySource = drySource;
    }

    public SyncSource getSyncSource() {
        return syncSource;
    }

    public void setSyncSource(SyncSource syncSource) {
        this.syncSource = syncSource;
    }

    public HydrateTo getHydrateTo() {
        return hydrateTo;
    }

    public void setHydrateTo(HydrateTo hydrateTo) {
        this.hydrateTo = hydrateTo;
    }

    /** The unrendered source. */
    public static class DrySource extends ExtensibleObject {
        private String repoURL;
        private String targetRevision;
        private String path;
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

        public String getTargetRevision() {
            return targetRevision;
        }

        public void setTargetRevision(String targetRevision) {
            this.targetRevision = targetRevision;
        }

        public String getPath() {
            return path;
        }

        public void setPath(String path) {
            this.path = path;
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

    /** The branch and path rendered manifests are synced from. */
    public static class SyncSource extends ExtensibleObject {
        private String targetBranch;
        private String path;

        public String getTargetBranch() {
            return targetBranch;
        }

        public void setTargetBranch(String targetBranch) {
            this.targetBranch = targetBranch;
        }

        public String getPath() {
            return path;
        }

        public void setPath(String path) {
            this.path = path;
        }
    }

    /** A staging branch rendered manifests are pushed to first. */
    public static class HydrateTo extends ExtensibleObject {
        private String targetBranch;

        public String getTargetBranch() {
            return targetBranch;
        }

        public void setTargetBranch(String targetBranch) {
            this.targetBranch = targetBranch;
        }
    }
}
