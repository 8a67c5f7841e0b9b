package io.sextant.web;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.sextant.model.Application;
import io.sextant.model.ApplicationDestination;
import io.sextant.model.ApplicationSource;
import io.sextant.model.ApplicationSourceHelm;
import io.sextant.model.ApplicationSpec;
import io.sextant.model.SyncPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the New application panel holds: the values typed (shown again after an error) and a
 * message per field that failed validation. Field checks here are for the user's sake; the service
 * validates again (a multi-source app's rules, such as a {@code $ref} no source defines, are the
 * service's). One source makes {@code spec.source}; ADD SOURCE makes it {@code spec.sources}, as Argo
 * CD's multiple sources (https://argo-cd.readthedocs.io/en/stable/user-guide/multiple_sources/).
 */
public record NewApplicationForm(
        String name,
        String appNamespace,
        String project,
        String syncPolicy,
        boolean prune,
        boolean selfHeal,
        List<String> syncOptions,
        List<SourceFields> sources,
        String cluster,
        String namespace,
        Map<String, String> errors) {

    /** As the service's limit (controller MultiSource.MAX_SOURCES, which this package may not name). */
    static final int MAX_SOURCES = 20;

    static NewApplicationForm empty() {
        return new NewApplicationForm(
                "",
                "",
                "default",
                "Manual",
                false,
                false,
                List.of(),
                List.of(SourceFields.empty(1)),
                "https://kubernetes.default.svc",
                "",
                Map.of());
    }

    /**
     * One source block of the panel; {@code index} counts from 1. The first keeps the single-source
     * field ids ({@code app-repo}), the others add {@code -N}; {@code valueFiles} is comma-separated.
     */
    public record SourceFields(
            int index,
            String repoURL,
            String revision,
            String path,
            String chart,
            String ref,
            String valueFiles,
            Map<String, String> errors) {

        static SourceFields empty(int index) {
            return new SourceFields(index, "", "HEAD", "", "", "", "", Map.of());
        }

        /** The suffix of this block's field ids and error keys. */
        public String suffix() {
            return index == 1 ? "" : "-" + index;
        }

        public String error(String field) {
            return errors.get(field);
        }

        /** Whether the typed fields are all as an empty block has them (a block added and left alone). */
        boolean blank() {
            return repoURL.isEmpty()
                    && path.isEmpty()
                    && chart.isEmpty()
                    && ref.isEmpty()
                    && valueFiles.isEmpty()
                    && (revision.isEmpty() || "HEAD".equals(revision));
        }

        List<String> valueFileList() {
            return valueFiles.isEmpty()
                    ? List.of()
                    : java.util.Arrays.stream(valueFiles.split(","))
                            .map(String::trim)
                            .filter(f -> !f.isEmpty())
                            .toList();
        }

        SourceFields validated(boolean alone) {
            Map<String, String> e = new LinkedHashMap<>();
            String which = alone ? "" : "Source " + index + ": ";
            if (repoURL.isEmpty()) {
                e.put("repoURL", which + "Repository URL is required");
            } else if (!repoURL.matches("(?i)(https?|ssh|git)://[^\\s]+|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^\\s]+")
                    || repoURL.startsWith("-")) {
                e.put("repoURL", which + "Repository URL must be an https://, http://, ssh:// or git@host: URL");
            }
            if (revision.startsWith("-") || revision.matches(".*\\s.*")) {
                e.put("revision", which + "Revision must be a branch, tag or commit without spaces");
            }
            if (path.isEmpty() && chart.isEmpty() && (alone || ref.isEmpty())) {
                e.put(
                        "path",
                        which + "Path is required (. for the repository root), or a Chart for a Helm repository"
                                + (alone ? "" : ", or a Ref for a source that only lends its files"));
            } else if (path.startsWith("/") || List.of(path.split("/")).contains("..")) {
                e.put("path", which + "Path must be relative to the repository root and stay inside it");
            }
            if (!path.isEmpty() && !chart.isEmpty()) {
                e.put("chart", which + "a source has a Path (Git) or a Chart (Helm repository), not both");
            } else if (!chart.isEmpty() && !chart.matches("[A-Za-z0-9][A-Za-z0-9._/-]*")) {
                e.put("chart", which + "Chart must be a chart name such as generic-service");
            }
            if (!ref.isEmpty() && !ref.matches("[A-Za-z0-9_-]+")) {
                e.put("ref", which + "Ref must be letters, digits, '-' or '_' (value files name it as $ref/path)");
            }
            for (String f : valueFileList()) {
                if (f.startsWith("/") || f.startsWith("-")) {
                    e.put("valueFiles", which + "a value file is a path in the source or $ref/path, not " + f);
                }
            }
            return new SourceFields(index, repoURL, revision, path, chart, ref, valueFiles, e);
        }

        ApplicationSource toSource() {
            ApplicationSource source = new ApplicationSource();
            source.setRepoURL(repoURL);
            source.setTargetRevision(revision.isEmpty() ? "HEAD" : revision);
            source.setPath(path.isEmpty() ? null : path);
            source.setChart(chart.isEmpty() ? null : chart);
            source.setRef(ref.isEmpty() ? null : ref);
            if (!valueFileList().isEmpty()) {
                ApplicationSourceHelm helm = new ApplicationSourceHelm();
                helm.setValueFiles(new ArrayList<>(valueFileList()));
                source.setHelm(helm);
            }
            return source;
        }
    }

    /** The form of the DETAILS panel's EDIT of a single-source app: its source and destination checked alone. */
    static NewApplicationForm forEdit(
            String name,
            String project,
            String repoURL,
            String revision,
            String path,
            String cluster,
            String namespace) {
        return new NewApplicationForm(
                name,
                "",
                project,
                "Manual",
                false,
                false,
                List.of(),
                List.of(new SourceFields(1, repoURL, revision, path, "", "", "", Map.of())),
                cluster,
                namespace,
                Map.of());
    }

    public String repoURL() {
        return sources.get(0).repoURL();
    }

    public String revision() {
        return sources.get(0).revision();
    }

    public String path() {
        return sources.get(0).path();
    }

    /** Whether ADD SOURCE may add one more (the service refuses more than 20 sources). */
    public boolean canAddSource() {
        return sources.size() < MAX_SOURCES;
    }

    /** This form with an empty source block more (ADD SOURCE), no errors shown. */
    NewApplicationForm withSourceAdded() {
        List<SourceFields> more = new ArrayList<>(sources);
        if (canAddSource()) {
            more.add(SourceFields.empty(sources.size() + 1));
        }
        return withSources(more, Map.of());
    }

    /** This form without source block {@code index} (REMOVE), the others renumbered. */
    NewApplicationForm withSourceRemoved(int index) {
        List<SourceFields> fewer = new ArrayList<>();
        for (SourceFields f : sources) {
            if (f.index() != index) {
                fewer.add(new SourceFields(
                        fewer.size() + 1,
                        f.repoURL(),
                        f.revision(),
                        f.path(),
                        f.chart(),
                        f.ref(),
                        f.valueFiles(),
                        Map.of()));
            }
        }
        return withSources(fewer.isEmpty() ? List.of(SourceFields.empty(1)) : fewer, Map.of());
    }

    private NewApplicationForm withSources(List<SourceFields> list, Map<String, String> e) {
        return new NewApplicationForm(
                name, appNamespace, project, syncPolicy, prune, selfHeal, syncOptions, list, cluster, namespace, e);
    }

    /** Every message of the form, the sources' included, for a one-line refusal. */
    List<String> allErrors() {
        List<String> all = new ArrayList<>(errors.values());
        sources.forEach(f -> all.addAll(f.errors().values()));
        return all;
    }

    public boolean has(String option) {
        return syncOptions.contains(option);
    }

    public String error(String field) {
        return errors.get(field);
    }

    public boolean automatic() {
        return "Automatic".equals(syncPolicy);
    }

    NewApplicationForm validated() {
        Map<String, String> e = new LinkedHashMap<>();
        if (name.isEmpty()) {
            e.put("name", "Application name is required");
        } else if (!name.matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")) {
            e.put(
                    "name",
                    "Application name must be lower-case letters, digits, '-' or '.', starting and ending with a letter or digit");
        }
        if (!appNamespace.isEmpty() && !appNamespace.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
            e.put(
                    "appNamespace",
                    "Application namespace must be a DNS label: lower-case letters, digits and '-'; "
                            + "leave it empty for the control plane's");
        }
        if (project.isEmpty()) {
            e.put("project", "Project is required");
        }
        if (cluster.isEmpty()) {
            e.put("cluster", "Cluster URL is required");
        } else if (!cluster.matches("https?://[^\\s]+")) {
            e.put("cluster", "Cluster URL must be an https:// URL");
        }
        if (namespace.isEmpty()) {
            e.put("namespace", "Namespace is required");
        } else if (!namespace.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
            e.put("namespace", "Namespace must be a DNS label: lower-case letters, digits and '-'");
        }
        // Blocks added and left empty are dropped rather than refused; one block always stays.
        List<SourceFields> typed = sources.stream().filter(f -> !f.blank()).toList();
        List<SourceFields> kept = typed.isEmpty() ? List.of(sources.get(0)) : typed;
        boolean alone = kept.size() == 1;
        List<SourceFields> checked = new ArrayList<>();
        for (SourceFields f : kept) {
            int index = checked.size() + 1;
            checked.add(new SourceFields(
                            index, f.repoURL(), f.revision(), f.path(), f.chart(), f.ref(), f.valueFiles(), Map.of())
                    .validated(alone));
        }
        return withSources(checked, e);
    }

    Application toApplication() {
        Application app = new Application();
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        if (!appNamespace.isEmpty()) {
            meta.setNamespace(appNamespace); // otherwise the service puts it in the control plane
        }
        app.setMetadata(meta);
        ApplicationSpec spec = new ApplicationSpec();
        spec.setProject(project);
        if (sources.size() == 1) {
            spec.setSource(sources.get(0).toSource());
        } else {
            spec.setSources(
                    new ArrayList<>(sources.stream().map(SourceFields::toSource).toList()));
        }
        ApplicationDestination dest = new ApplicationDestination();
        dest.setServer(cluster);
        dest.setNamespace(namespace);
        spec.setDestination(dest);
        if (automatic() || !syncOptions.isEmpty()) {
            SyncPolicy policy = new SyncPolicy();
            if (automatic()) {
                SyncPolicy.Automated automated = new SyncPolicy.Automated();
                automated.setPrune(prune ? Boolean.TRUE : null);
                automated.setSelfHeal(selfHeal ? Boolean.TRUE : null);
                policy.setAutomated(automated);
            }
            policy.setSyncOptions(syncOptions.isEmpty() ? null : new ArrayList<>(syncOptions));
            spec.setSyncPolicy(policy);
        }
        app.setSpec(spec);
        return app;
    }
}
