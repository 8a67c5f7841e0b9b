package io.sextant.sync;

/**
 * The phases of a sync, in the order they run. {@link #SYNC_FAIL} runs only when an earlier phase
 * failed; its tasks are kept apart in {@link SyncPlan#syncFailTasks()}.
 */
public enum SyncPhase {
    PRE_SYNC("PreSync"),
    SYNC("Sync"),
    POST_SYNC("PostSync"),
    SYNC_FAIL("SyncFail");

    private final String argoName;

    SyncPhase(String argoName) {
        this.argoName = argoName;
    }

    /** The name Argo CD writes in {@code status.operationState.syncResult.resources[].syncPhase}. */
    public String argoName() {
        return argoName;
    }

    @Override
    public String toString() {
        return argoName;
    }
}
