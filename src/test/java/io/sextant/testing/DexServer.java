package io.sextant.testing;

import io.sextant.auth.Passwords;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real Dex (built by the testbed from its Go module) on a free loopback port, serving HTTPS with
 * a certificate of a throw-away test CA (made with openssl), memory storage, and:
 * <ul>
 *   <li>static users {@code alice@example.com} (group {@code devs}) and {@code bob@example.com}
 *       (group {@code viewers}), password {@link #PASSWORD};</li>
 *   <li>client {@code sextant} (secret {@link #CLIENT_SECRET}, the callback URIs given), public
 *       client {@code sextant-cli} (any loopback redirect), and client {@code other-app} (for tokens
 *       with a wrong audience);</li>
 *   <li>the password grant through the local connector, so a test can get a real ID token directly.</li>
 * </ul>
 * {@link #login} plays a user at Dex's login form with a plain HTTP client. Close it to stop Dex.
 */
public final class DexServer implements AutoCloseable {

    public static final String PASSWORD = "dex-pass-8841";
    public static final String CLIENT_SECRET = "sextant-dex-secret-5521";
    public static final String OTHER_CLIENT = "other-app";
    public static final String OTHER_SECRET = "other-app-secret-1177";

    private final Process process;
    private final Path dir;
    private final String issuer;
    private final String caPem;
    private final SSLContext tls;
    private final String config;

    private DexServer(Process process, Path dir, String issuer, String caPem, String config) {
        this.process = process;
        this.dir = dir;
        this.issuer = issuer;
        this.caPem = caPem;
        this.tls = trusting(caPem);
        this.config = config;
    }

    /** Starts Dex; {@code callbacks} are the redirect URIs of client {@code sextant}. */
    public static DexServer start(List<String> callbacks, Duration idTokenLifetime) {
        try {
            Path dir = Files.createTempDirectory("sextant-dex");
            certificates(dir);
            int port = freePort();
            String issuer = "https://127.0.0.1:" + port + "/dex";
            String hash = new Passwords().hash(PASSWORD);
            String config = """
                    issuer: %s
                    storage:
                      type: memory
                    web:
                      https: 127.0.0.1:%d
                      tlsCert: %s
                      tlsKey: %s
                    expiry:
                      idTokens: "%ds"
                    logger:
                      level: warn
                    oauth2:
                      skipApprovalScreen: true
                      passwordConnector: local
                    enablePasswordDB: true
                    staticClients:
                    - id: sextant
                      name: Sextant
                      secret: %s
                      redirectURIs: [%s]
                    - id: sextant-cli
                      name: Sextant CLI
                      public: true
                    - id: %s
                      name: Other
                      secret: %s
                      redirectURIs: ["https://other.example/callback"]
                    staticPasswords:
                    - email: alice@example.com
                      username: alice
                      userID: 0b3a6c1e-alice
                      hash: "%s"
                      groups: [devs]
                    - email: bob@example.com
                      username: bob
                      userID: 0b3a6c1e-bob
                      hash: "%s"
                      groups: [viewers]
                    - email: admin
                      username: admin-at-the-idp
                      userID: 0b3a6c1e-admin
                      hash: "%s"
                      groups: [viewers]
                    """.formatted(
                    issuer,
                    port,
                    dir.resolve("dex.crt"),
                    dir.resolve("dex.key"),
                    idTokenLifetime.toSeconds(),
                    CLIENT_SECRET,
                    String.join(
                            ", ", callbacks.stream().map(c -> "\"" + c + "\"").toList()),
                    OTHER_CLIENT,
                    OTHER_SECRET,
                    hash,
                    hash,
                    hash);
            Files.writeString(dir.resolve("config.yaml"), config);
            Process p = new ProcessBuilder(
                            dexBinary().toString(),
                            "serve",
                            dir.resolve("config.yaml").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("dex.log").toFile())
                    .start();
            DexServer dex = new DexServer(p, dir, issuer, Files.readString(dir.resolve("ca.crt")), config);
            dex.awaitReady();
            return dex;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String issuer() {
        return issuer;
    }

    /** The test CA's certificate (PEM): what rootCA must hold for Sextant to trust Dex. */
    public String caPem() {
        return caPem;
    }

    /** Dex's own configuration, as deploy/k8s/dex hands it to Dex (for dex.config). */
    public String config() {
        return config;
    }

    /** TLS trusting the test CA only. */
    public SSLContext tls() {
        return tls;
    }

    /** sextant-cm's oidc.config for this Dex, client secret taken from sextant-secret {@code oidc.dex.clientSecret}. */
    public String oidcConfig() {
        return "name: Dex\nissuer: " + issuer + "\nclientID: sextant\nclientSecret: $oidc.dex.clientSecret\n"
                + "cliClientID: sextant-cli\nrequestedScopes: [openid, profile, email, groups]\nrootCA: |\n"
                + caPem.lines()
                        .map(l -> "  " + l)
                        .reduce((a, b) -> a + "\n" + b)
                        .orElse("") + "\n";
    }

    /** A real ID token of {@code email} for {@code client}, through the password grant. */
    public String idToken(String client, String secret, String email) {
        String form = "grant_type=password&scope=" + enc("openid email profile groups") + "&username=" + enc(email)
                + "&password=" + enc(PASSWORD);
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuer + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((client + ":" + secret).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpResponse<String> r = send(http(), request);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("Dex password grant: " + r.statusCode() + " " + r.body());
        }
        Matcher m = Pattern.compile("\"id_token\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
        if (!m.find()) {
            throw new IllegalStateException("Dex answered no id_token: " + r.body());
        }
        return m.group(1);
    }

    /**
     * Plays a user who follows {@code authorizationUrl} to Dex, fills in its login form and lets Dex
     * send them back: returns the URL Dex redirects to (the client's callback with code and state),
     * without following it.
     */
    public URI login(URI authorizationUrl, String email, String password) {
        HttpClient http = http();
        URI at = authorizationUrl;
        HttpResponse<String> r = null;
        for (int i = 0; i < 10; i++) {
            r = send(http, HttpRequest.newBuilder(at).GET().build());
            if (r.statusCode() / 100 != 3) {
                break;
            }
            at = at.resolve(r.headers().firstValue("Location").orElseThrow());
            if (!at.toString().startsWith(issuer)) {
                return at;
            }
        }
        if (r == null || r.statusCode() != 200 || !r.body().contains("name=\"password\"")) {
            throw new IllegalStateException(
                    "Dex showed no login form at " + at + ": " + (r == null ? "" : r.statusCode()));
        }
        Matcher action =
                Pattern.compile("<form method=\"post\" action=\"([^\"]*)\"").matcher(r.body());
        URI post = action.find() && !action.group(1).isEmpty()
                ? at.resolve(action.group(1).replace("&amp;", "&"))
                : at;
        HttpResponse<String> posted = send(
                http,
                HttpRequest.newBuilder(post)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("login=" + enc(email) + "&password=" + enc(password)))
                        .build());
        URI next = post;
        for (int i = 0; i < 10 && posted.statusCode() / 100 == 3; i++) {
            next = next.resolve(posted.headers().firstValue("Location").orElseThrow());
            if (!next.toString().startsWith(issuer)) {
                return next;
            }
            posted = send(http, HttpRequest.newBuilder(next).GET().build());
        }
        throw new IllegalStateException("Dex did not send the user back (" + posted.statusCode() + "): "
                + posted.body().substring(0, Math.min(500, posted.body().length())));
    }

    /** The SHA-256 of Dex's certificate's public key, base64: Chromium's pin for this certificate. */
    public String spkiPin() {
        try (var in = Files.newInputStream(dir.resolve("dex.crt"))) {
            X509Certificate cert =
                    (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-256")
                            .digest(cert.getPublicKey().getEncoded()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("dex.log"));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpClient http() {
        return HttpClient.newBuilder()
                .sslContext(tls)
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    private void awaitReady() {
        HttpClient http = http();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Dex exited: " + log());
            }
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(issuer + "/.well-known/openid-configuration"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        close();
        throw new IllegalStateException("Dex did not answer within 30 s: " + log());
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The dex binary: built by the testbed, found on the PATH that {@code testbed env} prints. */
    static Path dexBinary() {
        TestbedResource.kubeconfig();
        for (String line : TestbedResource.testbed().run("env")) {
            if (line.startsWith("export PATH=")) {
                for (String entry : line.substring("export PATH=".length()).split(":")) {
                    Path dex = Path.of(entry, "dex");
                    if (Files.isExecutable(dex)) {
                        return dex;
                    }
                }
            }
        }
        throw new IllegalStateException("no dex binary from the testbed: run testbed/testbed build");
    }

    private static void certificates(Path d) {
        run(d, "openssl", "genrsa", "-out", "ca.key", "2048");
        run(
                d,
                "openssl",
                "req",
                "-x509",
                "-new",
                "-key",
                "ca.key",
                "-subj",
                "/CN=sextant-test-dex-ca",
                "-days",
                "2",
                "-out",
                "ca.crt");
        run(d, "openssl", "genrsa", "-out", "dex.key", "2048");
        run(d, "openssl", "req", "-new", "-key", "dex.key", "-subj", "/CN=127.0.0.1", "-out", "dex.csr");
        try {
            Files.writeString(
                    d.resolve("dex.ext"),
                    "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                            + "extendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run(
                d,
                "openssl",
                "x509",
                "-req",
                "-in",
                "dex.csr",
                "-CA",
                "ca.crt",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-days",
                "2",
                "-extfile",
                "dex.ext",
                "-out",
                "dex.crt");
    }

    private static void run(Path dir, String... command) {
        try {
            Process p = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static SSLContext trusting(String pem) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry(
                    "ca",
                    CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
