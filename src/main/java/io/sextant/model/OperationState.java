package io.sextant.model;

/**
 * Progress and result of the current or last operation; lets a restarted controller resume.
 */
public class OperationState extends ExtensibleObject {

    private Operation operation;
    /** An {@link OperationPhase}. */
    private String phase;

    private String message;
    private SyncOperationResult syncResult;
    private String startedAt;
    private String finishedAt;
    private Long retryCount;

    public Operation getOperation() {
        return operation;
    }

    public void setOperation(Operation operation) {
        this.operation = operation;
    }

    public String getPhase() {
        return phase;
    }

    public void setPhase(String phase) {
        this.phase = phase;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public SyncOperationResult getSyncResult() {
        return syncResult;
    }

    public void setSyncResult(SyncOperationResult syncResult) {
        this.syncResult = syncResult;
    }

    public String getStartedAt() {
        return startedAt;
    }

    public void setStartedAt(String startedAt) {
        this.startedAt = startedAt;
    }

    public String getFinishedAt() {
        return finishedAt;
    }

    public void setFinishedAt(String finishedAt) {
        this.finishedAt = finishedAt;
    }

    public Long getRetryCount() {
        return retryCount;
    }

    public void setRetryCount(Long retryCount) {
        this.retryCount = retryCount;
    }
}
