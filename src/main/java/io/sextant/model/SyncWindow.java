package io.sextant.model;

import java.util.List;

/**
 * A time window in which syncs are allowed or denied.
 */
public class SyncWindow extends ExtensibleObject {

    /** {@code allow} or {@code deny}. */
    private String kind;
    /** Cron expression of the start. */
    private String schedule;

    private String duration;
    private List<String> applications;
    private List<String> namespaces;
    private List<String> clusters;
    private Boolean manualSync;
    private String timeZone;
    /** Match applications AND namespaces AND clusters instead of OR. */
    private Boolean andOperator;

    private String description;
    /** Let syncs that started in time run past the window. */
    private Boolean syncOverrun;

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getSchedule() {
        return schedule;
    }

    public void setSchedule(String schedule) {
        this.schedule = schedule;
    }

    public String getDuration() {
        return duration;
    }

    public void setDuration(String duration) {
        this.duration = duration;
    }

    public List<String> getApplications() {
        return applications;
    }

    public void setApplications(List<String> applications) {
        this.applications = applications;
    }

    public List<String> getNamespaces() {
        return namespaces;
    }

    public void setNamespaces(List<String> namespaces) {
        this.namespaces = namespaces;
    }

    public List<String> getClusters() {
        return clusters;
    }

    public void setClusters(List<String> clusters) {
        this.clusters = clusters;
    }

    public Boolean getManualSync() {
        return manualSync;
    }

    public void setManualSync(Boolean manualSync) {
        this.manualSync = manualSync;
    }

    public String getTimeZone() {
        return timeZone;
    }

    public void setTimeZone(String timeZone) {
        this.timeZone = timeZone;
    }

    public Boolean getAndOperator() {
        return andOperator;
    }

    public void setAndOperator(Boolean andOperator) {
        this.andOperator = andOperator;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public Boolean getSyncOverrun() {
        return syncOverrun;
    }

    public void setSyncOverrun(Boolean syncOverrun) {
        this.syncOverrun = syncOverrun;
    }
}
