package io.sextant.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/**
 * Values of a repository's or cluster's {@code connectionState.status}, with
 * Argo CD's spellings ({@link #code()}); the status classes keep the text as read, and code compares
 * through {@link ArgoCode#is} and {@link #of}.
 */
public enum ConnectionStatus implements ArgoCode {
    SUCCESSFUL("Successful"),
    FAILED("Failed"),
    /** Not tried yet. */
    UNKNOWN("Unknown");

    private final String code;

    ConnectionStatus(String code) {
        this.code = code;
    }

    @Override
    @JsonValue
    public String code() {
        return code;
    }

    public static Optional<ConnectionStatus> of(String value) {
        return ArgoCode.find(values(), value);
    }

    @Override
    public String toString() {
        return code;
    }
}
