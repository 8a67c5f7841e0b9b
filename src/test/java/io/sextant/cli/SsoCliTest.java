package io.sextant.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sextant.testing.DexServer;
import io.sextant.testing.SsoSetup;
import io.sextant.testing.TestbedResource;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code sextant login HOST --sso} against a real Dex: the CLI prints Dex's URL, a user logs in at
 * Dex's form (a plain HTTP client here), Dex sends them to the CLI's loopback listener, and the
 * CLI's stored ID token then works for {@code app list}, which the server checks against Dex.
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
class SsoCliTest {

    @Inject
    KubernetesClient client;

    @TestHTTPResource("/")
    URL base;

    @Test
    void loginThroughTheBrowserFlowThenUseTheApi() throws Exception {
        String url = "http://localhost:" + base.getPort();
        try (DexServer dex = DexServer.start(List.of(url + "/auth/callback"), Duration.ofHours(1))) {
            SsoSetup.oidc(client, dex, url);
            Path config = Files.createTempDirectory("cli-sso").resolve("config");
            int port = DexServer.freePort();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CompletableFuture<Integer> login = CompletableFuture.supplyAsync(() -> {
                var cl = SextantCli.commandLine();
                cl.setOut(new PrintWriter(out, true));
                cl.setErr(new PrintWriter(err, true));
                return cl.execute(
                        "--config",
                        config.toString(),
                        "login",
                        "localhost:" + base.getPort(),
                        "--plaintext",
                        "--sso",
                        "--sso-port",
                        String.valueOf(port));
            });
            Pattern printed = Pattern.compile("(https://\\S+)");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> printed.matcher(out.toString()).find() || login.isDone());
            Matcher m = printed.matcher(out.toString());
            assertThat(m.find()).as(out + "\n" + err).isTrue();
            URI authorize = URI.create(m.group(1));
            assertThat(authorize.toString())
                    .startsWith(dex.issuer())
                    .contains("client_id=sextant-cli")
                    .contains("code_challenge_method=S256");

            URI back = dex.login(authorize, "alice@example.com", DexServer.PASSWORD);
            assertThat(back.toString()).startsWith("http://localhost:" + port + "/auth/callback?code=");
            HttpResponse<String> page = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(back).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.body()).contains("Logged in to Sextant");
            assertThat(login.get()).as(err.toString()).isZero();
            assertThat(out.toString()).contains("'alice@example.com' logged in successfully");

            StringWriter listOut = new StringWriter();
            StringWriter listErr = new StringWriter();
            var cl = SextantCli.commandLine();
            cl.setOut(new PrintWriter(listOut, true));
            cl.setErr(new PrintWriter(listErr, true));
            assertThat(cl.execute("--config", config.toString(), "app", "list"))
                    .as(listErr.toString())
                    .isZero();
            assertThat(listOut.toString()).contains("NAME");
            assertThat(Files.readString(config)).doesNotContain(DexServer.PASSWORD);
        } finally {
            SsoSetup.clear(client);
        }
    }
}
