package io.sextant.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.model.Application;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The write one reconcile asks for, as a value (java-operator-sdk's {@code UpdateControl} has the same
 * role): the status to set on the Application as it was read, whether that write clears the refresh
 * annotation, and the automated sync's operation to start in the same write. {@link StatusApplier} is
 * the one place that writes it; {@link StatusPlanner} makes it without touching a cluster.
 *
 * @param basis the Application the decision was taken on (its resourceVersion guards the write)
 * @param comparison the comparison the status shows (taken again on a conflict)
 * @param status the status fields to write
 * @param clearRefresh whether the write removes the refresh annotation
 * @param operation the operation to start with the status, or null
 * @param askAgainIn when to look again though nothing changes (a self-heal waiting out its timeout)
 * @param rendered the reconcile's render, for the status written when a started operation ends at once
 */
public record StatusUpdate(
        Application basis,
        Comparison comparison,
        ObjectNode status,
        boolean clearRefresh,
        ObjectNode operation,
        Optional<Duration> askAgainIn,
        Supplier<Rendered> rendered) {

    /** Whether the write starts an operation. */
    public boolean startsOperation() {
        return operation != null;
    }
}
