package io.sextant.model;

import java.util.List;

/**
 * One past sync, as kept in {@code status.history}.
 */
public class RevisionHistory extends ExtensibleObject {

    private Long id;
    private String revision;
    private List<String> revisions;
    private ApplicationSource source;
    private List<ApplicationSource> sources;
    private String deployedAt;
    private String deployStartedAt;
    private OperationInitiator initiatedBy;

    public Long getId() {
        return id;
    }

    public void setId(Long id) {
        this.id = id;
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

    public String getDeployedAt() {
        return deployedAt;
    }

    public void setDeployedAt(String deployedAt) {
        this.deployedAt = deployedAt;
    }

    public String getDeployStartedAt() {
        return deployStartedAt;
    }

    public void setDeployStartedAt(String deployStartedAt) {
        this.deployStartedAt = deployStartedAt;
    }

    public OperationInitiator getInitiatedBy() {
        return initiatedBy;
    }

    public void setInitiatedBy(OperationInitiator initiatedBy) {
        this.initiatedBy = initiatedBy;
    }
}
