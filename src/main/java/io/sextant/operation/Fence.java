package io.sextant.operation;

import java.util.function.BooleanSupplier;

/**
 * The check a sync makes before each of its writes to a cluster: does this controller replica still own
 * the Application it works on? The controller sets it for the reconcile running on the current thread
 * ({@link #runHolding}); a sync run checks it before every task it starts and before SyncFail hooks, so a
 * replica that was stalled (a stopped process, a long GC) while another replica took the Application over
 * writes nothing more when it wakes. Without a fence set (a single controller) every check passes.
 * Thread-confined: the check is read on the reconcile thread, never on the write pool.
 */
public final class Fence {

    private static final ThreadLocal<BooleanSupplier> CURRENT = new ThreadLocal<>();

    private Fence() {}

    /** Runs {@code work} with {@code holds} as the fence of every sync it runs on this thread. */
    public static void runHolding(BooleanSupplier holds, Runnable work) {
        BooleanSupplier before = CURRENT.get();
        CURRENT.set(holds);
        try {
            work.run();
        } finally {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        }
    }

    /** Throws {@link Lost} when this thread's fence no longer holds. */
    public static void check(String app) {
        BooleanSupplier holds = CURRENT.get();
        if (holds != null && !holds.getAsBoolean()) {
            throw new Lost(app);
        }
    }

    /** This replica lost the Application during a sync step: nothing more is written for it here. */
    public static final class Lost extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        Lost(String app) {
            super("this controller replica no longer owns Application " + app
                    + " (its Lease lapsed or the Application moved): the step stops before its next write, and the"
                    + " owner resumes the operation");
        }
    }
}
