package io.sextant.repo.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.sun.net.httpserver.HttpServer;
import io.sextant.model.ApplicationSource;
import io.sextant.model.ApplicationSourceHelm;
import io.sextant.repo.RepoException;
import io.sextant.repo.RepoException.Reason;
import io.sextant.testing.LogLines;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Charts from a Helm repository (index.yaml + archives) served over http by the test. */
class HelmRepositoryChartTest {

    @TempDir
    Path tmp;

    HttpServer server;
    String url;
    final Map<String, byte[]> files = new ConcurrentHashMap<>();

    @BeforeEach
    void serve() throws Exception {
        Path chart = tmp.resolve("src/hello");
        Files.createDirectories(chart.resolve("templates"));
        Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: hello\nversion: 1.10.0\n");
        Files.writeString(chart.resolve("values.yaml"), "message: default\n");
        Files.createDirectories(chart.resolve("crds"));
        Files.writeString(
                chart.resolve("crds/crd.yaml"),
                "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n"
                        + "metadata:\n  name: things.example.com\n");
        Files.writeString(chart.resolve("prod-values.yaml"), "message: prod\n");
        Files.writeString(
                chart.resolve("templates/hook.yaml"),
                "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\n"
                        + "  annotations:\n    helm.sh/hook: pre-install\n");
        Files.writeString(
                chart.resolve("templates/cm.yaml"),
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  m: {{ .Values.message | quote }}\n");
        Path out = Files.createDirectories(tmp.resolve("out"));
        new Helm(chart).packageIt().withDestination(out).call();
        files.put("/charts/hello-1.10.0.tgz", Files.readAllBytes(out.resolve("hello-1.10.0.tgz")));
        files.put("/charts/index.yaml", """
                apiVersion: v1
                entries:
                  hello:
                  - {name: hello, version: 1.2.0, urls: [hello-1.2.0.tgz]}
                  - {name: hello, version: 1.10.0, urls: [hello-1.10.0.tgz]}
                  - {name: hello, version: 2.0.0-rc.1, urls: [hello-2.0.0-rc.1.tgz]}
                """.getBytes(StandardCharsets.UTF_8));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/v2/")
                    && !"Bearer tok-123".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                // A registry that lets anyone pull, after the distribution spec's anonymous token dance.
                exchange.getResponseHeaders()
                        .add(
                                "WWW-Authenticate",
                                "Bearer realm=\"http://127.0.0.1:"
                                        + server.getAddress().getPort()
                                        + "/token\",service=\"test\",scope=\"repository:charts/hello:pull\"");
                exchange.sendResponseHeaders(401, -1);
                exchange.close();
                return;
            }
            byte[] body = path.equals("/token")
                    ? "{\"token\": \"tok-123\"}".getBytes(StandardCharsets.UTF_8)
                    : files.get(path);
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/charts";
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    static ApplicationSource chart(String url, String revision) {
        ApplicationSource source = new ApplicationSource();
        source.setRepoURL(url);
        source.setChart("hello");
        source.setTargetRevision(revision);
        return source;
    }

    String resolve(String repoURL, String chart, String revision) {
        return HelmRepositoryChart.resolve(repoURL, chart, revision, RenderLimits.DEFAULTS, RenderTools.DEFAULTS);
    }

    @Test
    void versionsResolveExactlyOrToTheNewestRelease() {
        assertThat(resolve(url, "hello", "1.2.0")).isEqualTo("1.2.0");
        assertThat(resolve(url, "hello", "*")).isEqualTo("1.10.0");
        assertThat(resolve(url, "hello", "")).isEqualTo("1.10.0");
        assertThatThrownBy(() -> resolve(url, "hello", "9.9.9"))
                .isInstanceOfSatisfying(
                        RepoException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REVISION_NOT_FOUND));
        assertThatThrownBy(() -> resolve(url, "nope", "*"))
                .isInstanceOfSatisfying(
                        RepoException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REVISION_NOT_FOUND));
        assertThatThrownBy(() -> resolve("file:///etc", "hello", "*"))
                .isInstanceOfSatisfying(
                        RepoException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_URL));
    }

    @Test
    void theChartRendersWithValuesAndParameters() {
        ApplicationSource source = chart(url, "1.10.0");
        ApplicationSourceHelm helm = new ApplicationSourceHelm();
        ApplicationSourceHelm.Parameter p = new ApplicationSourceHelm.Parameter();
        p.setName("message");
        p.setValue("set");
        helm.setParameters(List.of(p));
        source.setHelm(helm);
        RenderResult result = Renderers.standard().renderChart(source, "1.10.0", RenderContext.of("app", "ns"));
        assertThat(result.revision()).isEqualTo("1.10.0");
        assertThat(RenderFixture.kindNames(result))
                .containsExactly("CustomResourceDefinition/things.example.com", "ConfigMap/app", "Job/migrate");
        assertThat(RenderFixture.find(result, "ConfigMap", "app").at("/data/m").asText())
                .isEqualTo("set");
        assertThat(RenderFixture.find(result, "Job", "migrate")
                        .at("/metadata/annotations/helm.sh~1hook")
                        .asText())
                .isEqualTo("pre-install");

        // Value files are read from the chart's directory in the archive, and cannot leave it.
        ApplicationSourceHelm files = new ApplicationSourceHelm();
        files.setValueFiles(List.of("prod-values.yaml"));
        files.setSkipCrds(true);
        source.setHelm(files);
        RenderResult prod = Renderers.standard().renderChart(source, "1.10.0", RenderContext.of("app", "ns"));
        assertThat(RenderFixture.find(prod, "ConfigMap", "app").at("/data/m").asText())
                .isEqualTo("prod");
        assertThat(RenderFixture.kindNames(prod)).doesNotContain("CustomResourceDefinition/things.example.com");
        files.setValueFiles(List.of("../../../etc/passwd"));
        assertThatThrownBy(() -> Renderers.standard().renderChart(source, "1.10.0", RenderContext.of("app", "ns")))
                .isInstanceOfSatisfying(
                        RepoException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PATH_ESCAPE));
    }

    /** Publishes the packaged chart as helm push does: a manifest whose chart layer is the archive. */
    private void pushToRegistry(String version, byte[] archive) throws Exception {
        String digest = "sha256:"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive));
        files.put("/v2/charts/hello/blobs/" + digest, archive);
        files.put(
                "/v2/charts/hello/manifests/" + version.replace('+', '_'),
                """
                {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                 "config": {"mediaType": "application/vnd.cncf.helm.config.v1+json", "digest": "sha256:%s", "size": 2},
                 "layers": [{"mediaType": "application/vnd.cncf.helm.chart.content.v1.tar+gzip", "digest": "%s",
                             "size": %d}]}
                """.formatted("0".repeat(64), digest, archive.length).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void chartsFromAnOciRegistryResolveDownloadCheckedAndRender() throws Exception {
        byte[] archive = files.get("/charts/hello-1.10.0.tgz");
        pushToRegistry("1.10.0", archive);
        files.put(
                "/v2/charts/hello/tags/list",
                "{\"name\": \"charts/hello\", \"tags\": [\"1.2.0\", \"1.10.0\", \"2.0.0-rc.1\"]}"
                        .getBytes(StandardCharsets.UTF_8));
        String oci = "oci://127.0.0.1:" + server.getAddress().getPort() + "/charts";

        assertThat(resolve(oci, "hello", "*")).isEqualTo("1.10.0");
        assertThat(resolve(oci, "hello", "1.10.0")).isEqualTo("1.10.0");
        RenderResult result =
                Renderers.standard().renderChart(chart(oci, "1.10.0"), "1.10.0", RenderContext.of("app", "ns"));
        assertThat(RenderFixture.find(result, "ConfigMap", "app").at("/data/m").asText())
                .isEqualTo("default");

        // A layer that does not match its digest is refused, and so is a missing version or a bad name.
        String digest = "sha256:"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive));
        files.put(
                "/v2/charts/hello/blobs/" + digest,
                tgz("hello/Chart.yaml", "apiVersion: v2\nname: hello\nversion: 1.10.0\n"));
        assertThatThrownBy(() ->
                        Renderers.standard().renderChart(chart(oci, "1.10.0"), "1.10.0", RenderContext.of("a", "n")))
                .isInstanceOfSatisfying(
                        RepoException.class, e -> assertThat(e.getMessage()).contains("does not match its digest"));
        assertThatThrownBy(() ->
                        Renderers.standard().renderChart(chart(oci, "9.9.9"), "9.9.9", RenderContext.of("a", "n")))
                .isInstanceOfSatisfying(
                        RepoException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REVISION_NOT_FOUND));
        assertThatThrownBy(() -> resolve("oci://user:pw@127.0.0.1/charts", "hello", "*"))
                .isInstanceOfSatisfying(RepoException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INVALID_URL);
                    assertThat(e.getMessage()).doesNotContain("pw@");
                });
    }

    /**
     * A registry that sends its blobs to a storage host (as registries on object storage do): the chart
     * downloads through the redirect, and the registry's token never reaches the other host (security review L2).
     */
    @Test
    void aBlobRedirectedToStorageDownloadsWithoutTheRegistrysToken() throws Exception {
        byte[] archive = files.get("/charts/hello-1.10.0.tgz");
        pushToRegistry("1.10.0", archive);
        String digest = "sha256:"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive));
        HttpServer storage = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        List<String> authorizations = new CopyOnWriteArrayList<>();
        storage.createContext("/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.sendResponseHeaders(200, archive.length);
            exchange.getResponseBody().write(archive);
            exchange.close();
        });
        storage.start();
        try {
            String blob = "/v2/charts/hello/blobs/" + digest;
            files.remove(blob);
            server.createContext(blob, exchange -> {
                if (!"Bearer tok-123".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    exchange.sendResponseHeaders(401, -1);
                } else {
                    exchange.getResponseHeaders()
                            .add(
                                    "Location",
                                    "http://127.0.0.1:" + storage.getAddress().getPort() + "/bucket/"
                                            + digest.substring(7) + "?sig=abc");
                    exchange.sendResponseHeaders(307, -1);
                }
                exchange.close();
            });
            String oci = "oci://127.0.0.1:" + server.getAddress().getPort() + "/charts";
            RenderResult result =
                    Renderers.standard().renderChart(chart(oci, "1.10.0"), "1.10.0", RenderContext.of("app", "ns"));
            assertThat(RenderFixture.find(result, "ConfigMap", "app")
                            .at("/data/m")
                            .asText())
                    .isEqualTo("default");
            assertThat(authorizations)
                    .as("requests the storage host got")
                    .isNotEmpty()
                    .containsOnly("null");
        } finally {
            storage.stop(0);
        }
    }

    @Test
    void archiveEntriesLeavingTheChartAreRefused() throws Exception {
        files.put(
                "/charts/hello-1.10.0.tgz",
                tgz(
                        "hello/Chart.yaml",
                        "apiVersion: v2\nname: hello\nversion: 1.10.0\n",
                        "hello/../../evil.yaml",
                        "x"));
        assertThatThrownBy(() ->
                        Renderers.standard().renderChart(chart(url, "1.10.0"), "1.10.0", RenderContext.of("a", "n")))
                .isInstanceOfSatisfying(RepoException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.PATH_ESCAPE);
                    assertThat(e.getMessage()).contains("evil.yaml");
                });
        files.put("/charts/hello-1.10.0.tgz", "not gzip".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() ->
                        Renderers.standard().renderChart(chart(url, "1.10.0"), "1.10.0", RenderContext.of("a", "n")))
                .isInstanceOfSatisfying(
                        RepoException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_MANIFEST));
    }

    /** Anchor case 3: a link in a chart archive is left out, never followed, and says so in the security log. */
    @Test
    void aLinkInAChartArchiveIsLeftOutWithASecurityLogLine() throws Exception {
        files.put(
                "/charts/hello-1.10.0.tgz",
                tgz(
                        "hello/Chart.yaml",
                        "apiVersion: v2\nname: hello\nversion: 1.10.0\n",
                        "hello/templates/cm.yaml",
                        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: hello}\n",
                        "link:hello/templates/passwd.yaml",
                        "/etc/passwd"));
        try (LogLines log = LogLines.of("io.sextant.security")) {
            RenderResult r =
                    Renderers.standard().renderChart(chart(url, "1.10.0"), "1.10.0", RenderContext.of("a", "n"));
            assertThat(r.manifests()).hasSize(1);
            assertThat(r.manifests().toString()).doesNotContain("root:");
            assertThat(log.lines())
                    .singleElement()
                    .asString()
                    .contains("left out a link")
                    .contains("passwd.yaml");
        }
    }

    /** A gzipped ustar archive of (name, content) pairs. */
    static byte[] tgz(String... namesAndContents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                // "link:<name>" makes a symbolic link to the content, as tar -h would not.
                boolean link = namesAndContents[i].startsWith("link:");
                byte[] content = link ? new byte[0] : namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8);
                byte[] header = new byte[512];
                byte[] name = namesAndContents[i].substring(link ? 5 : 0).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(name, 0, header, 0, name.length);
                byte[] size = String.format("%011o", content.length).getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(size, 0, header, 124, size.length);
                header[156] = (byte) (link ? '2' : '0');
                if (link) {
                    byte[] target = namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8);
                    System.arraycopy(target, 0, header, 157, target.length);
                }
                System.arraycopy("ustar".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 5);
                gz.write(header);
                gz.write(content);
                gz.write(new byte[(512 - content.length % 512) % 512]);
            }
            gz.write(new byte[1024]);
        }
        return bytes.toByteArray();
    }

    @Test
    void oversizedArchivesAreRefused() {
        files.put("/charts/hello-1.10.0.tgz", new byte[2 * 1024 * 1024]);
        RenderLimits small = new RenderLimits(10, 1024 * 1024, 1024 * 1024, 100, 10, 50, 10_000, 1000);
        assertThatThrownBy(() -> Renderers.standard()
                        .renderChart(chart(url, "1.10.0"), "1.10.0", new RenderContext("app", "ns", small)))
                .isInstanceOfSatisfying(
                        RepoException.class, e -> assertThat(e.reason()).isEqualTo(Reason.LIMIT_EXCEEDED));
    }
}
