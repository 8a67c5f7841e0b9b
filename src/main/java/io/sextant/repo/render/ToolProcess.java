package io.sextant.repo.render;

import io.sextant.repo.RepoException;
import io.sextant.repo.RepoException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs one tool the safe way: an argument list (never a shell, so no argument is ever interpreted), a
 * working directory inside the {@link Workspace}, a small environment of its own (HOME in the workspace,
 * no credentials or proxy settings of the controller), standard input closed, output bounded (the
 * process is killed past {@code maxOutputBytes}), time bounded (the whole process tree is killed at
 * the timeout) and memory bounded ({@code prlimit --as}, {@link RenderTools#maxMemoryBytes()}: a tool
 * that asks for more dies alone, never the controller). At most {@link #CONCURRENT} tools run at once;
 * a render waits for a slot within its time bound. Thread-safe.
 */
final class ToolProcess {

    /** Standard error kept for the message: enough for any tool error, not a flood. */
    static final int MAX_ERROR_BYTES = 16 * 1024;

    /** Tool processes running at once: each may take a core and its memory bound. */
    static final int CONCURRENT = Math.max(2, Runtime.getRuntime().availableProcessors());

    private static final Semaphore SLOTS = new Semaphore(CONCURRENT, true);
    /** Where prlimit (util-linux) is, if anywhere. */
    private static final Path PRLIMIT = Stream.of("/usr/bin/prlimit", "/bin/prlimit", "/usr/local/bin/prlimit")
            .map(Path::of)
            .filter(Files::isExecutable)
            .findFirst()
            .orElse(null);

    private ToolProcess() {}

    /** The command as run: under prlimit's address-space bound when one is set. */
    static List<String> bounded(List<String> command, RenderTools tools) {
        if (tools.maxMemoryBytes() <= 0) {
            return command;
        }
        if (PRLIMIT == null) {
            throw new RepoException(
                    Reason.UNSUPPORTED,
                    "tools run with a memory bound (sextant.render.tool-memory), "
                            + "which needs prlimit: install util-linux, or set sextant.render.tool-memory=0");
        }
        List<String> out = new ArrayList<>(List.of(PRLIMIT.toString(), "--as=" + tools.maxMemoryBytes(), "--"));
        out.addAll(command);
        return out;
    }

    /**
     * @return the tool's standard output
     * @throws RepoException INVALID_MANIFEST with the tool's (scrubbed) message when it fails;
     *                       LIMIT_EXCEEDED when it runs out of time or prints too much
     */
    static byte[] run(
            String tool, List<String> command, Path workDir, Map<String, String> env, Workspace ws, RenderTools tools) {
        try {
            if (!SLOTS.tryAcquire(tools.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new RepoException(
                        Reason.LIMIT_EXCEEDED,
                        tool + " waited " + seconds(tools.timeout()) + " for one of the " + CONCURRENT
                                + " tool slots; too many renders at once");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RepoException(Reason.TRANSPORT, tool + " was interrupted");
        }
        try {
            return runNow(tool, command, workDir, env, ws, tools);
        } finally {
            SLOTS.release();
        }
    }

    private static byte[] runNow(
            String tool, List<String> command, Path workDir, Map<String, String> env, Workspace ws, RenderTools tools) {
        ProcessBuilder pb = new ProcessBuilder(bounded(command, tools)).directory(workDir.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
        pb.environment().put("HOME", ws.root().toString());
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new RepoException(Reason.UNSUPPORTED, "cannot run " + tool + ": " + ws.scrub(e.getMessage()));
        }
        Drain out = new Drain(process.getInputStream(), tools.maxOutputBytes(), process);
        Drain err = new Drain(process.getErrorStream(), MAX_ERROR_BYTES, null);
        Thread outThread = daemon(out, tool + "-stdout");
        Thread errThread = daemon(err, tool + "-stderr");
        Duration timeout = tools.timeout();
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                killTree(process);
            }
            outThread.join(5_000);
            errThread.join(5_000);
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            throw new RepoException(Reason.TRANSPORT, tool + " was interrupted");
        }
        if (!finished) {
            throw new RepoException(
                    Reason.LIMIT_EXCEEDED, tool + " did not finish within " + seconds(timeout) + " and was stopped");
        }
        if (out.overflow) {
            killTree(process);
            throw new RepoException(
                    Reason.LIMIT_EXCEEDED,
                    tool + " printed more than " + tools.maxOutputBytes() + " bytes of manifests and was stopped");
        }
        if (process.exitValue() != 0) {
            String message = ws.scrub(new String(err.bytes(), StandardCharsets.UTF_8).strip());
            if (message.startsWith("fatal error: out of memory")
                    || message.startsWith("fatal error: failed to reserve")
                    || message.contains("runtime: out of memory")) {
                throw new RepoException(
                        Reason.LIMIT_EXCEEDED,
                        tool + " ran out of its memory bound of " + tools.maxMemoryBytes() / (1024 * 1024)
                                + " MiB (sextant.render.tool-memory) and was stopped");
            }
            throw new RepoException(
                    Reason.INVALID_MANIFEST,
                    tool + " failed (exit code " + process.exitValue() + ")"
                            + (message.isEmpty() ? "" : ": " + message));
        }
        return out.bytes();
    }

    /** Kills the process and every descendant (a tool's plugins and helpers too). */
    static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** Reads a stream into memory up to a bound; past it, kills the process (if given) and discards. */
    private static final class Drain implements Runnable {
        private final InputStream in;
        private final long max;
        private final Process killOnOverflow;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        volatile boolean overflow;

        Drain(InputStream in, long max, Process killOnOverflow) {
            this.in = in;
            this.max = max;
            this.killOnOverflow = killOnOverflow;
        }

        @Override
        public void run() {
            byte[] chunk = new byte[64 * 1024];
            try (in) {
                int n;
                while ((n = in.read(chunk)) >= 0) {
                    if (overflow) {
                        continue;
                    }
                    if (buffer.size() + (long) n > max) {
                        overflow = true;
                        if (killOnOverflow != null) {
                            killTree(killOnOverflow);
                        }
                        continue;
                    }
                    buffer.write(chunk, 0, n);
                }
            } catch (IOException e) {
                // the process was killed or closed its stream: what was read stands
            }
        }

        synchronized byte[] bytes() {
            return buffer.toByteArray();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, "sextant-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
