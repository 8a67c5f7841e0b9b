package io.sextant.testing;

import com.marcnuri.helm.Helm;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Helm chart repository on loopback serving the workshop's {@code generic-service} chart (kubercoins' helm
 * branch), packaged by Helm as version 0.1.0: an {@code index.yaml} and the archive under {@code /charts/}.
 */
public final class WorkshopChartRepository implements AutoCloseable {

    public static final Path HELM_FIXTURE = ProjectPaths.root().resolve("testbed/fixtures/kubercoins/helm");

    private final HttpServer server;

    private WorkshopChartRepository(HttpServer server) {
        this.server = server;
    }

    public static WorkshopChartRepository start() throws IOException {
        Path out = Files.createDirectories(
                Files.createTempDirectory("sextant-test-charts").resolve("out"));
        new Helm(HELM_FIXTURE.resolve("generic-service"))
                .packageIt()
                .withDestination(out)
                .call();
        byte[] archive = Files.readAllBytes(out.resolve("generic-service-0.1.0.tgz"));
        byte[] index = """
                apiVersion: v1
                entries:
                  generic-service:
                  - name: generic-service
                    version: 0.1.0
                    urls: [generic-service-0.1.0.tgz]
                """.getBytes();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/charts/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body =
                    path.endsWith("/index.yaml") ? index : path.endsWith("/generic-service-0.1.0.tgz") ? archive : null;
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        return new WorkshopChartRepository(server);
    }

    /** The repository's URL, as an Application's {@code repoURL}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/charts";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
