package io.sextant.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/**
 * Values of a resource result's {@code status} in {@code operationState.syncResult.resources}, with
 * Argo CD's spellings ({@link #code()}); the status classes keep the text as read, and code compares
 * through {@link ArgoCode#is} and {@link #of}.
 */
public enum ResultCode implements ArgoCode {
    /** Applied (or created, for a hook). */
    SYNCED("Synced"),
    SYNC_FAILED("SyncFailed"),
    PRUNED("Pruned"),
    /** Left in place: pruning was not asked for, or the object asked not to be pruned. */
    PRUNE_SKIPPED("PruneSkipped");

    private final String code;

    ResultCode(String code) {
        this.code = code;
    }

    @Override
    @JsonValue
    public String code() {
        return code;
    }

    public static Optional<ResultCode> of(String value) {
        return ArgoCode.find(values(), value);
    }

    @Override
    public String toString() {
        return code;
    }
}
