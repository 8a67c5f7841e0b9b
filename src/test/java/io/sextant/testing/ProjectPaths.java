package io.sextant.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the project checkout is: Maven passes it as {@code project.root}. */
public final class ProjectPaths {

    private ProjectPaths() {}

    public static Path root() {
        String configured = System.getProperty("project.root");
        Path root = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        if (!Files.isDirectory(root.resolve("testbed"))) {
            throw new IllegalStateException("No testbed/ under " + root + ": run the tests from the project root");
        }
        return root;
    }

    /** Maven's build directory ({@code build.dir}, as failsafe passes it; {@code target} by default). */
    public static Path buildDir() {
        return root().resolve(System.getProperty("build.dir", "target"));
    }
}
