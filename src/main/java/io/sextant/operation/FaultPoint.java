package io.sextant.operation;

import java.util.Locale;

/**
 * The named points in a sync at which fault tests stop the controller (see {@link FaultPoints}): each one a
 * moment where something was done to the cluster and not yet recorded in the Application, the windows a
 * controller that takes over must close without running anything twice.
 */
public enum FaultPoint {
    /** A hook was created; its result is not recorded yet. */
    HOOK_CREATED,
    /** A step ended healthy and the next one (the next wave) starts now. */
    BETWEEN_WAVES,
    /** A step's objects were applied; their results are not recorded yet. */
    AFTER_APPLY,
    /** A step's prunes were sent; their results are not recorded yet. */
    DURING_PRUNE,
    /** A notification was recorded as due on the Application; it is not delivered yet. */
    NOTIFICATION_RECORDED;

    /** The name used in {@code sextant.testing.fault-points}: {@code hook-created}, {@code between-waves}, ... */
    public String settingName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
