package io.sextant.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sextant.embedded.FixtureRepository;
import io.sextant.model.Application;
import io.sextant.testing.ApiLogin;
import io.sextant.testing.Apps;
import io.sextant.testing.TestbedResource;
import io.sextant.testing.TimeBound;
import io.sextant.testing.WithGitServer;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Argo's server-sent event streams read by a plain HTTP client, as the Argo UI and CLI read them:
 * current apps first, then every change within a second; filters by name and project; the resource
 * tree stream; no session, no stream.
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
class StreamApiTest extends WithGitServer {

    private static FixtureRepository repo;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    KubernetesClient client;

    @TestHTTPResource("/")
    URL base;

    @BeforeAll
    static void gitServer() {
        repo = FixtureRepository.create(git);
    }

    @AfterEach
    void logout() {
        ApiLogin.reset();
    }

    /** The {@code data:} payloads of one stream, read on a thread of their own. */
    private static final class Events implements AutoCloseable {
        final LinkedBlockingQueue<JsonNode> queue = new LinkedBlockingQueue<>();
        final Thread reader;
        volatile HttpResponse<InputStream> response;

        Events(URI uri, String token) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "text/event-stream")
                    .GET()
                    .build();
            response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
            reader = new Thread(() -> {
                try (BufferedReader lines =
                        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        if (line.startsWith("data:")) {
                            queue.add(JSON.readTree(line.substring(5).trim()));
                        }
                    }
                } catch (Exception e) {
                    // closed
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        /** The next event whose result matches, within {@code seconds}. */
        JsonNode next(Predicate<JsonNode> wanted, double seconds) throws InterruptedException {
            long deadline = System.nanoTime() + (long) (seconds * 1e9);
            while (System.nanoTime() < deadline) {
                JsonNode e = queue.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
                if (e != null && wanted.test(e.path("result"))) {
                    return e.path("result");
                }
            }
            throw new AssertionError("no matching event within " + seconds + " s");
        }

        @Override
        public void close() {
            try {
                response.body().close();
            } catch (Exception e) {
                // gone
            }
            reader.interrupt();
        }
    }

    private static Predicate<JsonNode> event(String type, String app) {
        return r -> type.equals(r.path("type").asText())
                && app.equals(
                        r.path("application").path("metadata").path("name").asText());
    }

    @Test
    void applicationStreamSendsCurrentAppsThenChanges() throws Exception {
        String token = ApiLogin.asAdmin(client);
        Apps apps = new Apps(client);
        apps.create("stream-a", repo.url(), "prod", ".", "stream-a", "");
        apps.create("stream-b", repo.url(), "prod", ".", "stream-b", "");
        try (Events all = new Events(base.toURI().resolve("api/v1/stream/applications"), token);
                Events onlyA = new Events(base.toURI().resolve("api/v1/stream/applications?name=stream-a"), token);
                Events otherProject =
                        new Events(base.toURI().resolve("api/v1/stream/applications?projects=nobody"), token)) {
            assertThat(all.response.statusCode()).isEqualTo(200);
            assertThat(all.response.headers().firstValue("Content-Type").orElse(""))
                    .startsWith("text/event-stream");
            all.next(event("ADDED", "stream-a"), 5);
            all.next(event("ADDED", "stream-b"), 5);
            onlyA.next(event("ADDED", "stream-a"), 5);

            Thread.sleep(300);
            all.queue.clear();
            long start = System.nanoTime();
            client.resources(Application.class)
                    .inNamespace(Apps.NAMESPACE)
                    .withName("stream-b")
                    .edit(a -> {
                        a.getMetadata().setLabels(Map.of("team", "blue"));
                        return a;
                    });
            JsonNode modified = all.next(
                    r -> event("MODIFIED", "stream-b").test(r)
                            && "blue"
                                    .equals(r.path("application")
                                            .path("metadata")
                                            .path("labels")
                                            .path("team")
                                            .asText()),
                    5);
            TimeBound.check("stream delay from a change to its event", (System.nanoTime() - start) / 1_000_000, 1000);
            assertThat(modified.path("application")
                            .path("spec")
                            .path("source")
                            .path("repoURL")
                            .asText())
                    .isEqualTo(repo.url());

            apps.delete("stream-b");
            all.next(event("DELETED", "stream-b"), 5);
            Thread.sleep(500);
            assertThat(onlyA.queue)
                    .allMatch(e -> "stream-a"
                            .equals(e.path("result")
                                    .path("application")
                                    .path("metadata")
                                    .path("name")
                                    .asText()));
            assertThat(otherProject.queue).isEmpty();
        } finally {
            apps.delete("stream-a");
            apps.delete("stream-b");
        }
    }

    @Test
    void resourceTreeStreamSendsTheTreeOfAComparedApp() throws Exception {
        String token = ApiLogin.asAdmin(client);
        Apps apps = new Apps(client);
        apps.freshNamespace("stream-tree");
        apps.create("stream-tree", repo.url(), "prod", ".", "stream-tree", "syncPolicy: {automated: {}}");
        try (Events tree =
                new Events(base.toURI().resolve("api/v1/stream/applications/stream-tree/resource-tree"), token)) {
            JsonNode withPods = tree.next(
                    r -> {
                        for (JsonNode n : r.path("nodes")) {
                            if ("Pod".equals(n.path("kind").asText())) {
                                return true;
                            }
                        }
                        return false;
                    },
                    60);
            assertThat(withPods.path("nodes").findValuesAsText("kind")).contains("Deployment", "ReplicaSet", "Service");
        } finally {
            apps.delete("stream-tree");
        }
        try (Events missing =
                new Events(base.toURI().resolve("api/v1/stream/applications/nope/resource-tree"), token)) {
            assertThat(missing.response.statusCode()).isEqualTo(404);
        }
        HttpResponse<String> anonymous = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(base.toURI().resolve("api/v1/stream/applications"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }
}
