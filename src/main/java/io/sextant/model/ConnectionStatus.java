package io.sextant.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/**
 * Values of a repository's or cluster's {@code connectionState.status}, with
 * Argo CD's spellings ({@link #code()}); the status classes keep the text as read, and code compares
 * through {@link #is} and {@link #of}.
 */
public enum ConnectionStatus {
    SUCCESSFUL("Successful"),
    FAILED("Failed"),
    /** Not tried yet. */
    UNKNOWN("Unknown");

    private final String code;

    ConnectionStatus(String code) {
        this.code = code;
    }

    /** Argo CD's spelling. */
    @JsonValue
    public String code() {
        return code;
    }

    public boolean is(String value) {
        return code.equals(value);
    }

    public static Optional<ConnectionStatus> of(String value) {
        for (ConnectionStatus s : values()) {
            if (s.code.equals(value)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return code;
    }
}
