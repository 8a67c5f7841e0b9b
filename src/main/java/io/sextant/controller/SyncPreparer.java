package io.sextant.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.sextant.cache.LiveStateCache;
import io.sextant.cache.TrackingId;
import io.sextant.kube.ApiDiscovery;
import io.sextant.kube.ResourceWriter;
import io.sextant.model.AppKey;
import io.sextant.model.Application;
import io.sextant.model.ApplicationDestination;
import io.sextant.model.ApplicationSource;
import io.sextant.model.Operation;
import io.sextant.model.OperationPhase;
import io.sextant.model.ResourceKey;
import io.sextant.model.SyncOperation;
import io.sextant.model.SyncStatusCode;
import io.sextant.operation.RequestedSync;
import io.sextant.operation.SyncRun;
import io.sextant.repo.RepoException;
import io.sextant.repo.git.Redactor;
import io.sextant.sync.ProjectBounds;
import io.sextant.sync.SyncCandidate;
import io.sextant.sync.SyncPlan;
import io.sextant.sync.SyncPlanException;
import io.sextant.sync.SyncPlanner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns an operation into the plan of its sync: renders the revision it asks for, checks the app and every
 * resource against the AppProject's bounds, gathers what Git wants and what lives (with the comparison's
 * verdicts), and plans. Done again on every step of an operation, from Git and the live state as they are
 * then. Separate from {@link OperationRunner}, which decides whether a step runs, because this is the part
 * that reads Git, the project and the destination cluster. Stateless; thread-safe.
 */
final class SyncPreparer {

    private final String namespace;
    private final GitManifestSource manifests;
    private final Function<Application, DestinationCluster> clusters;
    private final ComparisonStore comparisons;
    private final Function<String, ProjectBounds> projects;
    private final SyncPlanner planner = new SyncPlanner();

    /** @param clusters the destination cluster of an app (throws {@link DestinationClusters.Unavailable}) */
    SyncPreparer(
            String namespace,
            GitManifestSource manifests,
            Function<Application, DestinationCluster> clusters,
            ComparisonStore comparisons,
            Function<String, ProjectBounds> projects) {
        this.namespace = namespace;
        this.manifests = manifests;
        this.clusters = clusters;
        this.comparisons = comparisons;
        this.projects = projects;
    }

    /** An operation's plan at its revision, or why there is none ({@code failure}). */
    /**
     * An operation's plan at its revision, or why there is none ({@code failure}). For a multi-source
     * Application {@code sources} holds what was synced and {@code revision} every source's revision
     * ({@link SourceRevisions}); {@code source} is then null.
     */
    record Prepared(
            SyncPlan plan,
            String revision,
            ApplicationSource source,
            List<ApplicationSource> sources,
            SyncRun.Outcome failure) {}

    /**
     * Renders the operation's revision and plans it against the live state.
     *
     * @param known a render of the app's own source already made (may be null): used when it is of the
     *        revision the operation syncs
     * @param verdicts the comparison whose per-resource verdicts ApplyOutOfSyncOnly follows; null for the
     *        latest one kept
     */
    Prepared prepare(Application app, Operation op, Rendered known, Comparison verdicts) {
        SyncOperation sync = op.getSync();
        // Several sources: those of the operation (a rollback to a multi-source entry), else the app's own
        // unless the operation names a single source (a rollback to a single-source entry).
        List<ApplicationSource> sources =
                sync.getSources() != null && !sync.getSources().isEmpty()
                        ? sync.getSources()
                        : sync.getSource() == null && MultiSource.of(app)
                                ? app.getSpec().getSources()
                                : null;
        ApplicationSource source = sources != null
                ? null
                : sync.getSource() != null ? sync.getSource() : app.getSpec().getSource();
        String revision = null;
        try {
            if (source == null && sources == null) {
                throw new IllegalArgumentException("spec.source is missing: set repoURL, path and targetRevision");
            }
            String wanted = sources != null
                    ? (sync.getRevisions() == null ? null : SourceRevisions.join(sync.getRevisions()))
                    : sync.getRevision() != null && !sync.getRevision().isBlank()
                            ? sync.getRevision()
                            : source.getTargetRevision();
            ProjectBounds bounds = projects.apply(ProjectBounds.projectOf(app));
            ApplicationDestination dest = app.getSpec().getDestination();
            List<String> repos = (sources != null ? sources : List.of(source))
                    .stream().map(s -> String.valueOf(s.getRepoURL())).toList();
            Optional<String> outOfBounds = bounds.checkSourceNamespace(
                            app.getMetadata().getNamespace(), namespace)
                    .or(() -> bounds.checkApplication(
                            repos,
                            dest == null ? null : dest.getServer(),
                            dest == null ? null : dest.getName(),
                            dest == null ? null : dest.getNamespace()));
            if (outOfBounds.isPresent()) {
                throw new IllegalArgumentException(outOfBounds.get());
            }
            Rendered rendered;
            if (known != null
                    && sync.getSource() == null
                    && sync.getSources() == null
                    && known.revision().equals(wanted)) {
                rendered = known;
            } else if (sources != null) {
                rendered = manifests.renderSources(app, sources, sync.getRevisions(), false, false);
            } else {
                rendered = manifests.render(app, source, wanted, false, false);
            }
            revision = rendered.revision();
            return new Prepared(
                    planner.plan(candidates(app, rendered, bounds, verdicts), RequestedSync.request(app, op)),
                    revision,
                    source,
                    sources,
                    null);
        } catch (RepoException | SyncPlanException | IllegalArgumentException | DestinationClusters.Unavailable e) {
            return new Prepared(
                    null,
                    revision,
                    source,
                    sources,
                    new SyncRun.Outcome(OperationPhase.FAILED, Redactor.redact(e.getMessage()), List.of()));
        } catch (KubernetesClientException e) {
            return new Prepared(
                    null,
                    revision,
                    source,
                    sources,
                    new SyncRun.Outcome(
                            OperationPhase.RUNNING,
                            "waiting for the API server: " + ResourceWriter.reason(e),
                            List.of()));
        }
    }

    /** What Git says at the operation's revision, and what lives, with the comparison's verdicts. */
    private List<SyncCandidate> candidates(
            Application app, Rendered rendered, ProjectBounds bounds, Comparison compared) {
        String appName = AppKey.of(app, namespace);
        String destination = app.getSpec().getDestination() == null
                ? null
                : app.getSpec().getDestination().getNamespace();
        Map<ResourceKey, String> verdicts = new HashMap<>();
        Optional.ofNullable(compared)
                .or(() -> comparisons.get(appName))
                .ifPresent(c -> c.resources().forEach(r -> verdicts.put(r.key(), r.syncStatus())));
        List<SyncCandidate> out = new ArrayList<>();
        Set<ResourceKey> seen = new HashSet<>();
        List<String> forbidden = new ArrayList<>();
        DestinationCluster cluster = clusters.apply(app);
        ApiDiscovery discovery = cluster.discovery();
        LiveStateCache cache = cluster.cache();
        for (ObjectNode manifest : rendered.manifests()) {
            Optional<ResourceDefinitionContext> served = discovery.find(
                    manifest.path("apiVersion").asText(), manifest.path("kind").asText());
            served.ifPresent(cache::watch);
            ObjectNode target = AppComparator.placed(manifest, served, destination);
            ResourceKey key = ResourceKey.of(target);
            // Hooks included: nothing the project does not allow is applied, and nothing at all then.
            boolean clusterScoped = served.map(c -> !c.isNamespaceScoped())
                    .orElse(key.namespace() == null || key.namespace().isEmpty());
            bounds.checkResource(app, key, clusterScoped).ifPresent(forbidden::add);
            ObjectNode annotations = target.with("metadata").with("annotations");
            annotations.put(TrackingId.ANNOTATION, TrackingId.of(appName, key));
            ObjectNode live = cache.get(key).orElse(null);
            seen.add(key);
            out.add(SyncCandidate.of(target, live, !SyncStatusCode.SYNCED.is(verdicts.get(key))));
        }
        if (!forbidden.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", forbidden.subList(0, Math.min(5, forbidden.size())))
                    + (forbidden.size() > 5 ? " (and " + (forbidden.size() - 5) + " more)" : ""));
        }
        for (ObjectNode live : cache.trackedBy(appName)) {
            ResourceKey key = ResourceKey.of(live);
            // Never pruned: an object outside the project's bounds, whatever tracks it (security review L1).
            // A hook's object is never pruned (its delete policy removes it) nor an object outside the bounds.
            if (!seen.contains(key)
                    && !live.path("metadata").has("deletionTimestamp")
                    && !AppComparator.isLiveHook(live)
                    && bounds.checkResource(
                                    app,
                                    key,
                                    key.namespace() == null || key.namespace().isEmpty())
                            .isEmpty()) {
                out.add(SyncCandidate.orphan(live));
            }
        }
        return out;
    }
}
