package io.sextant.controller;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.sextant.model.Application;
import io.sextant.model.OperationState;
import io.sextant.model.SyncPolicy;
import io.sextant.model.SyncStatusCode;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Auto-sync and self-heal: after a comparison finds an app with {@code syncPolicy.automated}
 * OutOfSync, asks for a sync of the compared revision by writing the {@code operation} field, as
 * Argo CD does. A revision is synced automatically once: a sync of it that failed is not retried
 * by itself (a new commit, or a person, moves on). With {@code selfHeal}, drift after a successful
 * sync of the same revision is synced again, at most once per self-heal timeout.
 *
 * <p>The write carries the resourceVersion it decided on, so an operation a person asked for in the
 * meantime is never overwritten. Thread-safe.
 */
public final class AutoSync {

    private static final Logger LOG = Logger.getLogger(AutoSync.class);

    private final KubernetesClient client;
    private final String namespace;
    private final Duration selfHealTimeout;

    public AutoSync(KubernetesClient client, String namespace, Duration selfHealTimeout) {
        this.client = client;
        this.namespace = namespace;
        this.selfHealTimeout = selfHealTimeout;
    }

    /**
     * Starts an automated sync when one is due.
     *
     * @return how long to wait before asking again (self-heal held back by its timeout), if at all
     */
    public Optional<Duration> maybeSync(Application cached, Comparison c) {
        if (!enabled(cached) || !SyncStatusCode.OUT_OF_SYNC.equals(c.syncStatus()) || c.revision() == null
                || !c.errors().isEmpty()) {
            return Optional.empty();
        }
        // Decide on the stored Application: the cache may not show the last operation yet.
        Application app = client.resources(Application.class).inNamespace(namespace)
                .withName(cached.getMetadata().getName()).get();
        if (app == null || !enabled(app) || app.getOperation() != null) {
            return Optional.empty();
        }
        SyncPolicy.Automated automated = app.getSpec().getSyncPolicy().getAutomated();
        OperationState last = app.getStatus() == null ? null : app.getStatus().getOperationState();
        if (last != null && ("Running".equals(last.getPhase()) || "Terminating".equals(last.getPhase()))) {
            return Optional.empty();
        }
        if (last != null && attempted(last, c.revision(), app)) {
            if (!Boolean.TRUE.equals(automated.getSelfHeal()) || !"Succeeded".equals(last.getPhase())) {
                return Optional.empty(); // synced (or failed) this revision already
            }
            Instant finished = last.getFinishedAt() == null ? Instant.EPOCH : Instant.parse(last.getFinishedAt());
            Duration since = Duration.between(finished, Instant.now());
            if (since.compareTo(selfHealTimeout) < 0) {
                return Optional.of(selfHealTimeout.minus(since));
            }
        }
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        patch.putObject("metadata").put("resourceVersion", app.getMetadata().getResourceVersion());
        ObjectNode op = patch.putObject("operation");
        ObjectNode sync = op.putObject("sync");
        sync.put("revision", c.revision());
        sync.put("prune", Boolean.TRUE.equals(automated.getPrune()));
        if (app.getSpec().getSyncPolicy().getSyncOptions() != null) {
            app.getSpec().getSyncPolicy().getSyncOptions().forEach(sync.withArray("syncOptions")::add);
        }
        op.putObject("initiatedBy").put("automated", true);
        if (app.getSpec().getSyncPolicy().getRetry() != null) {
            op.set("retry", client.getKubernetesSerialization().convertValue(app.getSpec().getSyncPolicy().getRetry(),
                    ObjectNode.class));
        }
        try {
            client.resources(Application.class).inNamespace(namespace).withName(app.getMetadata().getName())
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
            LOG.infof("Application %s: auto-sync to %s", app.getMetadata().getName(), c.revision());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            // Changed since we read it: the next reconcile decides again.
        }
        return Optional.empty();
    }

    private static boolean enabled(Application app) {
        SyncPolicy policy = app.getSpec() == null ? null : app.getSpec().getSyncPolicy();
        return policy != null && policy.getAutomated() != null
                && !Boolean.FALSE.equals(policy.getAutomated().getEnabled());
    }

    /** The last operation synced this revision of the app's current source. */
    private static boolean attempted(OperationState last, String revision, Application app) {
        if (last.getSyncResult() == null || !revision.equals(last.getSyncResult().getRevision())) {
            return false;
        }
        var source = last.getSyncResult().getSource();
        var now = app.getSpec().getSource();
        return source == null || now == null || (Objects.equals(source.getRepoURL(), now.getRepoURL())
                && Objects.equals(source.getPath(), now.getPath()) && sameToolSettings(source, now));
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper TREES = new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * Helm, Kustomize, Directory and chart settings change the rendered manifests at the same commit, so
     * changing them is a new target to sync, as in Argo CD (which compares the whole source).
     */
    private static boolean sameToolSettings(io.sextant.model.ApplicationSource a, io.sextant.model.ApplicationSource b) {
        return Objects.equals(a.getChart(), b.getChart())
                && TREES.valueToTree(a.getHelm()).equals(TREES.valueToTree(b.getHelm()))
                && TREES.valueToTree(a.getKustomize()).equals(TREES.valueToTree(b.getKustomize()))
                && TREES.valueToTree(a.getDirectory()).equals(TREES.valueToTree(b.getDirectory()));
    }
}
