package io.sextant.appset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.sextant.model.Application;
import io.sextant.model.ApplicationSet;
import io.sextant.testing.ProjectPaths;
import io.sextant.testing.WithPackagedApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two processes run the applicationset role with leader election on (as two replicas of the install's
 * controller Deployment do): one leads and writes the generated Applications, the other writes nothing;
 * when the leader is stopped (SIGTERM) it releases the Lease and the other takes over at once and follows
 * the next change of the set.
 *
 * <p>Runs after {@code package} (failsafe, in {@code ./mvnw verify}): it needs target/quarkus-app.
 */
class ApplicationSetLeaderIT extends WithPackagedApp {

    private static final String CONTROL = "sextant-appset-leader";

    @Test
    void oneProcessWritesAndTheOtherTakesOverWhenItStops() throws Exception {
        assertThat(jar())
                .as("the packaged application: run ./mvnw package -DskipTests (./mvnw verify does)")
                .isRegularFile();
        freshNamespaces(CONTROL, List.of());
        Path logs = Files.createDirectories(ProjectPaths.root().resolve("target/appset-leader-it"));
        Process a = candidate("appset-a", logs);
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> "appset-a".equals(holder()));
        Process b = candidate("appset-b", logs);
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> Files.readString(logs.resolve("appset-b.log"))
                        .contains("appset-b stands for Lease " + ApplicationSetController.LEADER_LEASE));

        client.resource(set("one", "two")).serverSideApply();
        await().atMost(Duration.ofSeconds(60)).until(() -> apps().equals(List.of("pair-one", "pair-two")));
        assertThat(Files.readString(logs.resolve("appset-a.log")))
                .contains("ApplicationSet pair: generated 2 applications")
                .contains("ApplicationSet pair: created Application pair-one")
                .contains("ApplicationSet pair: created Application pair-two");
        Thread.sleep(3000); // what B would do with the set it also watches, it would have done by now
        assertThat(Files.readString(logs.resolve("appset-b.log")))
                .as("the standby does not even generate the set")
                .doesNotContain("ApplicationSet pair:")
                .doesNotContain("appset-b leads");
        assertThat(holder()).isEqualTo("appset-a");

        long stopping = System.nanoTime();
        a.destroy();
        assertThat(a.waitFor(20, TimeUnit.SECONDS)).as("A stops on SIGTERM").isTrue();
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> "appset-b".equals(holder()));
        double takeover = (System.nanoTime() - stopping) / 1e9;
        assertThat(takeover)
                .as("A released its Lease: B leads well before the 6 s lease would have run out")
                .isLessThan(6.0);
        assertThat(Files.readString(logs.resolve("appset-b.log"))).contains("appset-b leads");

        client.resource(set("one", "two", "three")).serverSideApply();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> apps().equals(List.of("pair-one", "pair-three", "pair-two")));
        assertThat(Files.readString(logs.resolve("appset-b.log")))
                .contains("ApplicationSet pair: created Application pair-three")
                .as("B found the apps A wrote as they should be")
                .doesNotContain("created Application pair-one")
                .doesNotContain("updated Application pair-one");
        assertThat(b.isAlive()).isTrue();
    }

    private Process candidate(String id, Path logs) throws IOException {
        return startController(
                id,
                CONTROL,
                logs,
                "-Dsextant.roles=applicationset",
                "-Dsextant.applicationset.leader-election=on",
                "-Dsextant.controller.replica-id=" + id,
                "-Dsextant.controller.lease-duration=6s",
                "-Dsextant.controller.lease-renew-period=2s");
    }

    private static String holder() {
        Lease lease = client.leases()
                .inNamespace(CONTROL)
                .withName(ApplicationSetController.LEADER_LEASE)
                .get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    private static List<String> apps() {
        return client.resources(Application.class).inNamespace(CONTROL).list().getItems().stream()
                .map(a -> a.getMetadata().getName())
                .sorted()
                .toList();
    }

    private static ApplicationSet set(String... names) {
        StringBuilder elements = new StringBuilder();
        for (String n : names) {
            elements.append(elements.length() == 0 ? "" : ", ")
                    .append("{n: ")
                    .append(n)
                    .append('}');
        }
        return client.getKubernetesSerialization().unmarshal("""
                apiVersion: argoproj.io/v1alpha1
                kind: ApplicationSet
                metadata: {name: pair, namespace: %s}
                spec:
                  generators:
                  - list: {elements: [%s]}
                  template:
                    metadata: {name: 'pair-{{n}}'}
                    spec:
                      project: default
                      source: {repoURL: 'https://git.example.invalid/pair.git', path: '{{n}}'}
                      destination: {server: https://kubernetes.default.svc, namespace: 'pair-{{n}}'}
                """.formatted(CONTROL, elements), ApplicationSet.class);
    }
}
