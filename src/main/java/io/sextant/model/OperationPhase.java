package io.sextant.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/**
 * Values of {@code status.operationState.phase} and of a resource result's {@code hookPhase}, with Argo CD's
 * spellings ({@link #code()}). The status classes keep the text as read, so a value from a newer Argo CD is
 * kept, not lost; code compares through {@link ArgoCode#is} and {@link #of}.
 */
public enum OperationPhase implements ArgoCode {
    RUNNING("Running"),
    /** Termination was requested; the operation stops at the next safe point. */
    TERMINATING("Terminating"),
    /** The operation ran and something it did failed. */
    FAILED("Failed"),
    /** The operation could not run (for example, the source could not be rendered). */
    ERROR("Error"),
    SUCCEEDED("Succeeded");

    private final String code;

    OperationPhase(String code) {
        this.code = code;
    }

    @Override
    @JsonValue
    public String code() {
        return code;
    }

    /** Whether an operation in this phase has ended: Failed, Error or Succeeded. */
    public boolean completed() {
        return this == FAILED || this == ERROR || this == SUCCEEDED;
    }

    /** True for the phases an operation ends in: Failed, Error and Succeeded. */
    public static boolean isCompleted(String phase) {
        return of(phase).map(OperationPhase::completed).orElse(false);
    }

    /** Running or Terminating: the operation is still under way. */
    public static boolean inProgress(String phase) {
        return RUNNING.is(phase) || TERMINATING.is(phase);
    }

    public static Optional<OperationPhase> of(String value) {
        return ArgoCode.find(values(), value);
    }

    @Override
    public String toString() {
        return code;
    }
}
