package io.sextant.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RefreshQueueTest {

    /**
     * {@code idle()} is what tests and the benchmarks wait on: it must never say idle while an enqueued name
     * has not been processed since. Many rounds of enqueue-then-wait over a few names on four workers (the
     * controller's count), some names enqueued again while they run.
     */
    @Test
    void idleIsNeverSeenBeforeEveryEnqueuedNameWasProcessedAfterItsEnqueue() throws Exception {
        Map<String, AtomicInteger> starts = new ConcurrentHashMap<>();
        AtomicInteger calls = new AtomicInteger();
        try (RefreshQueue queue = new RefreshQueue(4, name -> {
            starts.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
            if (calls.incrementAndGet() % 7 == 0) {
                Thread.onSpinWait();
            }
        })) {
            for (int round = 0; round < 5_000; round++) {
                String name = "app-" + (round % 3);
                String other = "app-" + ((round + 1) % 3);
                int before =
                        starts.computeIfAbsent(name, n -> new AtomicInteger()).get();
                int otherBefore =
                        starts.computeIfAbsent(other, n -> new AtomicInteger()).get();
                queue.enqueue(name);
                queue.enqueue(other);
                queue.enqueue(name); // while queued or running: at most one more run
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (!queue.idle()) {
                    assertThat(System.nanoTime()).as("idle within 5 s").isLessThan(deadline);
                    Thread.onSpinWait();
                }
                assertThat(starts.get(name).get())
                        .as("round %d: %s processed after it was enqueued", round, name)
                        .isGreaterThan(before);
                assertThat(starts.get(other).get())
                        .as("round %d: %s processed after it was enqueued", round, other)
                        .isGreaterThan(otherBefore);
            }
        }
    }
}
