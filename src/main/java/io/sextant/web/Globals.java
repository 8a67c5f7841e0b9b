package io.sextant.web;

import io.quarkus.arc.Arc;
import io.quarkus.qute.TemplateGlobal;
import io.sextant.service.ApplicationStore;
import java.time.temporal.ChronoUnit;

/** Values every template may use. */
@TemplateGlobal
final class Globals {

    /** What the diff normalised away, named under every diff. */
    static final String normalisation = DiffView.NORMALISATION;

    /**
     * What every page says while this process's watch of Applications is down, or null: the page then
     * shows the last state it knows, which must not pass for the current one.
     */
    static String apiServerDown() {
        var store = Arc.container().instance(ApplicationStore.class);
        if (!store.isAvailable()) {
            return null;
        }
        return store.get()
                .watchDownSince()
                .map(since -> "Sextant cannot reach its Kubernetes API server (since "
                        + since.truncatedTo(ChronoUnit.SECONDS)
                        + "): what this page shows is the last state it knew and may be stale.")
                .orElse(null);
    }

    private Globals() {}
}
