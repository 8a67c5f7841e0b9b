package io.sextant.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.sextant.model.Application;
import io.sextant.repo.TreeCommit;
import io.sextant.testing.ProjectPaths;
import io.sextant.testing.WithPackagedApp;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A controller killed (SIGKILL) between recording a notification as due and delivering it: the next controller
 * delivers it, once, and clears its pending record. The packaged controller holds at the fault point
 * {@code notification-recorded} ({@code sextant.testing.fault-points}), so the kill lands exactly there.
 *
 * <p>Runs after {@code package} (failsafe, in {@code ./mvnw verify}): it needs target/quarkus-app.
 */
class NotificationKillIT extends WithPackagedApp {

    @Test
    void aNotificationRecordedBeforeAKillIsDeliveredOnceByTheNextController() throws Exception {
        assertThat(jar())
                .as("the packaged application: run ./mvnw package -DskipTests")
                .isRegularFile();
        String control = "notify-kill";
        String app = "notify-kill-app";
        freshNamespaces(control, List.of(app));
        List<String> bodies = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        try {
            client.resource(new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName(NotificationSettings.CONFIG_MAP)
                            .withNamespace(control)
                            .endMetadata()
                            .withData(Map.of(
                                    "service.webhook.receiver",
                                    "url: http://127.0.0.1:"
                                            + receiver.getAddress().getPort() + "/hook\n"))
                            .build())
                    .create();
            Path repo = git.addAnonymous(control + "-repo");
            String revision = TreeCommit.tree()
                    .file(
                            "app/cm.yaml",
                            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: '1'}\n")
                    .commitToDefaultBranch(repo, "master");
            Path logs = Files.createDirectories(ProjectPaths.root().resolve("target/fault-it"));
            Process first = startController(
                    "notify-first", control, logs, "-Dsextant.testing.fault-points=notification-recorded@" + app);
            Path firstLog = logs.resolve("notify-first.log");
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> Files.readString(firstLog).contains("Controller started"));
            createApp(control, app, git.url(control + "-repo"), "app", "{prune: true, selfHeal: true}");
            client.resources(Application.class)
                    .inNamespace(control)
                    .withName(app)
                    .edit(a -> {
                        Map<String, String> annotations = new java.util.HashMap<>(
                                a.getMetadata().getAnnotations() == null
                                        ? Map.of()
                                        : a.getMetadata().getAnnotations());
                        annotations.put("notifications.argoproj.io/subscribe.on-sync-succeeded.receiver", "");
                        a.getMetadata().setAnnotations(annotations);
                        return a;
                    });
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() ->
                            Files.readString(firstLog).contains("fault point notification-recorded reached by " + app));
            Map<String, String> held = client.resources(Application.class)
                    .inNamespace(control)
                    .withName(app)
                    .get()
                    .getMetadata()
                    .getAnnotations();
            assertThat(held).containsKey(NotifiedState.PENDING).containsKey(NotifiedState.NOTIFIED);
            assertThat(NotifiedState.of(held).pending())
                    .singleElement()
                    .satisfies(p -> assertThat(p.key()).startsWith(revision + ":on-sync-succeeded:[0]."));
            assertThat(bodies).as("nothing sent before the kill").isEmpty();

            first.destroyForcibly();
            assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();

            startController("notify-second", control, logs);
            await().atMost(Duration.ofSeconds(120)).until(() -> !bodies.isEmpty());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !client.resources(Application.class)
                            .inNamespace(control)
                            .withName(app)
                            .get()
                            .getMetadata()
                            .getAnnotations()
                            .containsKey(NotifiedState.PENDING));
            Thread.sleep(5000); // the app keeps being reconciled; the notification is not sent again
            assertThat(bodies).singleElement().asString().contains("Application " + app + " was synced at");
        } finally {
            receiver.stop(0);
        }
    }
}
