package io.sextant.controller;

import io.sextant.model.Application;
import io.sextant.model.Operation;
import io.sextant.model.OperationState;

/**
 * Told when {@link OperationRunner} starts an operation and when it ends (metrics, Kubernetes
 * Events). Called on a reconcile worker in the middle of the operation: an implementation must
 * return at once and never throw; slow work (API calls) goes to a thread of its own.
 */
public interface OperationObserver {

    OperationObserver NONE = new OperationObserver() {};

    /** The operation {@code op} of {@code app} has just started (not called again when it resumes). */
    default void started(Application app, Operation op) {}

    /** The operation has ended; {@code state} holds its final phase, message and results. */
    default void finished(Application app, OperationState state) {}

    /** Both observers, this one first. */
    default OperationObserver andThen(OperationObserver next) {
        OperationObserver first = this;
        return new OperationObserver() {
            @Override
            public void started(Application app, Operation op) {
                first.started(app, op);
                next.started(app, op);
            }

            @Override
            public void finished(Application app, OperationState state) {
                first.finished(app, state);
                next.finished(app, state);
            }
        };
    }
}
