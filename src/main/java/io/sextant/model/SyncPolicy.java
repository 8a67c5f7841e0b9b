package io.sextant.model;

import java.util.List;
import java.util.Map;

/**
 * When and how an Application syncs.
 */
public class SyncPolicy extends ExtensibleObject {

    /** Present means automated sync, unless {@code enabled} is false. */
    private Automated automated;
    /** Options such as {@code CreateNamespace=true}. */
    private List<String> syncOptions;

    private RetryStrategy retry;
    private ManagedNamespaceMetadata managedNamespaceMetadata;

    public Automated getAutomated() {
        return automated;
    }

    public void setAutomated(Automated automated) {
        this.automated = automated;
    }

    public List<String> getSyncOptions() {
        return syncOptions;
    }

    public void setSyncOptions(List<String> syncOptions) {
        this.syncOptions = syncOptions;
    }

    public RetryStrategy getRetry() {
        return retry;
    }

    public void setRetry(RetryStrategy retry) {
        this.retry = retry;
    }

    public ManagedNamespaceMetadata getManagedNamespaceMetadata() {
        return managedNamespaceMetadata;
    }

    public void setManagedNamespaceMetadata(ManagedNamespaceMetadata managedNamespaceMetadata) {
        this.managedNamespaceMetadata = managedNamespaceMetadata;
    }

    /** Automated sync settings. */
    public static class Automated extends ExtensibleObject {
        private Boolean prune;
        private Boolean selfHeal;
        private Boolean allowEmpty;
        private Boolean enabled;

        public Boolean getPrune() {
            return prune;
        }

        public void setPrune(Boolean prune) {
            this.prune = prune;
        }

        public Boolean getSelfHeal() {
            return selfHeal;
        }

        public void setSelfHeal(Boolean selfHeal) {
            this.selfHeal = selfHeal;
        }

        public Boolean getAllowEmpty() {
            return allowEmpty;
        }

        public void setAllowEmpty(Boolean allowEmpty) {
            this.allowEmpty = allowEmpty;
        }

        public Boolean getEnabled() {
            return enabled;
        }

        public void setEnabled(Boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** Labels and annotations for the namespace made by {@code CreateNamespace=true}. */
    public static class ManagedNamespaceMetadata extends ExtensibleObject {
        private Map<String, String> labels;
        private Map<String, String> annotations;

        public Map<String, String> getLabels() {
            return labels;
        }

        public void setLabels(Map<String, String> labels) {
            this.labels = labels;
        }

        public Map<String, String> getAnnotations() {
            return annotations;
        }

        public void setAnnotations(Map<String, String> annotations) {
            this.annotations = annotations;
        }
    }
}
