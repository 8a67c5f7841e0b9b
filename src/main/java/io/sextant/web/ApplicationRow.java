package io.sextant.web;

import io.sextant.model.AppKey;
import io.sextant.model.Application;
import io.sextant.model.ApplicationDestination;
import io.sextant.model.ApplicationSource;
import io.sextant.model.OperationState;
import io.sextant.service.ApplicationSetService;
import io.sextant.service.ClusterNames;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One Application as a tile or list row shows it; absent fields read as an empty string or
 * Unknown. {@code repoLink} is the repository URL only when it is safe as a link (http/https).
 */
public record ApplicationRow(
        String name,
        String project,
        String repoURL,
        String repoLink,
        String path,
        String targetRevision,
        String destinationServer,
        String cluster,
        String destinationNamespace,
        StatusView sync,
        StatusView health,
        boolean autoSync,
        String lastSync,
        StatusView operation,
        String labels,
        String appSet) {

    /**
     * The element id of this app's tile or row ({@code name} is the app's key, a DNS name or
     * {@code namespace_name}: safe in ids and paths).
     */
    public String elementId() {
        return "app-" + name;
    }

    public String syncStatus() {
        return sync.text();
    }

    /** What a user reads: Argo CD's qualified {@code namespace/name}, or the plain name in the control plane. */
    public String displayName() {
        return AppKey.qualified(name);
    }

    public String healthStatus() {
        return health.text();
    }

    static ApplicationRow of(Application app) {
        return of(app, ClusterNames.IN_CLUSTER_ONLY);
    }

    /** The row of {@code app}, its cluster by the name {@code names} gives (Argo CD's pages show names). */
    static ApplicationRow of(Application app, ClusterNames names) {
        var spec = Optional.ofNullable(app.getSpec());
        ApplicationSource source = spec.map(s -> s.getSource())
                .orElseGet(() -> spec.map(s -> s.getSources())
                        .filter(l -> !l.isEmpty())
                        .map(l -> l.get(0))
                        .orElse(null));
        ApplicationDestination dest = spec.map(s -> s.getDestination()).orElse(null);
        var status = Optional.ofNullable(app.getStatus());
        OperationState op = status.map(s -> s.getOperationState()).orElse(null);
        String repo = source == null || source.getRepoURL() == null ? "" : source.getRepoURL();
        Map<String, String> labels = app.getMetadata().getLabels() == null
                ? Map.of()
                : app.getMetadata().getLabels();
        return new ApplicationRow(
                AppKey.of(app),
                spec.map(s -> s.getProject()).orElse(""),
                repo,
                Links.safeHref(repo),
                source == null || source.getPath() == null ? "" : source.getPath(),
                source == null
                                || source.getTargetRevision() == null
                                || source.getTargetRevision().isBlank()
                        ? "HEAD"
                        : source.getTargetRevision(),
                dest == null
                        ? ""
                        : dest.getServer() != null ? dest.getServer() : dest.getName() == null ? "" : dest.getName(),
                names.of(dest),
                dest == null || dest.getNamespace() == null ? "" : dest.getNamespace(),
                StatusView.sync(ApplicationQuery.syncOf(app)),
                StatusView.health(ApplicationQuery.healthOf(app)),
                ApplicationQuery.autoSyncOf(app),
                op == null ? "" : Times.ago(op.getFinishedAt() != null ? op.getFinishedAt() : op.getStartedAt()),
                op == null ? null : StatusView.phase(op.getPhase()),
                labels.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .sorted()
                        .collect(Collectors.joining(", ")),
                // The ApplicationSet that generated it (its controller owner reference), for the tile's link.
                Objects.requireNonNullElse(ApplicationSetService.owner(app), ""));
    }
}
