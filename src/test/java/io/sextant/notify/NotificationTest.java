package io.sextant.notify;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sextant.embedded.FixtureRepository;
import io.sextant.model.OperationState;
import io.sextant.service.ApplicationOperations;
import io.sextant.testing.Apps;
import io.sextant.testing.TestbedResource;
import io.sextant.testing.WithGitServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Notifications on the testbed with real receivers: an HTTP server this test starts (webhooks, and Slack's API
 * shape at {@code apiURL}) and Debian's aiosmtpd as the SMTP server, with a login it checks. The workshop's bad
 * worker image sends on-health-degraded to the webhook and by e-mail once; the rollback sends on-deployed; each
 * bad input (a 500, a hanging endpoint, a refused SMTP login, a URL at the API server, a template naming a missing
 * field, a trigger that does not parse, a service not configured) is an Event, a log line and a metric while the
 * app's syncs go on; no Secret value appears in any Event.
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
class NotificationTest extends WithGitServer {

    private static final String HOOK_TOKEN = "s3cr3t-hook-token";
    private static final String WRONG_PASSWORD = "wrong-pass-9f3";
    private static FixtureRepository repo;
    private static HttpServer receiver;
    private static Process smtp;
    private static Path mailDir;
    private static int smtpPort;

    /** What the receiver got: method, path (with query), body, Authorization header. */
    record Request(String method, String path, String body, String authorization) {}

    private static final List<Request> received = new CopyOnWriteArrayList<>();

    @Inject
    KubernetesClient client;

    @Inject
    ApplicationOperations operations;

    @BeforeAll
    static void receivers() throws Exception {
        repo = FixtureRepository.create(git);
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newCachedThreadPool());
        receiver.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().toString();
            received.add(new Request(
                    exchange.getRequestMethod(),
                    path,
                    body,
                    exchange.getRequestHeaders().getFirst("Authorization")));
            if (path.startsWith("/hang")) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int status = path.startsWith("/fail") ? 500 : 200;
            byte[] answer = path.startsWith("/api/") ? "{\"ok\":true}".getBytes() : "ok".getBytes();
            try {
                exchange.sendResponseHeaders(status, answer.length);
                exchange.getResponseBody().write(answer);
            } catch (IOException gone) {
                // the sender gave up (timeout)
            }
            exchange.close();
        });
        receiver.start();
        mailDir = Files.createTempDirectory("sextant-mail");
        try (ServerSocket s = new ServerSocket(0)) {
            smtpPort = s.getLocalPort();
        }
        Path script = Path.of("src/test/resources/notify/smtp-sink.py").toAbsolutePath();
        smtp = new ProcessBuilder(
                        "/usr/bin/python3",
                        script.toString(),
                        "" + smtpPort,
                        mailDir.toString(),
                        "sextant",
                        "mail-pass")
                .redirectErrorStream(true)
                .redirectOutput(
                        mailDir.resolveSibling("smtp-sink-" + smtpPort + ".log").toFile())
                .start();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", smtpPort)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    @AfterAll
    static void stop() {
        if (receiver != null) {
            receiver.stop(0);
        }
        if (smtp != null) {
            smtp.destroy();
        }
    }

    private void configure() {
        int port = receiver.getAddress().getPort();
        String base = "http://127.0.0.1:" + port;
        client.resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(NotificationSettings.SECRET)
                        .withNamespace(Apps.NAMESPACE)
                        .endMetadata()
                        .withStringData(Map.of(
                                "hook-token",
                                HOOK_TOKEN,
                                "email-password",
                                "mail-pass",
                                "wrong-password",
                                WRONG_PASSWORD,
                                "slack-token",
                                "xoxb-test-token"))
                        .build())
                .serverSideApply();
        client.resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName(NotificationSettings.CONFIG_MAP)
                        .withNamespace(Apps.NAMESPACE)
                        .endMetadata()
                        .withData(Map.ofEntries(
                                Map.entry("context", "argocdUrl: https://sextant.example\n"),
                                Map.entry(
                                        "service.webhook.receiver",
                                        "url: " + base + "/hook\nheaders:\n- name: Authorization\n"
                                                + "  value: Bearer $hook-token\n"),
                                Map.entry("service.webhook.failing", "url: " + base + "/fail\n"),
                                Map.entry("service.webhook.hanging", "url: " + base + "/hang\n"),
                                Map.entry("service.webhook.apiserver", "url: " + client.getMasterUrl() + "api\n"),
                                Map.entry(
                                        "service.email",
                                        "host: 127.0.0.1\nport: " + smtpPort + "\nfrom: sextant@example.com\n"
                                                + "username: sextant\npassword: $email-password\n"),
                                Map.entry(
                                        "service.email.wrong-login",
                                        "host: 127.0.0.1\nport: " + smtpPort + "\nfrom: sextant@example.com\n"
                                                + "username: sextant\npassword: $wrong-password\n"),
                                Map.entry("service.slack", "token: $slack-token\napiURL: " + base + "/api/\n"),
                                Map.entry("template.bad-field", "message: 'App {{.app.metadata.nmae}}'\n"),
                                Map.entry("trigger.on-bad-field", "- when: 'true'\n  send: [bad-field]\n"),
                                Map.entry(
                                        "trigger.broken",
                                        "- when: app.status.health.status = 'x'\n  send: [app-deployed]\n")))
                        .build())
                .serverSideApply();
    }

    private static List<Request> at(String prefix) {
        return received.stream().filter(r -> r.path().startsWith(prefix)).toList();
    }

    /** The webhook receiver's requests about {@code app}. */
    private static List<Request> hooks(String app) {
        return at("/hook").stream()
                .filter(r -> r.body().contains("Application " + app + " "))
                .toList();
    }

    private static List<String> mails() throws IOException {
        try (Stream<Path> files = Files.list(mailDir)) {
            return files.filter(f -> f.toString().endsWith(".eml"))
                    .sorted()
                    .map(f -> {
                        try {
                            return Files.readString(f);
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .toList();
        }
    }

    private List<Event> events(String app, String reason) {
        return client.v1().events().inNamespace(Apps.NAMESPACE).list().getItems().stream()
                .filter(e -> app.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()))
                .toList();
    }

    @Test
    void theBadImageIsToldOnceByWebhookAndMailAndTheRollbackIsToldDeployed() throws Exception {
        configure();
        Apps apps = new Apps(client);
        String app = "kubercoins-notify";
        String ns = "kubercoins-notify";
        apps.freshNamespace(ns);
        apps.create(app, repo.url(), "stage", ".", ns, "");
        apps.patch(
                app,
                "{\"metadata\": {\"annotations\": {"
                        + "\"notifications.argoproj.io/subscribe.on-health-degraded.receiver\": \"\","
                        + "\"notifications.argoproj.io/subscribe.on-health-degraded.email\": \"ops@example.com\","
                        + "\"notifications.argoproj.io/subscribe.on-deployed.receiver\": \"\"}}}");
        operations.sync(app, null, false, false, List.of(), List.of(), "admin");
        apps.awaitOperation(app, "Succeeded", Duration.ofSeconds(60));
        apps.awaitSyncAndHealth(app, "Synced", "Healthy");
        await().atMost(Duration.ofSeconds(30)).until(() -> hooks(app).size() == 1);
        Request deployed = hooks(app).get(0);
        assertThat(deployed.method()).isEqualTo("GET");
        assertThat(deployed.body())
                .contains("Application " + app + " is synced and healthy at revision " + repo.headOf("stage"));
        assertThat(deployed.authorization())
                .as("the header's $hook-token from the Secret")
                .isEqualTo("Bearer " + HOOK_TOKEN);

        repo.replaceInFile(
                "stage", "worker-deployment.yaml", "dockercoins/worker:v0.1", "dockercoins/worker:v0.3", "worker v0.3");
        apps.patch(app, "{\"spec\": {\"syncPolicy\": {\"automated\": {}}}}");
        apps.refresh(app, "normal");
        await().atMost(Duration.ofSeconds(90))
                .until(() ->
                        hooks(app).stream().anyMatch(r -> r.body().contains("is degraded")) && mails().size() == 1);
        String mail = mails().get(0);
        assertThat(mail).startsWith("ops@example.com\n");
        assertThat(mail).contains("Subject: Application " + app + " is degraded.");
        assertThat(mail).contains("Details: https://sextant.example/applications/" + app);
        Thread.sleep(5000); // further reconciles of the same Degraded state send nothing more
        assertThat(hooks(app).stream().filter(r -> r.body().contains("is degraded")))
                .hasSize(1);
        assertThat(mails()).hasSize(1);
        assertThat(hooks(app).stream().filter(r -> r.body().contains("synced and healthy")))
                .as("v0.3 was synced but never healthy")
                .hasSize(1);

        apps.patch(app, "{\"spec\": {\"syncPolicy\": {\"automated\": null}}}");
        operations.rollback(app, 0, false, false, "admin");
        apps.awaitOperation(app, "Succeeded", Duration.ofSeconds(60));
        apps.awaitSyncAndHealth(app, "OutOfSync", "Healthy");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> hooks(app).stream()
                                .filter(r -> r.body().contains("synced and healthy"))
                                .count()
                        == 2);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Map<String, String> annotations = apps.get(app).getMetadata().getAnnotations();
            assertThat(annotations).doesNotContainKey(NotifiedState.PENDING);
            assertThat(NotifiedState.of(annotations).notifiedKeys().keySet())
                    .anySatisfy(k -> assertThat(k).contains(":on-health-degraded:[0]."))
                    .anySatisfy(k -> assertThat(k).contains(":on-deployed:[0]."));
        });
        assertThat(events(app, NotificationController.FAILED)).isEmpty();
        // The details panel lists the subscriptions and what became of them.
        String page = given().cookie("argocd.token", io.sextant.testing.ApiLogin.sessionCookie(client))
                .get("/applications/" + app + "?panel=details")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(page.replaceAll("\\s+", " "))
                .contains("<td>on-health-degraded</td><td>email:ops@example.com</td>")
                .contains("notifications.argoproj.io/subscribe.on-health-degraded.email</td><td>sent for 1 change</td>")
                .contains("<td>on-deployed</td><td>receiver:</td>")
                .contains("sent for 2 changes");
        apps.delete(app);
    }

    @Test
    void theAdminCommandsTryTriggersAndTemplatesAgainstTheTestbed() throws Exception {
        configure();
        Apps apps = new Apps(client);
        String app = "notify-cli";
        apps.freshNamespace(app);
        apps.create(app, repo.url(), "stage", ".", app, "");
        operations.sync(app, null, false, false, List.of(), List.of(), "admin");
        apps.awaitOperation(app, "Succeeded", Duration.ofSeconds(60));
        Path config = Files.createTempDirectory("sextant-cli").resolve("config");
        String kc = io.sextant.testing.TestbedResource.kubeconfig().toString();
        java.util.function.Function<String[], io.sextant.cli.CliRun> cli = args -> {
            List<String> all = new java.util.ArrayList<>(List.of("admin", "notifications"));
            all.addAll(List.of(args));
            all.addAll(List.of("--kubeconfig", kc, "-n", Apps.NAMESPACE));
            return io.sextant.cli.CliRun.run(config, all.toArray(String[]::new));
        };
        io.sextant.cli.CliRun ran = cli.apply(new String[] {"trigger", "run", "on-sync-succeeded", app});
        assertThat(ran.code()).as(ran.err()).isZero();
        assertThat(ran.out())
                .containsPattern("CONDITION\\s+RESULT")
                .containsPattern("phase in \\['Succeeded'\\]\\s+true");
        assertThat(cli.apply(new String[] {"trigger", "run", "on-sync-failed", app})
                        .out())
                .containsPattern("\\s+false");
        io.sextant.cli.CliRun unknown = cli.apply(new String[] {"trigger", "run", "nosuch", app});
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err())
                .contains("trigger with name 'nosuch' does not exist (found")
                .contains("on-deployed");
        assertThat(cli.apply(new String[] {"trigger", "run", "broken", app}).err())
                .contains("trigger broken cannot be used")
                .contains("unexpected '='");
        assertThat(cli.apply(new String[] {"trigger", "get"}).out())
                .containsPattern("NAME\\s+TEMPLATE\\s+CONDITION")
                .containsPattern("on-health-degraded\\s+app-health-degraded\\s+app.status.health.status == 'Degraded'")
                .contains("trigger.broken: off:");
        assertThat(cli.apply(new String[] {"template", "get", "app-created"}).out())
                .containsPattern("app-created\\s+Application \\{\\{.app.metadata.name}} was created.");
        io.sextant.cli.CliRun console = cli.apply(new String[] {"template", "notify", "app-sync-succeeded", app});
        assertThat(console.out())
                .contains("message: |")
                .contains("Application " + app + " was synced at")
                .contains("email.subject: Application " + app + " was synced.");
        io.sextant.cli.CliRun sent =
                cli.apply(new String[] {"template", "notify", "app-sync-succeeded", app, "--recipient", "receiver"});
        assertThat(sent.code()).as(sent.err()).isZero();
        assertThat(sent.out()).contains("sent to receiver");
        assertThat(hooks(app))
                .singleElement()
                .satisfies(r -> assertThat(r.body()).contains("was synced at"));
        io.sextant.cli.CliRun failing =
                cli.apply(new String[] {"template", "notify", "app-sync-succeeded", app, "--recipient", "failing"});
        assertThat(failing.code()).isEqualTo(1);
        assertThat(failing.err())
                .contains("failed to notify 'failing': webhook failing")
                .contains("answered HTTP 500");
        assertThat(apps.get(app).getMetadata().getAnnotations())
                .as("notify writes nothing to the app")
                .doesNotContainKey(NotifiedState.NOTIFIED);
        apps.delete(app);
    }

    @Test
    void aPendingNotificationLeftByAStoppedControllerIsDeliveredOnce() throws Exception {
        configure();
        Apps apps = new Apps(client);
        String app = "notify-pending";
        apps.freshNamespace(app);
        apps.create(app, repo.url(), "stage", ".", app, "");
        apps.awaitStatus(app);
        // What a controller stopped after recording and before delivering leaves: the key remembered, the record
        // pending.
        String key = "rev-1:on-created:[0].x:receiver:";
        apps.patch(
                app,
                "{\"metadata\": {\"annotations\": {\"" + NotifiedState.NOTIFIED + "\": \"{\\\"" + key.replace("\"", "")
                        + "\\\": 1700000000}\", \"" + NotifiedState.PENDING + "\": \"[{\\\"key\\\": \\\"" + key
                        + "\\\", \\\"trigger\\\": \\\"on-created\\\", \\\"condition\\\": 0, \\\"service\\\": \\\"receiver\\\","
                        + " \\\"recipient\\\": \\\"\\\"}]\"}}}");
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        at("/hook").stream().anyMatch(r -> r.body().contains("Application " + app + " was created")));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !apps.get(app).getMetadata().getAnnotations().containsKey(NotifiedState.PENDING));
        apps.refresh(app, "hard");
        Thread.sleep(3000);
        assertThat(at("/hook").stream().filter(r -> r.body().contains("Application " + app + " was created")))
                .hasSize(1);
        apps.delete(app);
    }

    @Test
    void badInputsAreEventsLogLinesAndMetricsWhileSyncsGoOn() throws Exception {
        configure();
        Apps apps = new Apps(client);
        String app = "notify-bad";
        apps.freshNamespace(app);
        apps.create(app, repo.url(), "stage", ".", app, "");
        apps.patch(
                app,
                "{\"metadata\": {\"annotations\": {"
                        + "\"notifications.argoproj.io/subscribe.on-sync-succeeded.failing\": \"\","
                        + "\"notifications.argoproj.io/subscribe.on-sync-succeeded.hanging\": \"\","
                        + "\"notifications.argoproj.io/subscribe.on-sync-succeeded.apiserver\": \"\","
                        + "\"notifications.argoproj.io/subscribe.on-sync-succeeded.wrong-login\": \"dev@example.com\","
                        + "\"notifications.argoproj.io/subscribe.on-sync-succeeded.slack\": \"#deploys\","
                        + "\"notifications.argoproj.io/subscribe.on-sync-succeeded.nosuch\": \"x\","
                        + "\"notifications.argoproj.io/subscribe.on-bad-field.receiver\": \"\","
                        + "\"notifications.argoproj.io/subscribe.broken.receiver\": \"\"}}}");
        long started = System.nanoTime();
        operations.sync(app, null, false, false, List.of(), List.of(), "admin");
        OperationState done = apps.awaitOperation(app, "Succeeded", Duration.ofSeconds(60));
        assertThat(done.getPhase()).isEqualTo("Succeeded");
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("the sync does not wait for a hanging endpoint (its 3 attempts take over 6 s)")
                .isLessThan(Duration.ofSeconds(45));
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            List<String> failed = events(app, NotificationController.FAILED).stream()
                    .map(Event::getMessage)
                    .toList();
            assertThat(failed)
                    .anySatisfy(m -> assertThat(m)
                            .contains("to failing failed")
                            .contains("answered HTTP 500 (after 3 attempts)"))
                    .anySatisfy(m -> assertThat(m).contains("to hanging failed").contains("did not answer within 2 s"))
                    .anySatisfy(
                            m -> assertThat(m).contains("to apiserver failed").contains("Kubernetes API server"))
                    .anySatisfy(m -> assertThat(m)
                            .contains("wrong-login:dev@example.com failed")
                            .contains("refused the login"));
            List<String> config = events(app, NotificationController.CONFIG_ERROR).stream()
                    .map(Event::getMessage)
                    .toList();
            assertThat(config)
                    .anySatisfy(m -> assertThat(m).contains(".app.metadata.nmae is not there"))
                    .anySatisfy(m -> assertThat(m)
                            .contains("trigger broken cannot be used")
                            .contains("'='"))
                    .anySatisfy(m -> assertThat(m).contains("service nosuch is not configured"));
        });
        assertThat(at("/fail")).as("tried 3 times").hasSize(3);
        assertThat(at("/api/chat.postMessage")).singleElement().satisfies(r -> {
            String form = URLDecoder.decode(r.body(), StandardCharsets.UTF_8);
            assertThat(form).contains("channel=#deploys").contains("Application " + app + " was synced at");
            assertThat(r.authorization()).isEqualTo("Bearer xoxb-test-token");
        });
        assertThat(client.v1().events().inNamespace(Apps.NAMESPACE).list().getItems())
                .extracting(Event::getMessage)
                .noneMatch(m -> m != null
                        && (m.contains(WRONG_PASSWORD)
                                || m.contains(HOOK_TOKEN)
                                || m.contains("mail-pass")
                                || m.contains("xoxb-test-token")));
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .containsPattern(
                        "sextant_notifications_deliveries_total\\{[^}]*result=\"failure\"[^}]*service=\"failing\"")
                .containsPattern(
                        "sextant_notifications_deliveries_total\\{[^}]*result=\"success\"[^}]*service=\"slack\"")
                .contains("sextant_notifications_problems_total");
        // The app goes on: a second sync is as quick, with the hanging endpoint still hanging.
        operations.sync(app, null, false, false, List.of(), List.of(), "admin");
        apps.awaitOperation(app, "Succeeded", Duration.ofSeconds(30));
        apps.delete(app);
    }
}
