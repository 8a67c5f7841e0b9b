package io.sextant.model;

import java.util.List;

/**
 * The limits shared by a project's Applications, and the project's roles.
 */
public class AppProjectSpec extends ExtensibleObject {

    /** Repository URL globs. */
    private List<String> sourceRepos;

    private List<ApplicationDestination> destinations;
    private String description;
    private List<ProjectRole> roles;
    private List<ClusterResourceRestriction> clusterResourceWhitelist;
    private List<ClusterResourceRestriction> clusterResourceBlacklist;
    private List<GroupKind> namespaceResourceBlacklist;
    private List<GroupKind> namespaceResourceWhitelist;
    private OrphanedResourcesMonitorSettings orphanedResources;
    private List<SyncWindow> syncWindows;
    private List<SignatureKey> signatureKeys;
    private List<String> sourceNamespaces;
    private Boolean permitOnlyProjectScopedClusters;
    private List<DestinationServiceAccount> destinationServiceAccounts;

    public List<String> getSourceRepos() {
        return sourceRepos;
    }

    public void setSourceRepos(List<String> sourceRepos) {
        this.sourceRepos = sourceRepos;
    }

    public List<ApplicationDestination> getDestinations() {
        return destinations;
    }

    public void setDestinations(List<ApplicationDestination> destinations) {
        this.destinations = destinations;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public List<ProjectRole> getRoles() {
        return roles;
    }

    public void setRoles(List<ProjectRole> roles) {
        this.roles = roles;
    }

    public List<ClusterResourceRestriction> getClusterResourceWhitelist() {
        return clusterResourceWhitelist;
    }

    public void setClusterResourceWhitelist(List<ClusterResourceRestriction> clusterResourceWhitelist) {
        this.clusterResourceWhitelist = clusterResourceWhitelist;
    }

    public List<ClusterResourceRestriction> getClusterResourceBlacklist() {
        return clusterResourceBlacklist;
    }

    public void setClusterResourceBlacklist(List<ClusterResourceRestriction> clusterResourceBlacklist) {
        this.clusterResourceBlacklist = clusterResourceBlacklist;
    }

    public List<GroupKind> getNamespaceResourceBlacklist() {
        return namespaceResourceBlacklist;
    }

    public void setNamespaceResourceBlacklist(List<GroupKind> namespaceResourceBlacklist) {
        this.namespaceResourceBlacklist = namespaceResourceBlacklist;
    }

    public List<GroupKind> getNamespaceResourceWhitelist() {
        return namespaceResourceWhitelist;
    }

    public void setNamespaceResourceWhitelist(List<GroupKind> namespaceResourceWhitelist) {
        this.namespaceResourceWhitelist = namespaceResourceWhitelist;
    }

    public OrphanedResourcesMonitorSettings getOrphanedResources() {
        return orphanedResources;
    }

    public void setOrphanedResources(OrphanedResourcesMonitorSettings orphanedResources) {
        this.orphanedResources = orphanedResources;
    }

    public List<SyncWindow> getSyncWindows() {
        return syncWindows;
    }

    public void setSyncWindows(List<SyncWindow> syncWindows) {
        this.syncWindows = syncWindows;
    }

    public List<SignatureKey> getSignatureKeys() {
        return signatureKeys;
    }

    public void setSignatureKeys(List<SignatureKey> signatureKeys) {
        this.signatureKeys = signatureKeys;
    }

    public List<String> getSourceNamespaces() {
        return sourceNamespaces;
    }

    public void setSourceNamespaces(List<String> sourceNamespaces) {
        this.sourceNamespaces = sourceNamespaces;
    }

    public Boolean getPermitOnlyProjectScopedClusters() {
        return permitOnlyProjectScopedClusters;
    }

    public void setPermitOnlyProjectScopedClusters(Boolean permitOnlyProjectScopedClusters) {
        this.permitOnlyProjectScopedClusters = permitOnlyProjectScopedClusters;
    }

    public List<DestinationServiceAccount> getDestinationServiceAccounts() {
        return destinationServiceAccounts;
    }

    public void setDestinationServiceAccounts(List<DestinationServiceAccount> destinationServiceAccounts) {
        this.destinationServiceAccounts = destinationServiceAccounts;
    }

    /** A GnuPG key ID commits must be signed with. */
    public static class SignatureKey extends ExtensibleObject {
        private String keyID;

        public String getKeyID() {
            return keyID;
        }

        public void setKeyID(String keyID) {
            this.keyID = keyID;
        }
    }

    /** The service account syncs impersonate for a destination. */
    public static class DestinationServiceAccount extends ExtensibleObject {
        private String server;
        private String namespace;
        private String defaultServiceAccount;

        public String getServer() {
            return server;
        }

        public void setServer(String server) {
            this.server = server;
        }

        public String getNamespace() {
            return namespace;
        }

        public void setNamespace(String namespace) {
            this.namespace = namespace;
        }

        public String getDefaultServiceAccount() {
            return defaultServiceAccount;
        }

        public void setDefaultServiceAccount(String defaultServiceAccount) {
            this.defaultServiceAccount = defaultServiceAccount;
        }
    }
}
