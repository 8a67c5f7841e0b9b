package io.sextant.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sextant.testing.ApiLogin;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** The admin's dashboard session of a benchmark: logged in through the login form, as a browser is. */
final class BenchSession {

    final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;
    private String cookie;

    private BenchSession(URL base) {
        String s = base.toString();
        this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** Logs admin in (initial password from the cluster) and keeps the session cookie. */
    static BenchSession login(URL base, KubernetesClient client) throws Exception {
        BenchSession session = new BenchSession(base);
        String form =
                "username=admin&password=" + URLEncoder.encode(ApiLogin.adminPassword(client), StandardCharsets.UTF_8);
        HttpResponse<String> r = session.http.send(
                HttpRequest.newBuilder(session.uri("/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(303);
        session.cookie = r.headers().allValues("set-cookie").stream()
                .filter(c -> c.startsWith("argocd.token="))
                .findFirst()
                .orElseThrow()
                .split(";")[0];
        return session;
    }

    URI uri(String path) {
        return URI.create(base + path);
    }

    /** A GET of {@code path} with the session's cookie. */
    HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(uri(path)).header("Cookie", cookie).GET();
    }
}
