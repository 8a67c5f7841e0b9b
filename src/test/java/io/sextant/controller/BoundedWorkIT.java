package io.sextant.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.sextant.model.Application;
import io.sextant.model.ApplicationCondition;
import io.sextant.repo.TreeCommit;
import io.sextant.testing.ProjectPaths;
import io.sextant.testing.WithPackagedApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 24, bounds under attack: apps whose content tries to exceed each bound a render or a health check has
 * (a Helm template that loops, one that asks for ever more memory, a Jsonnet program that never ends, Lua health
 * scripts that loop and that grow a string without end), refreshed hard every second, while four ordinary apps
 * sync pushes. Each hostile app gets the bound's message; the ordinary apps follow Git about as fast as with
 * no hostile app (measured in the same run); no tool process outlives its bound; the controller keeps serving.
 *
 * <p>Runs after {@code package} (failsafe, in {@code ./mvnw verify}): it needs target/quarkus-app.
 */
class BoundedWorkIT extends WithPackagedApp {

    private static final String CONTROL = "sextant-bounded";
    private static final List<String> CALM = List.of("calm-1", "calm-2", "calm-3", "calm-4");
    private static final Map<String, String> HOSTILE = Map.of(
            "hostile-helm-loop", "helm template did not finish within 5 s",
            "hostile-helm-memory", "ran out of its memory bound of 1024 MiB",
            "hostile-jsonnet-loop", "did not finish within 5 s");
    private static final String LUA_APP = "hostile-lua";
    private static final String CHART = "apiVersion: v2\nname: %s\nversion: 0.1.0\n";

    @Test
    void hostileContentMeetsItsBoundsWhileOrdinaryAppsKeepSyncing() throws Exception {
        assertThat(jar())
                .as("the packaged application: run ./mvnw package -DskipTests (./mvnw verify does)")
                .isRegularFile();
        List<String> all = new ArrayList<>(CALM);
        all.addAll(HOSTILE.keySet());
        all.add(LUA_APP);
        freshNamespaces(CONTROL, all);
        // Health checks that try to run for ever and to take all memory, for kinds only the hostile app deploys.
        client.resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("sextant-cm")
                        .withNamespace(CONTROL)
                        .addToLabels("app.kubernetes.io/part-of", "argocd")
                        .endMetadata()
                        .addToData("resource.customizations.health.ServiceAccount", "while true do end")
                        .addToData(
                                "resource.customizations.health.PodTemplate",
                                "local s = 'x' while true do s = s .. s end")
                        .build())
                .create();
        Path calmRepo = git.addAnonymous(CONTROL + "-calm");
        String calmUrl = git.url(CONTROL + "-calm");
        String first = calm(0).commitToDefaultBranch(calmRepo, "master");
        Path hostileRepo = git.addAnonymous(CONTROL + "-hostile");
        String hostileUrl = git.url(CONTROL + "-hostile");
        hostile().commitToDefaultBranch(hostileRepo, "master");

        Path logs = Files.createDirectories(ProjectPaths.root().resolve("target/bounded-it"));
        Path log = logs.resolve("controller.log");
        Process controller = startController(
                "controller", CONTROL, logs, "-Dsextant.roles=server,controller", "-Dsextant.render.tool-timeout=5s");
        AtomicBoolean refreshing = new AtomicBoolean(true);
        Thread refresher = null;
        try {
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> Files.readString(log).contains("Controller started"));
            for (String name : CALM) {
                createApp(CONTROL, name, calmUrl, "calm", "{prune: true, selfHeal: true}");
            }
            awaitCalmAt(first, 1);
            Duration alone = Duration.ZERO;
            for (int generation = 1; generation <= 3; generation++) {
                alone = max(alone, pushAndTimeCalm(calmRepo, generation, generation + 1));
            }

            for (String name : HOSTILE.keySet()) {
                createApp(CONTROL, name, hostileUrl, name, "{prune: true, selfHeal: true}");
            }
            createApp(CONTROL, LUA_APP, hostileUrl, LUA_APP, "{prune: true, selfHeal: true}");
            HOSTILE.forEach((name, message) -> await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(conditions(name)).as(name).contains(message)));
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(resourceHealthMessages(LUA_APP))
                            .as(LUA_APP + ": each resource's health")
                            .contains(
                                    "health check script timed out", "health check script exceeded its memory limit"));

            refresher = new Thread(() -> {
                while (refreshing.get()) {
                    for (String name : HOSTILE.keySet()) {
                        refresh(name, "hard");
                    }
                    refresh(LUA_APP, "normal");
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            refresher.setDaemon(true);
            refresher.start();
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> !toolProcesses().isEmpty());
            Duration beside = Duration.ZERO;
            int withTools = 0;
            for (int generation = 4; generation <= 8; generation++) {
                withTools += toolProcesses().isEmpty() ? 0 : 1;
                beside = max(beside, pushAndTimeCalm(calmRepo, generation, generation + 1));
            }
            System.out.printf(
                    "BENCH bounded work: 4 ordinary apps followed a push in at most %d ms alone (3 pushes) and %d ms"
                            + " beside 4 hostile apps refreshed every second (5 pushes, %d of them while a hostile"
                            + " render ran; ratio %.2f)%n",
                    alone.toMillis(), beside.toMillis(), withTools, (double) beside.toMillis() / alone.toMillis());
            assertThat(withTools)
                    .as("pushes of the ordinary apps made while a hostile render was running")
                    .isGreaterThanOrEqualTo(3);
            assertThat(beside)
                    .as("ordinary apps beside hostile ones (alone: " + alone.toMillis() + " ms)")
                    .isLessThan(alone.multipliedBy(3).plusSeconds(10));
            refreshing.set(false);
            refresher.join(5000);

            HOSTILE.forEach(
                    (name, message) -> assertThat(conditions(name)).as(name).contains(message));
            // A render past its bound leaves no process behind (its whole tree is killed).
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(toolProcesses())
                            .as("helm or jsonnet processes left running")
                            .isEmpty());
            assertReady(log);
            assertThat(controller.isAlive()).isTrue();
            controller.destroy();
            assertThat(controller.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            refreshing.set(false);
            if (refresher != null) {
                refresher.interrupt();
            }
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** Pushes the calm apps' commit {@code generation} and times until all four are synced to it. */
    private static Duration pushAndTimeCalm(Path repo, int generation, int entries) {
        String head = calm(generation).commitTo(repo, "master");
        long start = System.nanoTime();
        CALM.forEach(name -> refresh(name, "normal"));
        awaitCalmAt(head, entries);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static void awaitCalmAt(String revision, int entries) {
        for (String name : CALM) {
            await().atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions()
                    .untilAsserted(() -> FaultInjectionIT.assertSettled(client, CONTROL, name, revision, entries));
        }
    }

    private static void refresh(String name, String kind) {
        try {
            client.resources(Application.class)
                    .inNamespace(CONTROL)
                    .withName(name)
                    .patch(
                            PatchContext.of(PatchType.JSON_MERGE),
                            "{\"metadata\": {\"annotations\": {\"argocd.argoproj.io/refresh\": \"" + kind + "\"}}}");
        } catch (RuntimeException e) {
            // the next round tries again
        }
    }

    private static String conditions(String name) {
        Application a = client.resources(Application.class)
                .inNamespace(CONTROL)
                .withName(name)
                .get();
        if (a == null || a.getStatus() == null || a.getStatus().getConditions() == null) {
            return "";
        }
        return a.getStatus().getConditions().stream()
                .map(ApplicationCondition::getMessage)
                .collect(Collectors.joining("\n"));
    }

    private static String resourceHealthMessages(String name) {
        Application a = client.resources(Application.class)
                .inNamespace(CONTROL)
                .withName(name)
                .get();
        if (a == null || a.getStatus() == null || a.getStatus().getResources() == null) {
            return "";
        }
        return a.getStatus().getResources().stream()
                .filter(r -> r.getHealth() != null && r.getHealth().getMessage() != null)
                .map(r -> r.getHealth().getMessage())
                .collect(Collectors.joining("\n"));
    }

    /** Command lines of helm or sextant-jsonnet processes running now. */
    private static List<String> toolProcesses() throws java.io.IOException {
        List<String> found = new ArrayList<>();
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .toList()) {
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
                    if (cmd.contains("helm template") || cmd.contains("sextant-jsonnet")) {
                        found.add(cmd);
                    }
                } catch (java.io.IOException gone) {
                    // exited meanwhile
                }
            }
        }
        return found;
    }

    /** The ordinary apps' folder: a ConfigMap whose data says which generation of the repository it is. */
    private static TreeCommit calm(int generation) {
        return TreeCommit.tree()
                .file(
                        "calm/config.yaml",
                        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: calm}\ndata: {generation: \"" + generation
                                + "\"}\n");
    }

    /** One folder per hostile app. */
    private static TreeCommit hostile() {
        StringBuilder lua = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            lua.append("apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: looping-")
                    .append(i)
                    .append("}\n---\n");
            lua.append("apiVersion: v1\nkind: PodTemplate\nmetadata: {name: greedy-")
                    .append(i)
                    .append("}\ntemplate:\n  spec:\n    containers: [{name: c, image: busybox}]\n---\n");
        }
        return TreeCommit.tree()
                .file("hostile-helm-loop/Chart.yaml", CHART.formatted("loop"))
                .file(
                        "hostile-helm-loop/templates/cm.yaml",
                        "{{- range until 8000 }}{{- range until 8000 }}{{- range until 8000 }}{{- end }}{{- end }}"
                                + "{{- end }}\n")
                .file("hostile-helm-memory/Chart.yaml", CHART.formatted("memory"))
                .file(
                        "hostile-helm-memory/templates/big.yaml",
                        "{{- $s := \"xxxxxxxxxx\" }}{{- range until 40 }}{{- $s = print $s $s }}{{- end }}"
                                + "# {{ len $s }}\n")
                .file(
                        "hostile-jsonnet-loop/main.jsonnet",
                        "{ x: std.foldl(function(a, i) std.foldl(function(b, j) b + 1, std.range(1, 20000), a),"
                                + " std.range(1, 20000), 0) }")
                .file(LUA_APP + "/objects.yaml", lua.toString());
    }
}
