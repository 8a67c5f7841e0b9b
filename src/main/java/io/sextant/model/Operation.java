package io.sextant.model;

import java.util.List;

/**
 * A requested operation, written into an Application's {@code operation} field.
 */
public class Operation extends ExtensibleObject {

    private SyncOperation sync;
    private OperationInitiator initiatedBy;
    private List<Info> info;
    private RetryStrategy retry;

    public SyncOperation getSync() {
        return sync;
    }

    public void setSync(SyncOperation sync) {
        this.sync = sync;
    }

    public OperationInitiator getInitiatedBy() {
        return initiatedBy;
    }

    public void setInitiatedBy(OperationInitiator initiatedBy) {
        this.initiatedBy = initiatedBy;
    }

    public List<Info> getInfo() {
        return info;
    }

    public void setInfo(List<Info> info) {
        this.info = info;
    }

    public RetryStrategy getRetry() {
        return retry;
    }

    public void setRetry(RetryStrategy retry) {
        this.retry = retry;
    }
}
