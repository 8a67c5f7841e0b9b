package io.sextant.repo.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.embedded.FixtureRepository;
import io.sextant.embedded.GitHttpServer;
import io.sextant.model.ApplicationSource;
import io.sextant.repo.RepoException;
import io.sextant.repo.RepoException.Reason;
import io.sextant.repo.TreeCommit;
import io.sextant.repo.git.RepoCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The kubercoins repository and hostile test repositories served by the real git server, fetched into a
 * clone cache, for the tool renderers' tests (no Quarkus). One per test.
 */
final class RenderFixture implements AutoCloseable {

    final GitHttpServer server;
    final FixtureRepository kubercoins;
    final RepoCache cache;
    private int repos;

    RenderFixture(Path tmp) throws IOException {
        server = GitHttpServer.start(tmp.resolve("served"), 0);
        kubercoins = FixtureRepository.create(server);
        cache = new RepoCache(tmp.resolve("cache"));
    }

    static ApplicationSource source(String path, String revision) {
        ApplicationSource source = new ApplicationSource();
        source.setPath(path);
        source.setTargetRevision(revision);
        return source;
    }

    /** Commits {@code tree} to a new repository's branch "main". @return its URL */
    String repo(TreeCommit tree) {
        String name = "repo" + (++repos);
        tree.commitTo(server.addAnonymous(name), "main");
        return server.url(name);
    }

    RenderResult render(Renderer renderer, String url, ApplicationSource source, RenderContext ctx) {
        String sha = cache.newRound().resolve(url, source.getTargetRevision(), null);
        return renderer.render(cache.snapshot(url, sha), source, ctx);
    }

    void expectError(Renderer renderer, String url, ApplicationSource source, Reason reason, String... fragments) {
        assertThatThrownBy(() -> render(renderer, url, source, RenderContext.of("app", "ns")))
                .isInstanceOfSatisfying(RepoException.class, e -> {
                    assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
                    for (String fragment : fragments) {
                        assertThat(e.getMessage()).contains(fragment);
                    }
                    assertThat(e.getMessage())
                            .doesNotContain("root:x:0:0")
                            .doesNotContain("sextant-render-")
                            .doesNotContain(System.getProperty("java.io.tmpdir") + "/");
                });
    }

    static List<String> kindNames(RenderResult result) {
        return result.manifests().stream()
                .map(m -> m.get("kind").asText() + "/" + m.at("/metadata/name").asText())
                .toList();
    }

    static ObjectNode find(RenderResult result, String kind, String name) {
        return result.manifests().stream()
                .filter(m -> m.get("kind").asText().equals(kind)
                        && m.at("/metadata/name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(kind + "/" + name + " not in " + kindNames(result)));
    }

    /** No workspace left behind in the temp dir. */
    static long workspaces() {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("sextant-render-"))
                    .count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        cache.close();
        kubercoins.close();
        server.close();
    }
}
