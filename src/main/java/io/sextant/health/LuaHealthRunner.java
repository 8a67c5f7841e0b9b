package io.sextant.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.compiler.LuaC;

/**
 * Runs health scripts in the {@link LuaSandbox}, bounded in time and memory, and turns what they
 * return into a {@link Health}. Never throws: every failure is an Unknown health whose message says
 * what went wrong, as Argo CD reports a failing custom check.
 *
 * <h2>Contract of a script (Argo CD's)</h2>
 * The global {@code obj} is the resource as a table; the chunk returns a table with {@code status}
 * (one of the six health codes) and optionally {@code message}. A status outside the six is Unknown
 * "Lua returned an invalid health status"; nil or an empty table is no health (null: the built-in rule
 * decides, as gitops-engine falls back); anything else but a table is Unknown "expect table output from
 * Lua script, not &lt;type&gt;"; a Lua error is Unknown with the error; running past the time limit is
 * Unknown "health check script timed out". Messages longer than {@value #MAX_MESSAGE_CHARS}
 * characters are cut.
 *
 * <h2>Bounds</h2>
 * Each run gets fresh globals, a {@link LuaWatchdog} (time, allocation, call depth) and its own
 * worker thread, so the caller waits at most about twice the time limit even if a script hangs inside
 * a library function the watchdog cannot see (a pathological {@code string.find} pattern). Such a
 * runaway worker is stopped where the JVM still allows it (Java up to 19) and otherwise abandoned and
 * counted; after {@value #MAX_RUNAWAYS} abandoned workers every script is refused with Unknown, so a
 * bad script cannot take every core. At most {@code workers} scripts run at once; a caller waits for
 * a free worker up to {@value #QUEUE_WAIT_MILLIS} ms.
 *
 * <h2>Threading</h2>
 * Thread-safe. Compiled scripts are cached by text (a settings reload that keeps a script keeps its
 * compiled form). {@link #close()} stops the workers.
 */
public final class LuaHealthRunner implements AutoCloseable {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(100);
    public static final long DEFAULT_ALLOCATION_LIMIT = 64L << 20;
    public static final int DEFAULT_WORKERS = 4;
    /** Longer scripts are refused before compiling. */
    public static final int MAX_SCRIPT_CHARS = 256 * 1024;

    static final int MAX_MESSAGE_CHARS = 8192;
    static final int MAX_RUNAWAYS = 4;
    static final long QUEUE_WAIT_MILLIS = 5_000;
    private static final int MAX_CACHED_SCRIPTS = 512;
    /** Touches the libraries scripts use, so that loading their classes is not charged to a script. */
    private static final String WARM_UP = """
            local t = {}
            for i, v in ipairs({"a", "b"}) do table.insert(t, string.upper(v)) end
            for k, v in pairs({x = 1}) do t[#t + 1] = string.format("%s=%d", k, v) end
            local s = table.concat(t, ",") .. os.date("%c", os.time()) .. os.date("!*t", 0).year
            if string.find(s, "A") and s:match("(%a)") and s:gsub("a", "b") then return {status = "Healthy"} end
            return {status = "Healthy", message = tostring(math.floor(1.5))}
            """;

    static final String TIMED_OUT = "health check script timed out";
    static final String INVALID_STATUS = "Lua returned an invalid health status";

    private final long timeoutNanos;
    private final long allocationLimit;
    private final Semaphore permits;
    private final ExecutorService workers;
    private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();
    private final AtomicInteger runaways = new AtomicInteger();

    private record Compiled(Prototype prototype, String error) {}

    public LuaHealthRunner() {
        this(DEFAULT_TIMEOUT, DEFAULT_ALLOCATION_LIMIT, DEFAULT_WORKERS);
    }

    public LuaHealthRunner(Duration timeout, long allocationLimit, int workers) {
        if (timeout.isNegative() || timeout.isZero() || allocationLimit <= 0 || workers <= 0) {
            throw new IllegalArgumentException("timeout, allocation limit and workers must be positive");
        }
        this.timeoutNanos = timeout.toNanos();
        this.allocationLimit = allocationLimit;
        this.permits = new Semaphore(workers);
        this.workers = Executors.newCachedThreadPool(new WorkerThreads());
        // Load LuaJ's classes now, so the first real script is not charged for class loading.
        run("warm-up", WARM_UP, new ObjectMapper().createObjectNode());
    }

    /**
     * Runs {@code script} on {@code obj}.
     *
     * @param name names the script in error messages ("cert-manager.io/Certificate:3 attempt to ...")
     * @return the health, or null when the script returned none (nil, or an empty table)
     */
    public Health run(String name, String script, ObjectNode obj) {
        if (script.length() > MAX_SCRIPT_CHARS) {
            return Health.unknown("health check script too large (" + script.length() + " characters, limit "
                    + MAX_SCRIPT_CHARS + ")");
        }
        if (runaways.get() >= MAX_RUNAWAYS) {
            return Health.unknown("health check scripts disabled: " + runaways.get()
                    + " scripts ran away and could not be stopped; fix the scripts and restart");
        }
        try {
            if (!permits.tryAcquire(QUEUE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                return Health.unknown("health check script not run: all script workers are busy");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.unknown("health check script not run: interrupted");
        }
        try {
            return runOnWorker(name, script, obj);
        } finally {
            permits.release();
        }
    }

    /** Scripts whose workers could not be stopped. */
    public int runaways() {
        return runaways.get();
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }

    private Health runOnWorker(String name, String script, ObjectNode obj) {
        AtomicReference<LuaWatchdog> watchdog = new AtomicReference<>();
        AtomicReference<Thread> worker = new AtomicReference<>();
        Future<Health> result;
        try {
            result = workers.submit(() -> {
                worker.set(Thread.currentThread());
                try {
                    return execute(name, script, obj, watchdog);
                } finally {
                    worker.set(null);
                }
            });
        } catch (RejectedExecutionException e) {
            return Health.unknown("health check script not run: runner closed");
        }
        // The watchdog stops the script on time; this wait only matters when it cannot (native code).
        long hardWait = 2 * timeoutNanos + TimeUnit.MILLISECONDS.toNanos(500);
        try {
            return result.get(hardWait, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            LuaWatchdog w = watchdog.get();
            if (w != null) {
                w.cancel();
            }
            result.cancel(true);
            stopIfStillRunning(worker);
            return Health.unknown(TIMED_OUT);
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            return Health.unknown("health check script not run: interrupted");
        } catch (ExecutionException e) {
            return Health.unknown("health check script failed: " + e.getCause());
        }
    }

    private Health execute(String name, String script, ObjectNode obj, AtomicReference<LuaWatchdog> watchdog) {
        try {
            Compiled c = compile(name, script);
            if (c.error() != null) {
                return Health.unknown(c.error());
            }
            var globals = LuaSandbox.globals();
            globals.set("obj", LuaValues.toLua(obj));
            LuaClosure chunk = new LuaClosure(c.prototype(), globals);
            // The budget starts now: compiling and converting the object are not the script's work.
            LuaWatchdog w = new LuaWatchdog(timeoutNanos, allocationLimit);
            globals.debuglib = w;
            watchdog.set(w);
            return LuaResult.toHealth(chunk.invoke(LuaValue.NONE).arg1());
        } catch (LuaWatchdog.Aborted e) {
            return Health.unknown(e.getMessage());
        } catch (LuaError e) {
            return Health.unknown(LuaResult.errorMessage(e));
        } catch (StackOverflowError e) {
            return Health.unknown("health check script overflowed the stack");
        } catch (OutOfMemoryError e) {
            return Health.unknown("health check script ran out of memory");
        } catch (RuntimeException e) {
            return Health.unknown("health check script failed: " + e.getMessage());
        }
    }

    private Compiled compile(String name, String script) {
        String key = name + '\0' + script;
        Compiled c = compiled.get(key);
        if (c != null) {
            return c;
        }
        if (compiled.size() >= MAX_CACHED_SCRIPTS) {
            compiled.clear(); // scripts come from settings: a full cache means churn, start over
        }
        try {
            c = new Compiled(
                    LuaC.instance.compile(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)), name),
                    null);
        } catch (LuaError e) {
            c = new Compiled(null, "health check script does not compile: " + LuaResult.errorMessage(e));
        } catch (Exception | StackOverflowError e) {
            c = new Compiled(null, "health check script does not compile: " + e.getMessage());
        }
        compiled.put(key, c);
        return c;
    }

    /**
     * Last resort for a worker stuck where the watchdog cannot look: Thread.stop where the JVM still
     * has it (it only touches this run's own objects), else abandon and count it.
     */
    private void stopIfStillRunning(AtomicReference<Thread> worker) {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Thread t = worker.get();
        if (t == null) {
            return;
        }
        try {
            Thread.class.getMethod("stop").invoke(t);
            for (int i = 0; i < 20 && worker.get() == t; i++) {
                Thread.sleep(10);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Java 20+: stop() is gone; fall through and count the worker as lost.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (worker.get() == t) {
            runaways.incrementAndGet();
        }
    }

    private static final class WorkerThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            // A roomy stack: LuaJ uses several Java frames per Lua call; the watchdog caps depth anyway.
            Thread t = new Thread(null, r, "sextant-lua-health-" + count.incrementAndGet(), 4L << 20);
            t.setDaemon(true);
            return t;
        }
    }
}
