package io.sextant.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Tests against kubercoins.git served by a fresh git server, with a git CLI of their own home. */
abstract class ServedKubercoins {

    @TempDir
    Path tmp;

    GitHttpServer server;
    FixtureRepository kubercoins;
    GitCli git;

    @BeforeEach
    void start() throws IOException {
        server = GitHttpServer.start(tmp.resolve("repos"), 0);
        kubercoins = FixtureRepository.create(server);
        git = new GitCli(Files.createDirectories(tmp.resolve("home")));
    }

    @AfterEach
    void stop() {
        kubercoins.close();
        server.close();
    }
}
