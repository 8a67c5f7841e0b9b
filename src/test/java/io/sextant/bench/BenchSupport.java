package io.sextant.bench;

import io.sextant.controller.ApplicationController;
import io.sextant.controller.Comparison;
import java.time.Duration;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/** What the benchmarks share: parallel API calls, and cheap waits on the in-process controller. */
final class BenchSupport {

    private BenchSupport() {}

    /** Runs {@code task} for 0..n-1 on 16 threads (a client creating apps as fast as it can). */
    static void parallel(int n, IntConsumer task) throws Exception {
        io.sextant.testing.Parallel.run(n, task);
    }

    /**
     * Waits until the controller's latest comparison of every app {@code name(0..n-1)} satisfies
     * {@code done}. Reads the controller's memory, not the API, so the wait costs next to no CPU.
     */
    static void awaitAll(
            ApplicationController controller,
            int n,
            IntFunction<String> name,
            Predicate<Comparison> done,
            Duration within)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        int from = 0;
        while (System.nanoTime() < deadline) {
            while (from < n
                    && controller
                            .comparisons()
                            .get(name.apply(from))
                            .filter(done)
                            .isPresent()) {
                from++;
            }
            if (from == n) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("only " + from + " of " + n + " apps were done within " + within);
    }
}
