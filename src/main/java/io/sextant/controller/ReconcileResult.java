package io.sextant.controller;

import java.time.Duration;
import java.util.Optional;

/**
 * What one reconcile asks of the loop that ran it: the write it decided on ({@link StatusUpdate}, which
 * {@link StatusApplier} carries out), and when to look at the Application again (an operation still
 * running, a Progressing app), or neither, when the next watch event or refresh round is enough. The
 * loop applies and schedules; the reconcile does neither.
 */
public record ReconcileResult(Optional<StatusUpdate> update, Optional<Duration> requeueAfter) {

    public static final ReconcileResult DONE = new ReconcileResult(Optional.empty(), Optional.empty());

    public static ReconcileResult requeueAfter(Duration delay) {
        return new ReconcileResult(Optional.empty(), Optional.of(delay));
    }

    /** The sooner of two look-agains, either of which may be absent. */
    public static Optional<Duration> soonest(Optional<Duration> a, Optional<Duration> b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() || a.get().compareTo(b.get()) <= 0 ? a : b;
    }
}
