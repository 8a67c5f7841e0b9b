package io.sextant.controller;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sextant.model.AppKey;
import io.sextant.model.Application;
import io.sextant.operation.Fence;
import io.sextant.repo.git.Redactor;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The one writer of what a reconcile decided ({@link StatusUpdate}): the status, alone or with the
 * operation it starts, guarded by the resourceVersion the decision was taken on. A status write refused
 * because the Application changed is looked at again in a moment; an operation refused so is decided
 * again once on a fresh read (it may no longer be due). A started operation is advanced at once, as far
 * as it goes, so a sync does not wait for the next reconcile to begin.
 */
final class StatusApplier {

    private static final Logger LOG = Logger.getLogger(StatusApplier.class);

    private final String namespace;
    private final StatusWriter writer;
    private final StatusPlanner planner;
    private final Function<String, Application> readFresh;
    private final OperationRunner operations;
    private final BiFunction<Application, StatusUpdate, StatusAfterOperation> statusAfter;

    /**
     * @param readFresh the Application of a name as stored now (a read from the API server)
     * @param statusAfter the comparison status to add to the write that ends a started operation
     */
    StatusApplier(
            String namespace,
            StatusWriter writer,
            StatusPlanner planner,
            Function<String, Application> readFresh,
            OperationRunner operations,
            BiFunction<Application, StatusUpdate, StatusAfterOperation> statusAfter) {
        this.namespace = namespace;
        this.writer = writer;
        this.planner = planner;
        this.readFresh = readFresh;
        this.operations = operations;
        this.statusAfter = statusAfter;
    }

    /** Writes {@code update}; the answer says when to look at the app again, if the write asks for it. */
    Optional<Duration> apply(StatusUpdate update) {
        String name = AppKey.of(update.basis(), namespace);
        Fence.check(name); // a replica that lost the app while deciding writes nothing of it
        StatusUpdate current = update;
        for (int attempt = 1; ; attempt++) {
            Application app = current.basis();
            if (!current.startsOperation()) {
                try {
                    writer.write(app, current.status(), current.clearRefresh());
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 409) {
                        throw e;
                    }
                    return Optional.of(Reconciler.OPERATION_POLL); // changed since it was read: look again
                }
                return current.askAgainIn();
            }
            Application started;
            try {
                started = writer.writeWithOperation(app, current.status(), current.clearRefresh(), current.operation());
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                Application fresh = attempt < 2 ? readFresh.apply(name) : null;
                if (fresh == null) {
                    return Optional.of(Reconciler.OPERATION_POLL); // changing under us: look again in a moment
                }
                current = planner.replan(current, fresh);
                continue;
            }
            return started == null ? Optional.empty() : advance(name, started, current);
        }
    }

    /** The started operation's first step; asks to be called again while it runs, or when the step failed. */
    private Optional<Duration> advance(String name, Application started, StatusUpdate update) {
        try {
            return operations.process(started, statusAfter.apply(started, update))
                    ? Optional.of(Reconciler.OPERATION_POLL)
                    : Optional.empty();
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted() || e instanceof Fence.Lost) {
                throw e; // stopping, or fenced: nothing more of this reconcile is written
            }
            LOG.warnf(
                    "Application %s: the operation could not advance: %s",
                    name, Redactor.redact(String.valueOf(e.getMessage())));
            return Optional.of(Reconciler.OPERATION_POLL);
        }
    }
}
