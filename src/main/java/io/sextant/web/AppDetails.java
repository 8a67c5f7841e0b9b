package io.sextant.web;

import io.sextant.model.Application;
import io.sextant.model.ApplicationSource;
import io.sextant.model.OperationPhase;
import io.sextant.model.OperationState;
import io.sextant.model.ResourceStatus;
import io.sextant.model.SyncPolicy;
import io.sextant.service.ClusterNames;
import io.sextant.service.RevisionInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the details page shows of one Application besides its resources: the summary, the status
 * panel (APP HEALTH, SYNC STATUS with revision and commit message, LAST SYNC with result, time and
 * initiator), the sync policy and the running or last operation, resource by resource.
 */
public record AppDetails(
        ApplicationRow row,
        String healthMessage,
        String syncRevision,
        String commitSubject,
        String commitAuthor,
        OperationView operation,
        boolean autoSync,
        boolean prune,
        boolean selfHeal,
        List<String> syncOptions,
        Map<String, String> labels,
        Map<String, String> annotations,
        String created,
        List<ResourceRow> resources,
        List<String> conditions,
        String reconciledAt,
        String sourceType,
        List<SourceView> sources) {

    /**
     * One source of a multi-source Application ({@code spec.sources}; none for a single source): what it
     * names, the revision it was compared at and that commit's message (empty for a chart version).
     */
    public record SourceView(
            int position,
            String repoURL,
            String targetRevision,
            String what,
            String path,
            String revision,
            String commitSubject,
            String sourceType) {}

    /** One managed resource, for the list view, the SYNC panel's checkboxes and the DIFF panel. */
    public record ResourceRow(
            String id,
            String group,
            String kind,
            String namespace,
            String name,
            StatusView sync,
            StatusView health,
            String healthMessage,
            String param,
            boolean requiresPruning) {
        /** The value of the SYNC panel's checkbox: group:kind:namespace/name. */
        public String syncValue() {
            return group + ":" + kind + ":" + (namespace.isEmpty() ? "" : namespace + "/") + name;
        }
    }

    /** The running or last operation, with each resource's result. */
    public record OperationView(
            StatusView phase,
            String message,
            String startedAt,
            String finishedAt,
            String initiator,
            String revision,
            boolean running,
            List<ResultRow> results) {}

    public record ResultRow(
            String kind, String namespace, String name, StatusView status, String message, String syncPhase) {}

    static AppDetails of(Application app, RevisionInfo revisions, ClusterNames names) {
        ApplicationRow row = ApplicationRow.of(app, names);
        var status = Optional.ofNullable(app.getStatus());
        String revision = status.map(s -> s.getSync()).map(s -> s.getRevision()).orElse("");
        ApplicationSource source = app.getSpec() == null ? null : app.getSpec().getSource();
        var commit = source == null
                ? Optional.<RevisionInfo.Commit>empty()
                : revisions.commit(source.getRepoURL(), revision);
        SyncPolicy policy = app.getSpec() == null ? null : app.getSpec().getSyncPolicy();
        boolean auto = ApplicationQuery.autoSyncOf(app);
        List<ResourceStatus> managed = status.map(s -> s.getResources()).orElse(List.of());
        List<ResourceRow> resources = new ArrayList<>();
        for (int i = 0; i < managed.size(); i++) {
            ResourceStatus r = managed.get(i);
            ResourceRef ref = new ResourceRef(nz(r.getGroup()), r.getKind(), nz(r.getNamespace()), r.getName());
            resources.add(new ResourceRow(
                    "res-" + i,
                    ref.group(),
                    ref.kind(),
                    ref.namespace(),
                    ref.name(),
                    StatusView.sync(r.getStatus()),
                    r.getHealth() == null
                            ? null
                            : StatusView.health(r.getHealth().getStatus()),
                    r.getHealth() == null ? "" : nz(r.getHealth().getMessage()),
                    ref.param(),
                    Boolean.TRUE.equals(r.getRequiresPruning())));
        }
        return new AppDetails(
                row,
                status.map(s -> s.getHealth()).map(h -> nz(h.getMessage())).orElse(""),
                revision.length() > 7 ? revision.substring(0, 7) : revision,
                commit.map(RevisionInfo.Commit::subject).orElse(""),
                commit.map(RevisionInfo.Commit::author).orElse(""),
                operation(status.map(s -> s.getOperationState()).orElse(null)),
                auto,
                auto && Boolean.TRUE.equals(policy.getAutomated().getPrune()),
                auto && Boolean.TRUE.equals(policy.getAutomated().getSelfHeal()),
                policy == null || policy.getSyncOptions() == null ? List.of() : policy.getSyncOptions(),
                new TreeMap<>(
                        app.getMetadata().getLabels() == null
                                ? Map.of()
                                : app.getMetadata().getLabels()),
                new TreeMap<>(
                        app.getMetadata().getAnnotations() == null
                                ? Map.of()
                                : app.getMetadata().getAnnotations()),
                Times.ago(app.getMetadata().getCreationTimestamp()),
                resources,
                status.map(s -> s.getConditions()).orElse(List.of()).stream()
                        .map(c -> c.getType() + ": " + nz(c.getMessage()))
                        .toList(),
                Times.ago(status.map(s -> s.getReconciledAt()).orElse(null)),
                status.map(s -> s.getSourceType()).filter(t -> !t.isBlank()).orElse("Directory"),
                sources(app, revisions));
    }

    private static List<SourceView> sources(Application app, RevisionInfo revisions) {
        if (app.getSpec() == null || !app.getSpec().hasMultipleSources()) {
            return List.of();
        }
        List<String> compared = Optional.ofNullable(app.getStatus())
                .map(s -> s.getSync())
                .map(s -> s.getRevisions())
                .orElse(List.of());
        List<String> types = Optional.ofNullable(app.getStatus())
                .map(s -> s.getSourceTypes())
                .orElse(List.of());
        List<SourceView> out = new ArrayList<>();
        List<ApplicationSource> sources = app.getSpec().getSources();
        for (int i = 0; i < sources.size(); i++) {
            ApplicationSource s = sources.get(i);
            String revision = i < compared.size() ? nz(compared.get(i)) : "";
            String what = s.getChart() != null && !s.getChart().isEmpty()
                    ? "chart " + s.getChart()
                    : s.getPath() != null && !s.getPath().isEmpty() ? "path " + s.getPath() : "ref " + nz(s.getRef());
            String subject = s.getChart() != null && !s.getChart().isEmpty() || revision.isEmpty()
                    ? ""
                    : revisions
                            .commit(s.getRepoURL(), revision)
                            .map(RevisionInfo.Commit::subject)
                            .orElse("");
            out.add(new SourceView(
                    i + 1,
                    nz(s.getRepoURL()),
                    nz(s.getTargetRevision()),
                    what,
                    nz(s.getPath()),
                    revision.length() == 40 ? revision.substring(0, 7) : revision,
                    subject,
                    i < types.size() ? nz(types.get(i)) : ""));
        }
        return out;
    }

    public boolean hasSyncOption(String option) {
        return syncOptions.contains(option);
    }

    static OperationView operation(OperationState op) {
        if (op == null) {
            return null;
        }
        var by = op.getOperation() == null ? null : op.getOperation().getInitiatedBy();
        String initiator = by == null
                ? ""
                : Boolean.TRUE.equals(by.getAutomated())
                        ? "automated sync policy"
                        : by.getUsername() == null ? "" : by.getUsername();
        var result = op.getSyncResult();
        List<ResultRow> rows = result == null || result.getResources() == null
                ? List.of()
                : result.getResources().stream()
                        .map(r -> new ResultRow(
                                r.getKind(),
                                nz(r.getNamespace()),
                                r.getName(),
                                StatusView.result(r.getStatus()),
                                nz(r.getMessage()),
                                nz(r.getSyncPhase())))
                        .toList();
        String rev = result == null || result.getRevision() == null ? "" : result.getRevision();
        return new OperationView(
                StatusView.phase(op.getPhase()),
                nz(op.getMessage()),
                Times.ago(op.getStartedAt()),
                Times.ago(op.getFinishedAt()),
                initiator,
                rev.length() > 7 ? rev.substring(0, 7) : rev,
                OperationPhase.inProgress(op.getPhase()),
                rows);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
