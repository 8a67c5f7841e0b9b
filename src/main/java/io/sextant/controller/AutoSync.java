package io.sextant.controller;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.sextant.model.Application;
import io.sextant.model.ApplicationSource;
import io.sextant.model.OperationPhase;
import io.sextant.model.OperationState;
import io.sextant.model.SyncPolicy;
import io.sextant.model.SyncStatusCode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Auto-sync and self-heal: after a comparison finds an app with {@code syncPolicy.automated}
 * OutOfSync, asks for a sync of the compared revision by writing the {@code operation} field, as
 * Argo CD does. A revision is synced automatically once: a sync of it that failed is not retried
 * by itself (a new commit, or a person, moves on). With {@code selfHeal}, drift after a successful
 * sync of the same revision is synced again, at most once per self-heal timeout.
 *
 * <p>Decides on the Application as given and does no I/O: the caller writes the operation guarded by
 * that Application's resourceVersion, so a decision taken on a stale copy (one that does not show the
 * last operation yet) is refused by the API server and taken again on a fresh read; an operation a
 * person asked for in the meantime is never overwritten. Thread-safe.
 */
public final class AutoSync {

    private final KubernetesSerialization json;
    private final Duration selfHealTimeout;

    /**
     * What to do: start {@code operation} (non-null), ask again after {@code askAgainIn}, or nothing.
     * {@code selfHeal}: the sync undoes drift from a revision synced already (not a new revision).
     */
    public record Decision(ObjectNode operation, Optional<Duration> askAgainIn, boolean selfHeal) {
        static final Decision NONE = new Decision(null, Optional.empty(), false);

        public boolean sync() {
            return operation != null;
        }
    }

    public AutoSync(KubernetesSerialization json, Duration selfHealTimeout) {
        this.json = json;
        this.selfHealTimeout = selfHealTimeout;
    }

    /** Whether an automated sync is due for {@code app} after comparison {@code c}, and with which operation. */
    public Decision decide(Application app, Comparison c) {
        if (!enabled(app)
                || !SyncStatusCode.OUT_OF_SYNC.is(c.syncStatus())
                || c.revision() == null
                || c.hasErrors()
                || app.getOperation() != null) {
            return Decision.NONE;
        }
        SyncPolicy.Automated automated = app.getSpec().getSyncPolicy().getAutomated();
        OperationState last = app.getStatus() == null ? null : app.getStatus().getOperationState();
        if (last != null && OperationPhase.inProgress(last.getPhase())) {
            return Decision.NONE;
        }
        boolean selfHeal = last != null && attempted(last, c.revision(), app);
        if (selfHeal) {
            if (!Boolean.TRUE.equals(automated.getSelfHeal()) || !OperationPhase.SUCCEEDED.is(last.getPhase())) {
                return Decision.NONE; // synced (or failed) this revision already
            }
            Instant finished = last.getFinishedAt() == null ? Instant.EPOCH : Instant.parse(last.getFinishedAt());
            Duration since = Duration.between(finished, Instant.now());
            if (since.compareTo(selfHealTimeout) < 0) {
                return new Decision(null, Optional.of(selfHealTimeout.minus(since)), false);
            }
        }
        return new Decision(operation(app, c.revision(), automated), Optional.empty(), selfHeal);
    }

    /**
     * Whether a comparison of {@code app} may end in an automated sync: auto-sync is on and no
     * operation is asked for or running. Only then is a provisional comparison worth taking.
     */
    public boolean maySync(Application app) {
        if (!enabled(app) || app.getOperation() != null) {
            return false;
        }
        OperationState last = app.getStatus() == null ? null : app.getStatus().getOperationState();
        return last == null || !OperationPhase.inProgress(last.getPhase());
    }

    private ObjectNode operation(Application app, String revision, SyncPolicy.Automated automated) {
        ObjectNode op = JsonNodeFactory.instance.objectNode();
        ObjectNode sync = op.putObject("sync");
        if (MultiSource.of(app)) {
            SourceRevisions.split(revision).forEach(sync.withArray("revisions")::add);
        } else {
            sync.put("revision", revision);
        }
        sync.put("prune", Boolean.TRUE.equals(automated.getPrune()));
        if (app.getSpec().getSyncPolicy().getSyncOptions() != null) {
            app.getSpec().getSyncPolicy().getSyncOptions().forEach(sync.withArray("syncOptions")::add);
        }
        op.putObject("initiatedBy").put("automated", true);
        if (app.getSpec().getSyncPolicy().getRetry() != null) {
            op.set("retry", json.convertValue(app.getSpec().getSyncPolicy().getRetry(), ObjectNode.class));
        }
        return op;
    }

    private static boolean enabled(Application app) {
        SyncPolicy policy = app.getSpec() == null ? null : app.getSpec().getSyncPolicy();
        return policy != null
                && policy.getAutomated() != null
                && !Boolean.FALSE.equals(policy.getAutomated().getEnabled());
    }

    /** The last operation synced this revision of the app's current source (or sources). */
    private static boolean attempted(OperationState last, String revision, Application app) {
        var result = last.getSyncResult();
        if (result == null) {
            return false;
        }
        if (MultiSource.of(app)) {
            List<ApplicationSource> synced = result.getSources();
            List<ApplicationSource> now = app.getSpec().getSources();
            if (result.getRevisions() == null
                    || !revision.equals(SourceRevisions.join(result.getRevisions()))
                    || synced == null
                    || synced.size() != now.size()) {
                return false;
            }
            for (int i = 0; i < now.size(); i++) {
                if (!sameSource(synced.get(i), now.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (!revision.equals(result.getRevision())) {
            return false;
        }
        var source = result.getSource();
        var now = app.getSpec().getSource();
        return source == null || now == null || sameSource(source, now);
    }

    private static boolean sameSource(ApplicationSource a, ApplicationSource b) {
        return Objects.equals(a.getRepoURL(), b.getRepoURL())
                && Objects.equals(a.getPath(), b.getPath())
                && Objects.equals(a.getRef(), b.getRef())
                && sameToolSettings(a, b);
    }

    private static final ObjectMapper TREES = new ObjectMapper();

    /**
     * Helm, Kustomize, Directory and chart settings change the rendered manifests at the same commit, so
     * changing them is a new target to sync, as in Argo CD (which compares the whole source).
     */
    private static boolean sameToolSettings(ApplicationSource a, ApplicationSource b) {
        return Objects.equals(a.getChart(), b.getChart())
                && TREES.valueToTree(a.getHelm()).equals(TREES.valueToTree(b.getHelm()))
                && TREES.valueToTree(a.getKustomize()).equals(TREES.valueToTree(b.getKustomize()))
                && TREES.valueToTree(a.getDirectory()).equals(TREES.valueToTree(b.getDirectory()));
    }
}
