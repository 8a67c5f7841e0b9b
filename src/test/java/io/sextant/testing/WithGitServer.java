package io.sextant.testing;

import io.sextant.embedded.GitHttpServer;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A real git smart-HTTP server for the test class (started before its own {@code @BeforeAll}
 * methods, closed after the class): the repositories the tests point Applications at.
 */
public abstract class WithGitServer {

    protected static GitHttpServer git;

    @BeforeAll
    protected static void startGitServer() throws IOException {
        git = GitHttpServer.start(Files.createTempDirectory("sextant-test-git"), 0);
    }

    @AfterAll
    protected static void stopGitServer() {
        if (git != null) {
            git.close();
            git = null;
        }
    }
}
