package io.sextant.service;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.sextant.repo.RepoException;
import io.sextant.repo.git.Credentials;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Helm repository connection test, against a real HTTP server: it tells the user what to fix and no
 * more, so probing internal hosts through it learns nothing from status codes or transport errors
 * (security review L2).
 */
class HelmRepositoryProbeTest {

    private HttpServer server;
    private String base;

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            int status = switch (path) {
                case "/ok/index.yaml" -> 200;
                case "/private/index.yaml" -> 401;
                case "/teapot/index.yaml" -> 418;
                case "/broken/index.yaml" -> 503;
                case "/moved/index.yaml" -> 302;
                default -> 404;
            };
            if (status == 302) {
                exchange.getResponseHeaders().add("Location", "http://169.254.169.254/index.yaml");
            }
            byte[] body = ("internal detail of " + path).getBytes();
            exchange.sendResponseHeaders(status, status == 302 ? -1 : body.length);
            if (status != 302) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void anyAnswerButTheIndexOrARefusalReadsTheSameAndNamesNoStatus() {
        assertThatCode(() -> HelmRepositoryProbe.test(base + "/ok", null, Duration.ofSeconds(5)))
                .doesNotThrowAnyException();
        for (String path : new String[] {"/missing", "/teapot", "/broken", "/moved"}) {
            assertThatThrownBy(() -> HelmRepositoryProbe.test(base + path, null, Duration.ofSeconds(5)))
                    .isInstanceOf(RepoException.class)
                    .hasMessage("found no Helm chart repository index at " + base + path
                            + "/index.yaml: is this the URL of a Helm chart repository?");
        }
        assertThatThrownBy(() -> HelmRepositoryProbe.test(base + "/private", null, Duration.ofSeconds(5)))
                .hasMessageEndingWith("refused to answer without credentials: add a username and password");
        assertThatThrownBy(() -> HelmRepositoryProbe.test(
                        base + "/private", Credentials.basic("u", "pw-77"), Duration.ofSeconds(5)))
                .hasMessageEndingWith("refused the username and password: check them")
                .hasMessageNotContaining("pw-77");
    }

    @Test
    void aClosedPortAndAnUnknownHostReadAlikeWithoutTheTransportsError() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertThatThrownBy(() ->
                        HelmRepositoryProbe.test("http://127.0.0.1:" + closed + "/charts", null, Duration.ofSeconds(3)))
                .hasMessage("cannot connect to http://127.0.0.1:" + closed
                        + " within 3 s: check the URL, and that Sextant's server can reach that host");
        assertThatThrownBy(() ->
                        HelmRepositoryProbe.test("http://no-such-host.invalid/charts", null, Duration.ofSeconds(3)))
                .hasMessage(
                        "cannot connect to http://no-such-host.invalid within 3 s: check the URL, and that Sextant's "
                                + "server can reach that host");
    }
}
