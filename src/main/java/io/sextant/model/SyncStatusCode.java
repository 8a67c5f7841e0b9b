package io.sextant.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/**
 * Values of {@code status.sync.status} and of each resource's {@code status}, with
 * Argo CD's spellings ({@link #code()}); the status classes keep the text as read, and code compares
 * through {@link ArgoCode#is} and {@link #of}.
 */
public enum SyncStatusCode implements ArgoCode {
    SYNCED("Synced"),
    OUT_OF_SYNC("OutOfSync"),
    /** Not compared (the comparison failed, or the object is out of bounds). */
    UNKNOWN("Unknown");

    private final String code;

    SyncStatusCode(String code) {
        this.code = code;
    }

    @Override
    @JsonValue
    public String code() {
        return code;
    }

    public static Optional<SyncStatusCode> of(String value) {
        return ArgoCode.find(values(), value);
    }

    @Override
    public String toString() {
        return code;
    }
}
