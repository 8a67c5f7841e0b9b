package io.sextant.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sextant.model.Application;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A restarted controller (a writer with no memory) leaves an app unwritten when its stored status is what
 * the comparison found, compared within the refresh period; any difference, an older comparison or a
 * refresh to clear writes. The writer's client points at a closed port, so a write shows as a refused
 * connection: what is checked is whether a request is made at all.
 */
class StatusWriterFirstLookTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private KubernetesClient client;
    private StatusWriter writer;

    @BeforeEach
    void closedApiServer() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        client = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder()
                        .withMasterUrl("http://127.0.0.1:" + port)
                        .withRequestRetryBackoffLimit(0)
                        .build())
                .build();
        writer = new StatusWriter(new ApplicationPatcher(client), Duration.ofSeconds(180));
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void aStoredStatusComparedWithinThePeriodIsNotWrittenAgain() {
        Application app = app(Instant.now().minusSeconds(100), "Synced");
        assertThat(writer.write(app, status("Synced"), false)).isTrue();
        // Remembered now: the same status a moment later is not written either.
        assertThat(writer.write(app, status("Synced"), false)).isTrue();
    }

    @Test
    void aDifferenceAnOldComparisonOrARefreshToClearIsWritten() {
        Application app = app(Instant.now().minusSeconds(100), "Synced");
        assertThatThrownBy(() -> writer.write(app, status("OutOfSync"), false))
                .isInstanceOf(KubernetesClientException.class);
        Application old = app(Instant.now().minusSeconds(200), "Synced");
        assertThatThrownBy(() -> writer.write(old, status("Synced"), false))
                .isInstanceOf(KubernetesClientException.class);
        Application asked = app(Instant.now().minusSeconds(10), "Synced");
        assertThatThrownBy(() -> writer.write(asked, status("Synced"), true))
                .isInstanceOf(KubernetesClientException.class);
    }

    @Test
    void aMergePatchChangesNothingOnlyWhenEveryFieldIsThereAlready() throws Exception {
        var stored = JSON.readTree("{\"a\": {\"b\": 1, \"keep\": 2}, \"list\": [1, 2]}");
        assertThat(StatusWriter.changesNothing(JSON.readTree("{\"a\": {\"b\": 1, \"gone\": null}}"), stored))
                .isTrue();
        assertThat(StatusWriter.changesNothing(JSON.readTree("{\"a\": {\"keep\": null}}"), stored))
                .isFalse();
        assertThat(StatusWriter.changesNothing(JSON.readTree("{\"list\": [1]}"), stored))
                .isFalse();
        assertThat(StatusWriter.changesNothing(JSON.readTree("{\"new\": {}}"), stored))
                .isFalse();
    }

    @Test
    void withoutAPeriodEveryFirstLookIsWritten() {
        StatusWriter always = new StatusWriter(new ApplicationPatcher(client));
        Application app = app(Instant.now().minusSeconds(10), "Synced");
        assertThatThrownBy(() -> always.write(app, status("Synced"), false))
                .isInstanceOf(KubernetesClientException.class);
    }

    private static ObjectNode status(String sync) {
        ObjectNode s = JSON.createObjectNode();
        ObjectNode syncNode = s.putObject("sync").put("status", sync).put("revision", "abc");
        // As the status builder writes them: nulls remove what the stored status may still have.
        ObjectNode comparedTo = syncNode.putObject("comparedTo").putNull("sources");
        comparedTo.putObject("destination").put("name", "in-cluster");
        s.putObject("health").put("status", "Healthy").putNull("message");
        s.putArray("resources").addObject().put("kind", "ConfigMap").put("name", "cm");
        s.putNull("conditions");
        s.put("reconciledAt", Instant.now().toString());
        return s;
    }

    private static Application app(Instant reconciled, String sync) {
        ObjectNode tree = JSON.createObjectNode();
        tree.put("apiVersion", "argoproj.io/v1alpha1").put("kind", "Application");
        tree.putObject("metadata")
                .put("name", "kc")
                .put("namespace", "sextant")
                .put("uid", "uid-1")
                .put("resourceVersion", "7");
        ObjectNode status = tree.putObject("status");
        status.putObject("sync")
                .put("status", sync)
                .put("revision", "abc")
                .putObject("comparedTo")
                .putObject("destination")
                .put("name", "in-cluster");
        status.putObject("health").put("status", "Healthy");
        status.putArray("resources").addObject().put("kind", "ConfigMap").put("name", "cm");
        status.putArray("history").addObject().put("id", 0); // not the comparison's: left alone
        status.put("reconciledAt", reconciled.toString());
        return JSON.convertValue(tree, Application.class);
    }
}
