package io.sextant.embedded;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code git} command-line client, as a person would run it, but never asking anything: no
 * terminal prompts, no credential helpers, no system or user config (HOME is a test directory), no proxy.
 */
final class GitCli {

    record Result(int exit, String out, String err) {
        Result ok() {
            if (exit != 0) {
                throw new AssertionError("git failed (" + exit + "): " + err + out);
            }
            return this;
        }

        List<String> lines() {
            return out.lines().toList();
        }
    }

    private final Path home;

    GitCli(Path home) {
        this.home = home;
    }

    Result run(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-c", "credential.helper=", "-c", "core.askPass="));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> env = builder.environment();
        env.keySet()
                .removeIf(key ->
                        key.toLowerCase().endsWith("_proxy") || key.startsWith("GIT_") || key.endsWith("ASKPASS"));
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("GIT_AUTHOR_NAME", "Test Person");
        env.put("GIT_AUTHOR_EMAIL", "person@example.invalid");
        env.put("GIT_COMMITTER_NAME", "Test Person");
        env.put("GIT_COMMITTER_EMAIL", "person@example.invalid");
        env.put("LC_ALL", "C");
        try {
            Path out = Files.createTempFile(home, "git-out", ".txt");
            Path err = Files.createTempFile(home, "git-err", ".txt");
            builder.redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Process process = builder.start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("git " + String.join(" ", args) + " did not finish in 120 s");
            }
            Result result = new Result(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** {@code http://user:password@127.0.0.1:port/...}: credentials in the URL, as the workshop's users do. */
    static String withCredentials(String url, String user, String password) {
        return url.replace("http://", "http://" + user + ":" + password + "@");
    }
}
