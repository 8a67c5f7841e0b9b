package io.sextant.service;

import io.sextant.repo.OutboundHosts;
import io.sextant.repo.RepoException;
import io.sextant.repo.RepoException.Reason;
import io.sextant.repo.git.Credentials;
import io.sextant.repo.git.Redactor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * The connection test of a Helm chart repository: its {@code index.yaml} answers 200. OCI
 * registries are accepted without a test (their check needs a registry client). Redirects are not
 * followed, so credentials never go to another host.
 *
 * <p>The test runs from the server on an API user's word, so its answer says only what the user needs
 * (security review L2): the credentials are refused, there is no Helm index, or the host cannot be
 * connected to. Neither the status code nor the transport's error is echoed: they would map which hosts
 * and ports inside the cluster answer, and how.
 */
final class HelmRepositoryProbe {

    private HelmRepositoryProbe() {}

    static void test(String url, Credentials credentials, Duration timeout) {
        if (url.startsWith("oci://")) {
            return;
        }
        OutboundHosts.check(url);
        String index = url.endsWith("/") ? url + "index.yaml" : url + "/index.yaml";
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .proxy(OutboundHosts.guardedSelector())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(index)).timeout(timeout).GET();
        if (credentials != null && credentials.hasPassword()) {
            String user = credentials.username() == null ? "" : credentials.username();
            request.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString(
                                            (user + ":" + credentials.password()).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() == 401 || response.statusCode() == 403) {
                throw new RepoException(
                        Reason.AUTHENTICATION,
                        Redactor.redact(index) + " refused "
                                + (credentials != null && credentials.hasPassword()
                                        ? "the username and password: check them"
                                        : "to answer without credentials: add a username and password"));
            }
            if (response.statusCode() != 200) {
                throw new RepoException(
                        Reason.TRANSPORT,
                        "found no Helm chart repository index at " + Redactor.redact(index)
                                + ": is this the URL of a Helm chart repository?");
            }
        } catch (IOException | IllegalArgumentException e) {
            URI uri = URI.create(index);
            throw new RepoException(
                    Reason.TRANSPORT,
                    "cannot connect to " + uri.getScheme() + "://" + uri.getHost()
                            + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + " within " + timeout.toSeconds()
                            + " s: check the URL, and that Sextant's server can reach that host");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RepoException(Reason.TRANSPORT, "interrupted while testing " + Redactor.redact(index));
        }
    }
}
