package io.sextant.controller;

import java.time.Duration;
import java.util.Optional;

/**
 * What one reconcile asks of the loop that ran it: when to look at the Application again (an operation
 * still running, a Progressing app, a write refused because the app changed meanwhile), or nothing, when
 * the next watch event or refresh round is enough. The loop schedules it; the reconcile never does.
 */
public record ReconcileResult(Optional<Duration> requeueAfter) {

    public static final ReconcileResult DONE = new ReconcileResult(Optional.empty());

    public static ReconcileResult requeueAfter(Duration delay) {
        return new ReconcileResult(Optional.of(delay));
    }
}
