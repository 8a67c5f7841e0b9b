package io.sextant.model;

/** Values of {@code status.operationState.phase} (and of a resource result's hookPhase). */
public final class OperationPhase {

    public static final String RUNNING = "Running";
    /** Termination was requested; the operation stops at the next safe point. */
    public static final String TERMINATING = "Terminating";
    /** The operation ran and something it did failed. */
    public static final String FAILED = "Failed";
    /** The operation could not run (for example, the source could not be rendered). */
    public static final String ERROR = "Error";
    public static final String SUCCEEDED = "Succeeded";

    private OperationPhase() {
    }

    /** True for the phases an operation ends in: Failed, Error and Succeeded. */
    public static boolean isCompleted(String phase) {
        return FAILED.equals(phase) || ERROR.equals(phase) || SUCCEEDED.equals(phase);
    }
}
