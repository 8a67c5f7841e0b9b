package io.sextant.controller;

import io.sextant.model.Application;
import java.util.function.Supplier;

/**
 * Turns a comparison into the write it calls for: the status fields, and the automated sync due (see
 * {@link AutoSync}). Pure: reads nothing and writes nothing, so what a reconcile would write is tested
 * without a cluster ({@code StatusPlannerTest}).
 */
public final class StatusPlanner {

    private final StatusBuilder statusBuilder;
    private final AutoSync autoSync;

    public StatusPlanner(StatusBuilder statusBuilder, AutoSync autoSync) {
        this.statusBuilder = statusBuilder;
        this.autoSync = autoSync;
    }

    /** The write for {@code app} showing {@code comparison}, with the automated sync it calls for. */
    public StatusUpdate plan(
            Application app, Comparison comparison, boolean clearRefresh, Supplier<Rendered> rendered) {
        AutoSync.Decision decision = autoSync.decide(app, comparison);
        return new StatusUpdate(
                app,
                comparison,
                statusBuilder.build(app, comparison),
                clearRefresh,
                decision.operation(),
                decision.askAgainIn(),
                rendered);
    }

    /**
     * The same write taken again on {@code fresh} (the Application changed since the first was decided):
     * the status stays, the automated sync is decided again (it may no longer be due), and the refresh
     * annotation is left alone (a refresh asked for since must be served by the next reconcile).
     */
    public StatusUpdate replan(StatusUpdate first, Application fresh) {
        AutoSync.Decision decision = autoSync.decide(fresh, first.comparison());
        return new StatusUpdate(
                fresh,
                first.comparison(),
                first.status(),
                false,
                decision.operation(),
                decision.askAgainIn(),
                first.rendered());
    }
}
