package io.sextant.model;

import java.util.List;

/**
 * What the controller last observed about an Application.
 */
public class ApplicationStatus extends ExtensibleObject {

    private List<ResourceStatus> resources;
    private SyncStatus sync;
    private HealthStatus health;
    /** Oldest first. */
    private List<RevisionHistory> history;

    private List<ApplicationCondition> conditions;
    private String reconciledAt;
    private OperationState operationState;
    /** Deprecated by Argo CD; kept for round trips. */
    private String observedAt;
    /** Helm, Kustomize, Directory or Plugin. */
    private String sourceType;

    private List<String> sourceTypes;
    private ApplicationSummary summary;
    /** Empty (inline) or {@code appTree}. */
    private String resourceHealthSource;

    private String controllerNamespace;
    private SourceHydratorStatus sourceHydrator;

    public List<ResourceStatus> getResources() {
        return resources;
    }

    public void setResources(List<ResourceStatus> resources) {
        this.resources = resources;
    }

    public SyncStatus getSync() {
        return sync;
    }

    public void setSync(SyncStatus sync) {
        this.sync = sync;
    }

    public HealthStatus getHealth() {
        return health;
    }

    public void setHealth(HealthStatus health) {
        this.health = health;
    }

    public List<RevisionHistory> getHistory() {
        return history;
    }

    public void setHistory(List<RevisionHistory> history) {
        this.history = history;
    }

    public List<ApplicationCondition> getConditions() {
        return conditions;
    }

    public void setConditions(List<ApplicationCondition> conditions) {
        this.conditions = conditions;
    }

    public String getReconciledAt() {
        return reconciledAt;
    }

    public void setReconciledAt(String reconciledAt) {
        this.reconciledAt = reconciledAt;
    }

    public OperationState getOperationState() {
        return operationState;
    }

    public void setOperationState(OperationState operationState) {
        this.operationState = operationState;
    }

    public String getObservedAt() {
        return observedAt;
    }

    public void setObservedAt(String observedAt) {
        this.observedAt = observedAt;
    }

    public String getSourceType() {
        return sourceType;
    }

    public void setSourceType(String sourceType) {
        this.sourceType = sourceType;
    }

    public List<String> getSourceTypes() {
        return sourceTypes;
    }

    public void setSourceTypes(List<String> sourceTypes) {
        this.sourceTypes = sourceTypes;
    }

    public ApplicationSummary getSummary() {
        return summary;
    }

    public void setSummary(ApplicationSummary summary) {
        this.summary = summary;
    }

    public String getResourceHealthSource() {
        return resourceHealthSource;
    }

    public void setResourceHealthSource(String resourceHealthSource) {
        this.resourceHealthSource = resourceHealthSource;
    }

    public String getControllerNamespace() {
        return controllerNamespace;
    }

    public void setControllerNamespace(String controllerNamespace) {
        this.controllerNamespace = controllerNamespace;
    }

    public SourceHydratorStatus getSourceHydrator() {
        return sourceHydrator;
    }

    public void setSourceHydrator(SourceHydratorStatus sourceHydrator) {
        this.sourceHydrator = sourceHydrator;
    }
}
