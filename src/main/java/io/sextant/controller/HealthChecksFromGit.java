package io.sextant.controller;

import io.sextant.config.ClusterSettings;
import io.sextant.health.HealthCheckTree;
import io.sextant.repo.git.RepoEntry;
import io.sextant.repo.git.RepoSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Health checks kept in a Git repository that the operator names in {@code sextant-cm}
 * ({@code health.checks.repoURL}, {@code health.checks.targetRevision}, {@code health.checks.path}),
 * laid out as {@link HealthCheckTree}. Loaded at start and again with every settings read (each
 * refresh round, and whenever sextant-cm changes); the tree is read again only when the revision
 * resolves to a new commit. A repository that cannot be read keeps the checks last loaded from it (a
 * Git outage must not change every app's health) and says why in the log and in {@link #warnings()}.
 * Argo CD has no such setting: it ships its checks in its image and takes others from argocd-cm only.
 *
 * <p>Threading: {@link #load} is synchronized (the refresh timer and the settings watch both read settings).
 */
final class HealthChecksFromGit {

    static final String REPO_URL = "health.checks.repoURL";
    static final String REVISION = "health.checks.targetRevision";
    static final String PATH = "health.checks.path";
    /** More entries than any real collection (Argo's own has under 2,000 files). */
    static final int MAX_ENTRIES = 20_000;

    static final long MAX_SCRIPT_BYTES = 256 * 1024;

    private static final Logger LOG = Logger.getLogger(HealthChecksFromGit.class);

    /** What a load gave: scripts by {@code group/kind}, and what was skipped. */
    record Loaded(String source, String sha, Map<String, String> scripts, List<String> warnings) {
        static final Loaded NONE = new Loaded("", "", Map.of(), List.of());
    }

    /** Reads the tree of a repository at a revision. */
    interface Snapshots {
        RepoSnapshot at(String url, String revision);
    }

    private final Snapshots snapshots;
    private Loaded last = Loaded.NONE;

    HealthChecksFromGit(Snapshots snapshots) {
        this.snapshots = Objects.requireNonNull(snapshots);
    }

    /** The checks the settings point at; the previous ones when the repository cannot be read now. */
    synchronized Loaded load(ClusterSettings settings) {
        String url = settings.get(REPO_URL).orElse("");
        if (url.isEmpty()) {
            last = Loaded.NONE;
            return last;
        }
        String revision = settings.get(REVISION).orElse("HEAD");
        String path = settings.get(PATH).orElse("");
        String source = url + " " + revision + " " + path;
        try {
            RepoSnapshot snapshot = snapshots.at(url, revision);
            if (source.equals(last.source()) && snapshot.sha().equals(last.sha())) {
                return last;
            }
            last = read(source, snapshot, path);
            LOG.infof(
                    "Loaded %d health checks from %s at %s (path '%s')%s",
                    last.scripts().size(),
                    url,
                    snapshot.sha(),
                    path,
                    last.warnings().isEmpty() ? "" : "; " + String.join("; ", last.warnings()));
            return last;
        } catch (RuntimeException e) {
            String why = "health checks of " + url + " (" + REPO_URL + " in sextant-cm) could not be read: "
                    + e.getMessage()
                    + (source.equals(last.source()) ? "; keeping the checks loaded at " + last.sha() : "");
            LOG.warn(why);
            if (!source.equals(last.source())) {
                last = new Loaded(source, "", Map.of(), List.of(why));
                return last;
            }
            List<String> warnings = new ArrayList<>(last.warnings());
            warnings.add(why);
            return new Loaded(last.source(), last.sha(), last.scripts(), warnings);
        }
    }

    private static Loaded read(String source, RepoSnapshot snapshot, String path) {
        Map<String, String> files = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        for (RepoEntry entry : snapshot.list(path, true, MAX_ENTRIES)) {
            if (!entry.isFile() || !entry.name().equals(HealthCheckTree.FILE)) {
                continue;
            }
            String relative = entry.relativePath();
            try {
                files.put(relative, new String(snapshot.read(entry, MAX_SCRIPT_BYTES), StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                warnings.add("ignored " + relative + ": " + e.getMessage());
            }
        }
        Map<String, String> scripts = HealthCheckTree.scripts(files, warnings);
        return new Loaded(source, snapshot.sha(), Map.copyOf(scripts), List.copyOf(warnings));
    }
}
