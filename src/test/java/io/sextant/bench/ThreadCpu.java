package io.sextant.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU of this JVM's threads by kind, read from /proc/self/task: where a phase's JVM CPU went (the
 * garbage collector, the JIT, the HTTP event loops, the controller's workers), which a sampling profiler
 * of Java frames does not show. A thread's kind is its name with digits and trailing separators removed
 * ("GC Thread#1" → "GC Thread"), so pools sum. Threads that end inside a phase drop out of it.
 */
final class ThreadCpu {

    private final Map<Long, Double> byThread;
    private final Map<Long, String> kinds;

    private ThreadCpu(Map<Long, Double> byThread, Map<Long, String> kinds) {
        this.byThread = byThread;
        this.kinds = kinds;
    }

    static ThreadCpu now() {
        Map<Long, Double> cpu = new HashMap<>();
        Map<Long, String> kinds = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String[] f = stat.substring(close + 2).split(" ");
                    long tid = Long.parseLong(task.getFileName().toString());
                    cpu.put(tid, (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0);
                    kinds.put(
                            tid,
                            stat.substring(open + 1, close)
                                    .replaceAll("[0-9]+", "")
                                    .replaceAll("[#\\-_ ]+$", ""));
                } catch (IOException | RuntimeException e) {
                    // the thread ended while listing
                }
            }
        } catch (IOException e) {
            // no /proc: an empty breakdown
        }
        return new ThreadCpu(cpu, kinds);
    }

    /** Seconds spent since {@code before}, by kind, largest first, kinds under 0.05 s left out. */
    String since(ThreadCpu before) {
        Map<String, Double> byKind = new HashMap<>();
        byThread.forEach(
                (tid, s) -> byKind.merge(kinds.get(tid), s - before.byThread.getOrDefault(tid, 0.0), Double::sum));
        return byKind.entrySet().stream()
                .filter(e -> e.getValue() >= 0.05)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(e -> String.format(Locale.ROOT, "%s=%.2f", e.getKey().replace(' ', '_'), e.getValue()))
                .collect(Collectors.joining(","));
    }
}
