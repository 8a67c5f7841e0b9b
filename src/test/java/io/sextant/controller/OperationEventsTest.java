package io.sextant.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.sextant.model.Application;
import io.sextant.model.ApplicationSpec;
import io.sextant.model.Operation;
import io.sextant.model.OperationState;
import io.sextant.model.SyncOperation;
import io.sextant.model.SyncOperationResult;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Events never hold a sync up: against an API server that accepts connections and never answers,
 * a thousand operations end without waiting for it, and the Events that wait are mostly outcomes;
 * messages carry no credentials and stay bounded.
 * (InstallIT reads the Events a real sync writes.)
 */
class OperationEventsTest {

    @Test
    void aHangingApiServerNeverSlowsOperations() throws Exception {
        try (ServerSocket hanging = new ServerSocket(0);
                KubernetesClient client = clientOf(hanging);
                OperationEvents events = new OperationEvents(client)) {
            Application app = app();
            long started = System.nanoTime();
            for (int i = 0; i < 1000; i++) {
                events.started(app, app.getOperation());
                events.finished(app, failed("the API server is not answering"));
            }
            // One write blocked on the API server would take the request timeout (60 s); a thousand
            // operations take what building their Events takes (well under 10 s on a busy machine).
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            // The queue filled while the first write hung: past its first half, only outcomes were kept.
            List<String> queued = events.queuedReasons();
            assertThat(queued).hasSize(OperationEvents.QUEUE);
            assertThat(queued.stream().filter(OperationEvents.STARTED::equals).count())
                    .isLessThanOrEqualTo(OperationEvents.QUEUE / 4 + 1);
            assertThat(queued.subList(OperationEvents.QUEUE / 2 + 1, OperationEvents.QUEUE))
                    .containsOnly(OperationEvents.COMPLETED);
        }
    }

    @Test
    void aBurstOfSuccessfulSyncsWritesFewNormalEventsButEveryFailure() throws Exception {
        try (ServerSocket hanging = new ServerSocket(0);
                KubernetesClient client = clientOf(hanging);
                OperationEvents events = new OperationEvents(client)) {
            Application app = app();
            long started = System.nanoTime();
            for (int i = 0; i < 1000; i++) {
                events.started(app, app.getOperation());
                events.finished(app, succeeded());
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            // 2,000 Normal Events asked for; the budget lets the burst and its refill through (one more is
            // held by the writer thread, blocked on the hanging server).
            assertThat(events.queuedReasons().size())
                    .isLessThanOrEqualTo(OperationEvents.NORMAL_BURST
                            + (int) Math.ceil(seconds * OperationEvents.NORMAL_PER_SECOND));
            int normal = events.queuedReasons().size();
            for (int i = 0; i < 50; i++) {
                events.finished(app, failed("the cluster refused it"));
            }
            assertThat(events.queuedReasons()).hasSize(normal + 50);
        }
    }

    @Test
    void messagesNameTheRevisionAndOutcomeWithoutCredentials() {
        OperationEvents events = new OperationEvents(null);
        Application app = app();
        OperationState state =
                failed("cannot fetch https://deployer:s3cret@git.example/kc.git: 401 " + "x".repeat(5000));
        Event e = events.event(
                app, "Warning", OperationEvents.COMPLETED, "Sync operation to abc failed: " + state.getMessage());
        assertThat(e.getMessage())
                .startsWith("Sync operation to abc failed: cannot fetch https://git.example/kc.git: 401")
                .doesNotContain("s3cret")
                .doesNotContain("deployer")
                .hasSizeLessThanOrEqualTo(OperationEvents.MAX_MESSAGE);
        assertThat(e.getInvolvedObject().getKind()).isEqualTo("Application");
        assertThat(e.getInvolvedObject().getName()).isEqualTo("kc");
        assertThat(e.getInvolvedObject().getUid()).isEqualTo("uid-1");
        assertThat(e.getReason()).isEqualTo("OperationCompleted");
        assertThat(e.getMetadata().getNamespace()).isEqualTo("sextant");
        events.close();
    }

    /** A client of an API server that accepts connections and never answers (60 s request timeout). */
    private static KubernetesClient clientOf(ServerSocket hanging) {
        return new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder()
                        .withMasterUrl("http://127.0.0.1:" + hanging.getLocalPort())
                        .withRequestTimeout(60_000)
                        .build())
                .build();
    }

    private static Application app() {
        Application app = new Application();
        app.getMetadata().setName("kc");
        app.getMetadata().setNamespace("sextant");
        app.getMetadata().setUid("uid-1");
        Operation op = new Operation();
        SyncOperation sync = new SyncOperation();
        sync.setRevision("prod");
        op.setSync(sync);
        app.setOperation(op);
        app.setSpec(new ApplicationSpec());
        return app;
    }

    private static OperationState succeeded() {
        OperationState s = new OperationState();
        s.setPhase("Succeeded");
        SyncOperationResult r = new SyncOperationResult();
        r.setRevision("abc");
        s.setSyncResult(r);
        return s;
    }

    private static OperationState failed(String message) {
        OperationState s = new OperationState();
        s.setPhase("Failed");
        s.setMessage(message);
        SyncOperationResult r = new SyncOperationResult();
        r.setRevision("abc");
        s.setSyncResult(r);
        return s;
    }
}
