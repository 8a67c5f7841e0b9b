package io.sextant.health;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.DebugLib;

/**
 * Bounds one script run. LuaJ calls its {@code DebugLib} before every VM instruction and around every
 * call when one is set on the globals; this subclass uses that hook without exposing any {@code debug}
 * table to the script, and keeps none of DebugLib's call-stack bookkeeping.
 *
 * <ul>
 * <li>Time: past the budget of CPU time used by the running thread (wall-clock time where the JVM
 *     cannot measure thread CPU time), when cancelled or when the thread is interrupted, the next
 *     instruction throws
 *     {@link Aborted}, an {@link Error}, which Lua's {@code pcall}/{@code xpcall} do not catch (they
 *     catch {@code LuaError} and {@code Exception}). The abort is sticky: every later instruction
 *     throws again, so an error handler that swallows it cannot keep the script alive.</li>
 * <li>Memory: bytes allocated by the running thread since the start (HotSpot's per-thread counter)
 *     past the limit abort the same way. This counts garbage too, so it is a bound on work as much as
 *     on memory; one instruction can overshoot it by what that instruction allocates (a concatenation
 *     of two strings at most doubles), which the library wrappers in {@link LuaSandbox} keep small.</li>
 * <li>Depth: more than {@value #MAX_DEPTH} nested calls raise a Lua error "stack overflow", which the
 *     script may catch, as in standard Lua.</li>
 * </ul>
 * One instance per run, used by one thread only.
 */
final class LuaWatchdog extends DebugLib {

    static final int MAX_DEPTH = 200;
    private static final ThreadMXBean THREADS = threads();
    private static final boolean CPU_TIME = cpuTimeAvailable();

    /** Why a run was stopped; thrown through the Lua VM, never caught by scripts. */
    static final class Aborted extends Error {
        private static final long serialVersionUID = 1L;
        final boolean timedOut;

        Aborted(boolean timedOut, String message) {
            super(message, null, false, false);
            this.timedOut = timedOut;
        }
    }

    private final long budgetNanos;
    private final long clockStart;
    private final long allocationLimit;
    private final long allocationStart;
    private volatile boolean cancelled;
    private Aborted aborted;
    private int depth;
    private int ticks;

    LuaWatchdog(long budgetNanos, long allocationLimit) {
        this.budgetNanos = budgetNanos;
        this.clockStart = clock();
        this.allocationLimit = allocationLimit;
        this.allocationStart = allocated();
    }

    /** Asks the run to stop at its next instruction (from another thread). */
    void cancel() {
        cancelled = true;
    }

    @Override
    public void onInstruction(int pc, Varargs v, int top) {
        check();
    }

    @Override
    public void onCall(LuaFunction f) {
        enter();
    }

    @Override
    public void onCall(LuaClosure c, Varargs varargs, LuaValue[] stack) {
        enter();
    }

    @Override
    public void onReturn() {
        depth--;
    }

    /** No call stack is kept, so error messages carry file and line but no traceback. */
    @Override
    public String traceback(int level) {
        return "";
    }

    private void enter() {
        check();
        if (depth >= MAX_DEPTH) {
            throw new LuaError("stack overflow");
        }
        depth++;
    }

    private void check() {
        if (aborted != null) {
            throw aborted;
        }
        if (THREADS != null && allocated() - allocationStart > allocationLimit) {
            aborted = new Aborted(false, "health check script exceeded its memory limit");
            throw aborted;
        }
        // The clock and the interrupt flag are cheap but not free: look every 256 instructions.
        if ((++ticks & 0xff) == 0
                && (cancelled
                        || clock() - clockStart > budgetNanos
                        || Thread.currentThread().isInterrupted())) {
            aborted = new Aborted(true, "health check script timed out");
            throw aborted;
        }
    }

    /**
     * CPU time of this thread: a script is charged for its own work only, so a busy machine does not
     * turn a quick script into a timed-out one. The caller's wall-clock wait still bounds it.
     */
    private static long clock() {
        return CPU_TIME ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    private static long allocated() {
        return THREADS == null ? 0 : THREADS.getCurrentThreadAllocatedBytes();
    }

    private static boolean cpuTimeAvailable() {
        try {
            if (THREADS == null || !THREADS.isCurrentThreadCpuTimeSupported()) {
                return false;
            }
            if (!THREADS.isThreadCpuTimeEnabled()) {
                THREADS.setThreadCpuTimeEnabled(true);
            }
            return THREADS.getCurrentThreadCpuTime() >= 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static ThreadMXBean threads() {
        try {
            if (ManagementFactory.getThreadMXBean() instanceof ThreadMXBean t && t.isThreadAllocatedMemorySupported()) {
                if (!t.isThreadAllocatedMemoryEnabled()) {
                    t.setThreadAllocatedMemoryEnabled(true);
                }
                return t;
            }
        } catch (RuntimeException | LinkageError e) {
            // Not HotSpot, or not permitted: fall back to the library caps and the time bound.
        }
        return null;
    }
}
