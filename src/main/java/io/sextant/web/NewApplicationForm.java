package io.sextant.web;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.sextant.model.Application;
import io.sextant.model.ApplicationDestination;
import io.sextant.model.ApplicationSource;
import io.sextant.model.ApplicationSpec;
import io.sextant.model.SyncPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the New application panel holds: the values typed (shown again after an error) and a
 * message per field that failed validation. Field checks here are for the user's sake; the service
 * validates again.
 */
public record NewApplicationForm(
        String name,
        String appNamespace,
        String project,
        String syncPolicy,
        boolean prune,
        boolean selfHeal,
        List<String> syncOptions,
        String repoURL,
        String revision,
        String path,
        String cluster,
        String namespace,
        Map<String, String> errors) {

    static NewApplicationForm empty() {
        return new NewApplicationForm(
                "",
                "",
                "default",
                "Manual",
                false,
                false,
                List.of(),
                "",
                "HEAD",
                "",
                "https://kubernetes.default.svc",
                "",
                Map.of());
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
        if (repoURL.isEmpty()) {
            e.put("repoURL", "Repository URL is required");
        } else if (!repoURL.matches("(?i)(https?|ssh|git)://[^\\s]+|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^\\s]+")
                || repoURL.startsWith("-")) {
            e.put("repoURL", "Repository URL must be an https://, http://, ssh:// or git@host: URL");
        }
        if (revision.startsWith("-") || revision.matches(".*\\s.*")) {
            e.put("revision", "Revision must be a branch, tag or commit without spaces");
        }
        if (path.isEmpty()) {
            e.put("path", "Path is required (. for the repository root)");
        } else if (path.startsWith("/") || List.of(path.split("/")).contains("..")) {
            e.put("path", "Path must be relative to the repository root and stay inside it");
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
        return new NewApplicationForm(
                name,
                appNamespace,
                project,
                syncPolicy,
                prune,
                selfHeal,
                syncOptions,
                repoURL,
                revision,
                path,
                cluster,
                namespace,
                e);
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
        ApplicationSource source = new ApplicationSource();
        source.setRepoURL(repoURL);
        source.setTargetRevision(revision.isEmpty() ? "HEAD" : revision);
        source.setPath(path);
        spec.setSource(source);
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
