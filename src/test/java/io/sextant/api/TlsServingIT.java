package io.sextant.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sextant.testing.WithPackagedApp;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/**
 * The packaged server serves HTTPS from a PEM certificate and key (what the install mounts from the
 * Secret {@code sextant-server-tls}), as Argo CD's server does from {@code argocd-server-tls}: a login over
 * TLS gets a {@code Secure} session cookie, and plain HTTP is redirected to HTTPS (security review M5).
 */
class TlsServingIT extends WithPackagedApp {

    private static final Pattern LISTENING = Pattern.compile("Listening on: (\\S+)(?: and (\\S+))?");

    @Test
    void theServerSpeaksTlsGivesSecureCookiesAndSendsPlainHttpToHttps() throws Exception {
        assertThat(jar())
                .as("the packaged application: ./mvnw verify builds it")
                .isRegularFile();
        String control = "tls-serving";
        freshNamespaces(control, List.of());
        Path dir = Files.createTempDirectory("sextant-tls");
        Path cert = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        Process openssl = new ProcessBuilder(
                        "openssl",
                        "req",
                        "-x509",
                        "-newkey",
                        "ec",
                        "-pkeyopt",
                        "ec_paramgen_curve:prime256v1",
                        "-nodes",
                        "-keyout",
                        key.toString(),
                        "-out",
                        cert.toString(),
                        "-days",
                        "2",
                        "-subj",
                        "/CN=localhost",
                        "-addext",
                        "subjectAltName=DNS:localhost,IP:127.0.0.1")
                .redirectErrorStream(true)
                .start();
        String opensslOut = new String(openssl.getInputStream().readAllBytes());
        assertThat(openssl.waitFor()).as(opensslOut).isZero();

        Path logs = Files.createTempDirectory("sextant-tls-logs");
        Process server = startController(
                "server",
                control,
                logs,
                "-Dsextant.roles=server",
                "-Dquarkus.http.ssl.certificate.files=" + cert,
                "-Dquarkus.http.ssl.certificate.key-files=" + key,
                // A fixed port: the redirect of plain HTTP names it (with 0, Quarkus has no port to send to).
                "-Dquarkus.http.ssl-port=" + freePort(),
                "-Dquarkus.http.insecure-requests=redirect");
        Path log = logs.resolve("server.log");
        String[] urls = new String[2];
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            assertThat(server.isAlive()).as(() -> read(log)).isTrue();
            Matcher m = LISTENING.matcher(read(log));
            assertThat(m.find()).as(() -> read(log)).isTrue();
            urls[0] = m.group(1);
            urls[1] = m.group(2);
        });
        String https = List.of(urls).stream()
                .filter(u -> u != null && u.startsWith("https://"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no https listener: " + read(log)))
                .replace("0.0.0.0", "localhost");
        String http = List.of(urls).stream()
                .filter(u -> u != null && u.startsWith("http://"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no http listener: " + read(log)))
                .replace("0.0.0.0", "127.0.0.1");

        HttpClient trusting = HttpClient.newBuilder()
                .sslContext(trusting(cert))
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        String password = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> {
                            var s = client.secrets()
                                    .inNamespace(control)
                                    .withName("sextant-initial-admin-secret")
                                    .get();
                            return s == null
                                    ? null
                                    : new String(Base64.getDecoder()
                                            .decode(s.getData().get("password")));
                        },
                        p -> p != null);
        HttpResponse<String> login = trusting.send(
                HttpRequest.newBuilder(URI.create(https + "/api/v1/session"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"username\": \"admin\", \"password\": \"" + password + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        assertThat(login.headers().allValues("set-cookie"))
                .anySatisfy(c -> assertThat(c)
                        .startsWith("argocd.token=")
                        .matches("(?i).*;\\s*Secure\\s*(;.*)?$")
                        .containsIgnoringCase("HttpOnly"));
        // A header cannot take Secure away from a cookie sent over TLS (issue 24, bounds under attack).
        HttpResponse<String> spoofed = trusting.send(
                HttpRequest.newBuilder(URI.create(https + "/api/v1/session"))
                        .header("Content-Type", "application/json")
                        .header("X-Forwarded-Proto", "http")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"username\": \"admin\", \"password\": \"" + password + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(spoofed.statusCode()).as(spoofed.body()).isEqualTo(200);
        assertThat(spoofed.headers().allValues("set-cookie"))
                .anySatisfy(c -> assertThat(c).startsWith("argocd.token=").matches("(?i).*;\\s*Secure\\s*(;.*)?$"));

        // HTTP/1.1 as a browser's first request (the JDK client would otherwise ask for an h2c upgrade).
        HttpResponse<String> plain = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(
                        HttpRequest.newBuilder(URI.create(http + "/applications"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).as("plain HTTP is sent to HTTPS").isBetween(301, 308);
        assertThat(plain.headers().firstValue("location")).get().asString().startsWith("https://");

        server.destroy();
        assertThat(server.waitFor(20, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
    }

    /**
     * With {@code sextant.tls.self-signed=true} and the certificate file missing (the overlay before its Secret
     * exists), the server makes a certificate at start, as Argo CD's server does, serves HTTPS with it at once
     * and logs its fingerprint, so a user can check what the browser shows.
     */
    @Test
    void withoutACertificateTheServerMakesASelfSignedOneAndLogsItsFingerprint() throws Exception {
        assertThat(jar())
                .as("the packaged application: ./mvnw verify builds it")
                .isRegularFile();
        String control = "tls-self-signed";
        freshNamespaces(control, List.of());
        Path logs = Files.createTempDirectory("sextant-tls-logs");
        Path missing = logs.resolve("no-such-secret/tls.crt");
        Process server = startController(
                "server",
                control,
                logs,
                "-Dsextant.roles=server",
                "-Dsextant.tls.self-signed=true",
                "-Dquarkus.http.ssl.certificate.files=" + missing,
                "-Dquarkus.http.ssl.certificate.key-files=" + logs.resolve("no-such-secret/tls.key"),
                "-Dquarkus.http.ssl-port=" + freePort());
        Path log = logs.resolve("server.log");
        String[] https = new String[1];
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            assertThat(server.isAlive()).as(() -> read(log)).isTrue();
            Matcher m = LISTENING.matcher(read(log));
            assertThat(m.find()).as(() -> read(log)).isTrue();
            https[0] = Stream.of(m.group(1), m.group(2))
                    .filter(u -> u != null && u.startsWith("https://"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no https listener: " + read(log)))
                    .replace("0.0.0.0", "localhost");
        });
        URL url = URI.create(https[0] + "/api/v1/settings").toURL();
        HttpsURLConnection conn = (HttpsURLConnection) url.openConnection();
        SSLContext any = SSLContext.getInstance("TLS");
        any.init(
                null,
                new TrustManager[] {
                    new X509TrustManager() {
                        public void checkClientTrusted(X509Certificate[] c, String a) {}

                        public void checkServerTrusted(X509Certificate[] c, String a) {}

                        public X509Certificate[] getAcceptedIssuers() {
                            return new X509Certificate[0];
                        }
                    }
                },
                null);
        conn.setSSLSocketFactory(any.getSocketFactory());
        conn.setHostnameVerifier((h, s) -> true);
        assertThat(conn.getResponseCode()).isEqualTo(200);
        X509Certificate served = (X509Certificate) conn.getServerCertificates()[0];
        conn.disconnect();
        assertThat(served.getSubjectX500Principal().getName()).contains("CN=localhost");
        assertThat(served.getSubjectAlternativeNames())
                .extracting(n -> String.valueOf(n.get(1)))
                .contains("localhost", "sextant-server", "sextant-server." + control + ".svc", "127.0.0.1");
        String fingerprint = HexFormat.ofDelimiter(":")
                .withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(served.getEncoded()));
        assertThat(read(log)).contains("self-signed one made at this start (SHA-256 fingerprint " + fingerprint + ")");

        // A client that trusts exactly that certificate logs in over it.
        Path cert = logs.resolve("served.crt");
        Files.writeString(
                cert,
                "-----BEGIN CERTIFICATE-----\n"
                        + Base64.getMimeEncoder().encodeToString(served.getEncoded())
                        + "\n-----END CERTIFICATE-----\n");
        HttpClient trusting = HttpClient.newBuilder()
                .sslContext(trusting(cert))
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        HttpResponse<String> settings = trusting.send(
                HttpRequest.newBuilder(URI.create(https[0] + "/api/v1/settings"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(settings.statusCode()).isEqualTo(200);

        server.destroy();
        assertThat(server.waitFor(20, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
    }

    private static SSLContext trusting(Path cert) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            store.setCertificateEntry(
                    "sextant", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }
}
