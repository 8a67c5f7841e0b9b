package io.sextant.model;

/**
 * Sync and health of one resource of an Application.
 */
public class ResourceStatus extends ExtensibleObject {

    private String group;
    private String version;
    private String kind;
    private String namespace;
    private String name;
    /** A {@link SyncStatusCode}. */
    private String status;

    private HealthStatus health;
    private Boolean hook;
    private Boolean requiresPruning;
    private Long syncWave;
    private Boolean requiresDeletionConfirmation;

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

    public HealthStatus getHealth() {
        return health;
    }

    public void setHealth(HealthStatus health) {
        this.health = health;
    }

    public Boolean getHook() {
        return hook;
    }

    public void setHook(Boolean hook) {
        this.hook = hook;
    }

    public Boolean getRequiresPruning() {
        return requiresPruning;
    }

    public void setRequiresPruning(Boolean requiresPruning) {
        this.requiresPruning = requiresPruning;
    }

    public Long getSyncWave() {
        return syncWave;
    }

    public void setSyncWave(Long syncWave) {
        this.syncWave = syncWave;
    }

    public Boolean getRequiresDeletionConfirmation() {
        return requiresDeletionConfirmation;
    }

    public void setRequiresDeletionConfirmation(Boolean requiresDeletionConfirmation) {
        this.requiresDeletionConfirmation = requiresDeletionConfirmation;
    }
}
