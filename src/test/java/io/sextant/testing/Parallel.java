package io.sextant.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/** A client sending requests as fast as it can: a task for each of 0..n-1, 16 at a time. */
public final class Parallel {

    private Parallel() {}

    /** Runs {@code task} for 0..n-1 on 16 threads; returns when all are done, throws the first failure. */
    public static void run(int n, IntConsumer task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> task.accept(index)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }
}
