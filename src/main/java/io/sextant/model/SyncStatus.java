package io.sextant.model;

import java.util.List;

/**
 * The result of the last comparison of target and live state.
 */
public class SyncStatus extends ExtensibleObject {

    /** A {@link SyncStatusCode}. */
    private String status;

    private ComparedTo comparedTo;
    private String revision;
    private List<String> revisions;

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public ComparedTo getComparedTo() {
        return comparedTo;
    }

    public void setComparedTo(ComparedTo comparedTo) {
        this.comparedTo = comparedTo;
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

    /** The source(s) and destination the comparison used. */
    public static class ComparedTo extends ExtensibleObject {
        private ApplicationSource source;
        private List<ApplicationSource> sources;
        private ApplicationDestination destination;
        private List<ResourceIgnoreDifferences> ignoreDifferences;

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

        public List<ResourceIgnoreDifferences> getIgnoreDifferences() {
            return ignoreDifferences;
        }

        public void setIgnoreDifferences(List<ResourceIgnoreDifferences> ignoreDifferences) {
            this.ignoreDifferences = ignoreDifferences;
        }
    }
}
