package io.sextant.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook and Slack requests as a real HTTP server receives them, and what counts as worth a retry. */
class HttpSendersTest {

    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " auth="
                    + ex.getRequestHeaders().getFirst("Authorization") + " x="
                    + ex.getRequestHeaders().getFirst("X-Team") + " body=" + body);
            String path = ex.getRequestURI().getPath();
            if (path.startsWith("/trickle")) {
                try {
                    ex.sendResponseHeaders(200, 100);
                    for (int i = 0; i < 20; i++) {
                        ex.getResponseBody().write('x');
                        ex.getResponseBody().flush();
                        Thread.sleep(250);
                    }
                } catch (Exception gone) {
                    // the sender stopped reading
                }
                ex.close();
                return;
            }
            if (path.startsWith("/slow")) {
                try {
                    Thread.sleep(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int status = path.startsWith("/missing") ? 404 : path.startsWith("/broken") ? 503 : 200;
            byte[] answer = path.startsWith("/slack-bad/")
                    ? "{\"ok\":false,\"error\":\"channel_not_found\"}".getBytes()
                    : "{\"ok\": true}".getBytes();
            try {
                ex.sendResponseHeaders(status, answer.length);
                ex.getResponseBody().write(answer);
            } catch (java.io.IOException gone) {
                // timed out by the sender
            }
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static NotificationSettings.Service service(String key, String yaml) {
        NotificationSettings s = NotificationSettings.parse(Map.of(key, yaml), Map.of("pw", "p4ss"));
        assertThat(s.problems()).isEmpty();
        String name = key.substring(key.lastIndexOf('.') + 1);
        return s.service(name).orElseThrow();
    }

    private static Notification hook(String method, String path, String body) {
        return new Notification("the message", null, null, null, null, method, path, body);
    }

    @Test
    void aWebhookGetsTheTemplatesRequestWithHeadersAndBasicAuth() throws Exception {
        HttpSenders senders = new HttpSenders(new AddressGuard(null));
        NotificationSettings.Service s = service(
                "service.webhook.team",
                "url: " + base()
                        + "/base/\nheaders:\n- name: X-Team\n  value: web\nbasicAuth:\n  username: u\n  password: $pw\n");
        senders.webhook().send(s, "", hook("POST", "/apps/guestbook", "{\"a\":1}"), Duration.ofSeconds(5));
        senders.webhook().send(s, "", Notification.empty().withMessage("plain"), Duration.ofSeconds(5));
        assertThat(seen)
                .containsExactly(
                        "POST /base/apps/guestbook auth=Basic dTpwNHNz x=web body={\"a\":1}",
                        "GET /base/ auth=Basic dTpwNHNz x=web body=plain");
    }

    @Test
    void failuresSayWhetherTryingAgainMayHelp() {
        HttpSenders senders = new HttpSenders(new AddressGuard(null));
        Duration t = Duration.ofMillis(800);
        assertThatThrownBy(() -> senders.webhook()
                        .send(service("service.webhook.a", "url: " + base() + "/missing"), "", hook("GET", "", ""), t))
                .isInstanceOfSatisfying(
                        Sender.DeliveryException.class,
                        e -> assertThat(e.retry()).isFalse())
                .hasMessageContaining("answered HTTP 404");
        assertThatThrownBy(() -> senders.webhook()
                        .send(service("service.webhook.b", "url: " + base() + "/broken"), "", hook("GET", "", ""), t))
                .isInstanceOfSatisfying(
                        Sender.DeliveryException.class,
                        e -> assertThat(e.retry()).isTrue())
                .hasMessageContaining("answered HTTP 503");
        assertThatThrownBy(() -> senders.webhook()
                        .send(service("service.webhook.c", "url: " + base() + "/slow"), "", hook("GET", "", ""), t))
                .isInstanceOfSatisfying(
                        Sender.DeliveryException.class,
                        e -> assertThat(e.retry()).isTrue())
                .hasMessageContaining("did not answer within");
        long start = System.nanoTime();
        assertThatThrownBy(() -> senders.webhook()
                        .send(service("service.webhook.e", "url: " + base() + "/trickle"), "", hook("GET", "", ""), t))
                .as("an answer trickling in is cut off by the same bound")
                .hasMessageContaining("did not answer within");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThatThrownBy(() -> senders.webhook()
                        .send(service("service.webhook.d", "url: http://127.0.0.1:1/x"), "", hook("GET", "", ""), t))
                .isInstanceOfSatisfying(
                        Sender.DeliveryException.class,
                        e -> assertThat(e.retry()).isTrue())
                .hasMessageContaining("cannot be reached");
    }

    @Test
    void slackGetsAFormPostAndItsRefusalIsNamed() throws Exception {
        HttpSenders senders = new HttpSenders(new AddressGuard(null));
        senders.slack()
                .send(
                        service(
                                "service.slack",
                                "token: xoxb-1\napiURL: " + base() + "/api/\nusername: Sextant\nicon: ':robot:'"),
                        "#ops",
                        Notification.empty().withMessage("hi & bye"),
                        Duration.ofSeconds(5));
        assertThat(seen)
                .singleElement()
                .asString()
                .startsWith("POST /api/chat.postMessage auth=Bearer xoxb-1")
                .contains("channel=%23ops")
                .contains("text=hi+%26+bye")
                .contains("username=Sextant")
                .contains("icon_emoji=%3Arobot%3A");
        assertThatThrownBy(() -> senders.slack()
                        .send(
                                service("service.slack", "token: x\napiURL: " + base() + "/slack-bad/"),
                                "#nope",
                                Notification.empty().withMessage("m"),
                                Duration.ofSeconds(5)))
                .hasMessageContaining("refused the message: channel_not_found");
    }

    @Test
    void urlsAtTheApiServerAreRefused() {
        AddressGuard guard = new AddressGuard("https://127.0.0.1:6443");
        assertThatThrownBy(() -> guard.check(URI.create("https://kubernetes.default.svc/api"), "webhook x"))
                .hasMessageContaining("points at the Kubernetes API server");
        assertThatThrownBy(() -> guard.check(URI.create("https://localhost:6443/api"), "webhook x"))
                .hasMessageContaining("API server's address");
        guard.check(URI.create("https://127.0.0.1:8443/hook"), "webhook x"); // another port: allowed
        assertThatThrownBy(() -> NotificationSettings.parse(
                                Map.of("service.webhook.f", "url: file:///etc/passwd"), Map.of())
                        .service("f")
                        .orElseThrow())
                .isInstanceOf(java.util.NoSuchElementException.class);
        assertThat(NotificationSettings.parse(Map.of("service.webhook.f", "url: file:///etc/passwd"), Map.of())
                        .problems()
                        .get("service.webhook.f"))
                .contains("http:// or https://")
                .doesNotContain("/etc/passwd");
    }
}
