package io.sextant.model;

import java.util.Optional;

/**
 * A protocol value with Argo CD's spelling ({@link #code()}), as the status enums of this package carry:
 * comparing a status field's text with it, and finding the constant a text names (none for a value from a
 * newer Argo CD, which the status classes keep as text).
 */
public interface ArgoCode {

    /** Argo CD's spelling. */
    String code();

    default boolean is(String value) {
        return code().equals(value);
    }

    /** The constant of {@code values} spelled {@code value}, if any. */
    static <E extends ArgoCode> Optional<E> find(E[] values, String value) {
        for (E e : values) {
            if (e.code().equals(value)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
