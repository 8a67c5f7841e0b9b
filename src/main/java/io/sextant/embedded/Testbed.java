package io.sextant.embedded;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Drives the testbed script ({@code testbed/testbed}): a real Kubernetes control plane on
 * loopback. {@link #up()} starts it or reuses a healthy one and returns its kubeconfig.
 *
 * <p>Thread-safety: instances are immutable; concurrent {@code up} calls are serialised by the
 * script's own reuse check only, so callers start it from one thread.
 */
public final class Testbed {

    private static final long TIMEOUT_MINUTES = 80; // a first build from nothing takes long

    private final Path script;
    private final Map<String, String> env;
    private final Consumer<String> output;

    public Testbed(Path script, Map<String, String> env, Consumer<String> output) {
        this.script = script.toAbsolutePath().normalize();
        this.env = Map.copyOf(env);
        this.output = output;
    }

    /** The testbed of a project checkout, with the script's default settings. */
    public static Testbed of(Path projectRoot, Consumer<String> output) {
        return new Testbed(projectRoot.resolve("testbed/testbed"), Map.of(), output);
    }

    /** Starts the testbed (or finds it running) and returns the path of its kubeconfig. */
    public Path up() {
        run("up");
        return kubeconfig();
    }

    /** Stops the testbed and removes its state. */
    public void down() {
        run("down");
    }

    /** The kubeconfig of a testbed that is up, read from {@code testbed env}. */
    public Path kubeconfig() {
        for (String line : run("env")) {
            if (line.startsWith("export KUBECONFIG=")) {
                return Path.of(line.substring("export KUBECONFIG=".length()).trim());
            }
        }
        throw new TestbedException("testbed env printed no KUBECONFIG line");
    }

    /** The directory holding kubectl and kustomize, read from {@code testbed env}. */
    public Path binDir() {
        for (String line : run("env")) {
            if (line.startsWith("export PATH=")) {
                String value = line.substring("export PATH=".length());
                return Path.of(value.substring(0, value.indexOf(':')));
            }
        }
        throw new TestbedException("testbed env printed no PATH line");
    }

    /**
     * Runs one script command. Standard output is returned; standard error goes to the output
     * consumer as it comes and, on failure, into the exception so the caller sees the cause.
     */
    public List<String> run(String command, String... arguments) {
        if (!Files.isExecutable(script)) {
            throw new TestbedException("the testbed script " + script + " is missing or not executable");
        }
        List<String> commandLine = new ArrayList<>(List.of("bash", script.toString(), command));
        commandLine.addAll(List.of(arguments));
        ProcessBuilder pb = new ProcessBuilder(commandLine);
        Map<String, String> environment = new HashMap<>(pb.environment());
        environment.putAll(env);
        pb.environment().clear();
        pb.environment().putAll(environment);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        try {
            Process p = pb.start();
            List<String> err = new ArrayList<>();
            Thread errReader = new Thread(() -> drain(p, err), "testbed-stderr");
            errReader.setDaemon(true);
            errReader.start();
            List<String> out = new ArrayList<>();
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    out.add(line);
                }
            }
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new TestbedException(
                        "testbed " + command + " did not finish within " + TIMEOUT_MINUTES + " minutes");
            }
            errReader.join(5_000);
            if (p.exitValue() != 0) {
                String message;
                synchronized (err) {
                    message = String.join("\n", err);
                }
                throw new TestbedException("testbed " + command + " failed (exit " + p.exitValue() + "):\n" + message);
            }
            return out;
        } catch (IOException e) {
            throw new TestbedException("could not run " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestbedException("interrupted while running testbed " + command, e);
        }
    }

    private void drain(Process p, List<String> err) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (err) {
                    err.add(line);
                }
                output.accept(line);
            }
        } catch (IOException ignored) {
            // the process ended; what was read is kept
        }
    }
}
