package io.sextant.embedded;

import io.sextant.config.SextantConfig;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The demo git repository of the embedded default: the workshop's kubercoins branches, built
 * afresh in a temporary directory at each start and served anonymously (clone and push) on
 * 127.0.0.1:{@code sextant.embedded.git-port}. Removed when the application stops.
 */
@Singleton
public class DemoGitServer {

    private static final Logger LOG = Logger.getLogger(DemoGitServer.class);

    private final SextantConfig config;
    private GitHttpServer server;
    private FixtureRepository repository;
    private Path root;

    public DemoGitServer(SextantConfig config) {
        this.config = config;
    }

    /** Starts the server and builds kubercoins.git; returns the repository URL. Idempotent. */
    public synchronized String start() {
        if (server == null) {
            try {
                root = Files.createTempDirectory("sextant-demo-git");
                server = GitHttpServer.start(root, config.embedded().gitPort());
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "The demo git server cannot listen on 127.0.0.1:"
                                + config.embedded().gitPort() + " (" + e.getMessage()
                                + "); free that port or set sextant.embedded.git-port",
                        e);
            }
            repository = FixtureRepository.create(server);
            LOG.infof("Demo git repository with branches %s: %s", FixtureRepository.BRANCHES, repository.url());
        }
        return server.url(FixtureRepository.NAME);
    }

    @PreDestroy
    synchronized void stop() {
        if (server != null) {
            repository.close();
            server.close();
            server = null;
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                LOG.debugf("Leaving %s behind: %s", root, e.getMessage());
            }
        }
    }
}
