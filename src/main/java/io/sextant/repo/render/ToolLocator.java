package io.sextant.repo.render;

import io.sextant.repo.RepoException;
import io.sextant.repo.RepoException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Finds a tool binary when no path is configured: first on {@code PATH}, then where the testbed builds
 * its tools ({@code $TESTBED_CACHE}, default {@code ~/.cache/sextant/testbed}: {@code <hash>/bin} and
 * {@code tools-<hash>/bin}, newest first). Results are remembered for the process. Thread-safe.
 */
final class ToolLocator {

    private static final ConcurrentHashMap<String, Path> FOUND = new ConcurrentHashMap<>();

    private ToolLocator() {}

    /** @throws RepoException UNSUPPORTED when the tool is nowhere, saying how to provide it */
    static Path find(String tool) {
        Path found = FOUND.get(tool);
        if (found != null) {
            return found;
        }
        for (Path candidate : candidates(tool)) {
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                FOUND.put(tool, candidate);
                return candidate;
            }
        }
        throw new RepoException(
                Reason.UNSUPPORTED,
                "the " + tool + " binary was not found on PATH nor in the "
                        + "testbed's cache; install it, run testbed/testbed build, or set its path (sextant.render."
                        + tool + "-path)");
    }

    private static List<Path> candidates(String tool) {
        List<Path> out = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(":")) {
                if (!dir.isEmpty()) {
                    out.add(Path.of(dir, tool));
                }
            }
        }
        String cache = System.getenv("TESTBED_CACHE");
        Path root = cache != null && !cache.isEmpty()
                ? Path.of(cache)
                : Path.of(System.getProperty("user.home"), ".cache", "sextant", "testbed");
        if (Files.isDirectory(root)) {
            try (Stream<Path> dirs = Files.list(root)) {
                dirs.map(d -> d.resolve("bin").resolve(tool))
                        .filter(Files::isRegularFile)
                        .sorted(Comparator.comparing(ToolLocator::modified).reversed())
                        .forEach(out::add);
            } catch (IOException e) {
                // an unreadable cache is the same as none
            }
        }
        return out;
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
