package io.sextant.testing;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A time a test measures and prints, bounded only in a benchmark run ({@code -Dbench.bounds=true}, as
 * {@code bench/api} passes). On a shared CI machine a latency bound in a test fails with the machine's load,
 * not with the code; the test checks order and outcome, the benchmark holds the number.
 */
public final class TimeBound {

    private TimeBound() {}

    /** Prints {@code BENCH <what> <millis>ms} and, in a benchmark run, asserts it is below {@code limitMillis}. */
    public static void check(String what, long millis, long limitMillis) {
        System.out.printf("BENCH %s %dms (bound %dms)%n", what, millis, limitMillis);
        if (Boolean.getBoolean("bench.bounds")) {
            assertThat(millis).as(what).isLessThan(limitMillis);
        }
    }
}
