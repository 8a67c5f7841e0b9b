package io.sextant.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.sextant.repo.git.Credentials;
import io.sextant.repo.git.RepoCache;
import io.sextant.repo.render.HelmRepositoryChart;
import io.sextant.repo.render.RenderLimits;
import io.sextant.repo.render.RenderTools;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Security review L2: the metadata service's addresses and names are never fetched from. */
class OutboundHostsTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://169.254.169.254/latest/meta-data/",
                "https://169.254.1.1:8443/x.git",
                "http://[fe80::1]/repo.git",
                "http://metadata.google.internal/computeMetadata/v1/",
                "http://METADATA.google.internal./x",
                "oci://169.254.169.254/charts",
                "git@169.254.169.254:team/app.git",
                "http://user:pw@169.254.169.254/x.git",
                "http://0.0.0.0/x.git"
            })
    void linkLocalMetadataAndUnspecifiedHostsAreRefused(String url) {
        assertThatThrownBy(() -> OutboundHosts.check(url))
                .isInstanceOf(RepoException.class)
                .hasMessageStartingWith("Sextant does not fetch from host")
                .hasMessageNotContaining("pw");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1:18081/kubercoins.git",
                "https://github.com/argoproj/argocd-example-apps.git",
                "http://10.0.0.5/git/app.git",
                "https://git.internal.example/x",
                "git@github.com:argoproj/x.git",
                "https://no-such-host.invalid/x.git"
            })
    void loopbackPrivateAndPublicHostsAreAllowed(String url) {
        assertThatCode(() -> OutboundHosts.check(url)).doesNotThrowAnyException();
    }

    /**
     * A server on an allowed host that redirects to the metadata address: Git's transport and the Helm index
     * fetch are stopped at the redirect with the same clear error, before any connection there (without the
     * connect-time check they would try to connect and time out).
     */
    @Test
    void aRedirectToTheMetadataAddressIsRefusedAtConnectTime() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger asked = new AtomicInteger();
        server.createContext("/", exchange -> {
            asked.incrementAndGet();
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            exchange.getResponseHeaders()
                    .add("Location", "http://169.254.169.254" + path + (query == null ? "" : "?" + query));
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            long started = System.nanoTime();
            assertThatThrownBy(() -> RepoCache.testConnection(
                            base + "/team/app.git", Credentials.basic("u", "secret-9"), Duration.ofSeconds(20)))
                    .isInstanceOf(RepoException.class)
                    .hasMessageContaining("Sextant does not fetch from host '169.254.169.254'")
                    .hasMessageNotContaining("secret-9");
            try (RepoCache cache = new RepoCache(tmp)) {
                assertThatThrownBy(() -> cache.fetch(base + "/team/app.git", null))
                        .isInstanceOf(RepoException.class)
                        .hasMessageContaining("Sextant does not fetch from host '169.254.169.254'");
            }
            assertThatThrownBy(() -> HelmRepositoryChart.resolve(
                            base + "/charts", "app", "1.0.0", RenderLimits.DEFAULTS, RenderTools.DEFAULTS))
                    .hasMessageContaining("Sextant does not fetch from host '169.254.169.254'");
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("refused, not timed out")
                    .isLessThan(Duration.ofSeconds(10));
            assertThat(asked.get())
                    .as("the allowed host was asked, and answered with the redirect")
                    .isGreaterThanOrEqualTo(3);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void gitFetchesAndConnectionTestsAreRefusedBeforeAnyRequest() {
        try (RepoCache cache = new RepoCache(tmp)) {
            assertThatThrownBy(() -> cache.fetch("http://169.254.169.254/x.git", Credentials.basic("u", "secret-9")))
                    .isInstanceOf(RepoException.class)
                    .hasMessageContaining("link-local");
        }
        assertThatThrownBy(() -> RepoCache.testConnection("http://169.254.169.254/x.git", null, Duration.ofSeconds(2)))
                .isInstanceOf(RepoException.class)
                .hasMessageContaining("link-local");
    }
}
