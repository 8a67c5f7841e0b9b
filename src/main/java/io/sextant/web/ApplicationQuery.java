package io.sextant.web;

import io.sextant.model.Application;
import io.sextant.model.HealthStatusCode;
import io.sextant.model.LabelSelectors;
import io.sextant.model.SyncPolicy;
import io.sextant.model.SyncStatusCode;
import io.sextant.service.ClusterNames;
import jakarta.ws.rs.core.MultivaluedMap;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The list page's filters, view and page, read from (and written back to) the query string, and
 * applied on the server over the store's sorted copy: only one page of tiles is ever rendered, so
 * 10,000 apps stay fast. Parameter names: {@code search}, {@code sync}, {@code health}, {@code proj},
 * {@code cluster}, {@code namespace} (each repeatable), {@code labels} (a label selector),
 * {@code autosync} (enabled|disabled), {@code view} (tiles|list), {@code page} (from 1).
 */
public record ApplicationQuery(
        String search,
        Set<String> sync,
        Set<String> health,
        Set<String> projects,
        Set<String> clusters,
        Set<String> namespaces,
        String labels,
        String autoSync,
        String view,
        int page) {

    public static final int PAGE_SIZE = 60;
    public static final List<String> SYNC_VALUES =
            Arrays.stream(SyncStatusCode.values()).map(SyncStatusCode::code).toList();
    public static final List<String> HEALTH_VALUES =
            Arrays.stream(HealthStatusCode.values()).map(HealthStatusCode::code).toList();

    static ApplicationQuery from(MultivaluedMap<String, String> q) {
        return new ApplicationQuery(
                first(q, "search"),
                set(q, "sync"),
                set(q, "health"),
                set(q, "proj"),
                set(q, "cluster"),
                set(q, "namespace"),
                first(q, "labels"),
                switch (first(q, "autosync")) {
                    case "enabled", "disabled" -> first(q, "autosync");
                    default -> "";
                },
                "list".equals(first(q, "view")) ? "list" : "tiles",
                Math.max(1, parseInt(first(q, "page"))));
    }

    /** One page of matching apps, with the counts the filter bar shows. */
    public record Result(
            List<Application> page,
            int total,
            int matching,
            int pages,
            TreeMap<String, Integer> syncCounts,
            TreeMap<String, Integer> healthCounts,
            Set<String> allProjects,
            Set<String> allClusters,
            Set<String> allNamespaces,
            String labelError) {

        public int syncCount(String status) {
            return syncCounts.getOrDefault(status, 0);
        }

        public int healthCount(String status) {
            return healthCounts.getOrDefault(status, 0);
        }
    }

    public List<String> syncValues() {
        return SYNC_VALUES;
    }

    public List<String> healthValues() {
        return HEALTH_VALUES;
    }

    public int previousPage() {
        return page - 1;
    }

    public int nextPage() {
        return page + 1;
    }

    Result run(List<Application> all) {
        return run(all, ClusterNames.IN_CLUSTER_ONLY);
    }

    /** The page of {@code all} this query selects; clusters go by the names {@code names} gives. */
    Result run(List<Application> all, ClusterNames names) {
        Predicate<Application> labelFilter;
        String labelError = null;
        try {
            labelFilter = LabelSelectors.parse(labels.isBlank() ? null : labels);
        } catch (IllegalArgumentException e) {
            labelFilter = a -> true;
            labelError = e.getMessage();
        }
        String needle = search;
        // Plain maps while scanning (50,000 apps, few distinct values), sorted once at the end; a value is
        // added to a seen-set only when it differs from the previous app's (neighbours mostly share them).
        Map<String, int[]> syncSeen = new HashMap<>();
        Map<String, int[]> healthSeen = new HashMap<>();
        Set<String> projectsSeen = new HashSet<>();
        Set<String> clustersSeen = new HashSet<>();
        Set<String> namespacesSeen = new HashSet<>();
        String lastProject = null;
        String lastCluster = null;
        String lastNamespace = null;
        List<Application> page = new ArrayList<>();
        int matching = 0;
        int from = (page() - 1) * PAGE_SIZE;
        for (Application a : all) {
            String project = a.getSpec() == null || a.getSpec().getProject() == null
                    ? ""
                    : a.getSpec().getProject();
            String cluster = names.of(a);
            String ns = namespaceOf(a);
            if (!project.equals(lastProject) && projectsSeen.size() < 500) {
                projectsSeen.add(project);
            }
            if (!cluster.equals(lastCluster) && clustersSeen.size() < 500) {
                clustersSeen.add(cluster);
            }
            if (!ns.equals(lastNamespace) && namespacesSeen.size() < 500) {
                namespacesSeen.add(ns);
            }
            lastProject = project;
            lastCluster = cluster;
            lastNamespace = ns;
            if (!needle.isEmpty() && !containsIgnoringCase(a.getMetadata().getName(), needle)) {
                continue;
            }
            if ((!projects.isEmpty() && !projects.contains(project))
                    || (!clusters.isEmpty() && !clusters.contains(cluster))
                    || (!namespaces.isEmpty() && !namespaces.contains(ns))
                    || !labelFilter.test(a)) {
                continue;
            }
            boolean auto = autoSyncOf(a);
            if (("enabled".equals(autoSync) && !auto) || ("disabled".equals(autoSync) && auto)) {
                continue;
            }
            String s = syncOf(a);
            String h = healthOf(a);
            // Counts ignore their own filter, so the user sees what choosing another value would give.
            if (health.isEmpty() || health.contains(h)) {
                syncSeen.computeIfAbsent(s, k -> new int[1])[0]++;
            }
            if (sync.isEmpty() || sync.contains(s)) {
                healthSeen.computeIfAbsent(h, k -> new int[1])[0]++;
            }
            if ((!sync.isEmpty() && !sync.contains(s)) || (!health.isEmpty() && !health.contains(h))) {
                continue;
            }
            if (matching >= from && page.size() < PAGE_SIZE) {
                page.add(a);
            }
            matching++;
        }
        TreeMap<String, Integer> syncCounts = new TreeMap<>();
        syncSeen.forEach((k, v) -> syncCounts.put(k, v[0]));
        TreeMap<String, Integer> healthCounts = new TreeMap<>();
        healthSeen.forEach((k, v) -> healthCounts.put(k, v[0]));
        int pages = Math.max(1, (matching + PAGE_SIZE - 1) / PAGE_SIZE);
        return new Result(
                page,
                all.size(),
                matching,
                pages,
                syncCounts,
                healthCounts,
                new TreeSet<>(projectsSeen),
                new TreeSet<>(clustersSeen),
                new TreeSet<>(namespacesSeen),
                labelError);
    }

    /** Whether {@code text} contains {@code needle}, ignoring case, without copying {@code text}. */
    static boolean containsIgnoringCase(String text, String needle) {
        int last = text.length() - needle.length();
        for (int i = 0; i <= last; i++) {
            if (text.regionMatches(true, i, needle, 0, needle.length())) {
                return true;
            }
        }
        return false;
    }

    /** This query as a query string (without '?'), with another page. */
    public String withPage(int n) {
        return with("page", String.valueOf(n));
    }

    /** This query as a query string with another view. */
    public String withView(String v) {
        return with("view", v);
    }

    public String queryString() {
        return with(null, null);
    }

    private String with(String key, String value) {
        List<String> parts = new ArrayList<>();
        add(parts, "search", search);
        sync.forEach(v -> add(parts, "sync", v));
        health.forEach(v -> add(parts, "health", v));
        projects.forEach(v -> add(parts, "proj", v));
        clusters.forEach(v -> add(parts, "cluster", v));
        namespaces.forEach(v -> add(parts, "namespace", v));
        add(parts, "labels", labels);
        add(parts, "autosync", autoSync);
        add(parts, "view", "view".equals(key) ? value : view);
        add(parts, "page", "page".equals(key) ? value : page > 1 ? String.valueOf(page) : "");
        return String.join("&", parts);
    }

    private static void add(List<String> parts, String k, String v) {
        if (v != null && !v.isEmpty()) {
            parts.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
        }
    }

    public boolean filtered() {
        return !search.isEmpty()
                || !sync.isEmpty()
                || !health.isEmpty()
                || !projects.isEmpty()
                || !clusters.isEmpty()
                || !namespaces.isEmpty()
                || !labels.isEmpty()
                || !autoSync.isEmpty();
    }

    static String syncOf(Application a) {
        return a.getStatus() == null
                        || a.getStatus().getSync() == null
                        || a.getStatus().getSync().getStatus() == null
                ? SyncStatusCode.UNKNOWN.code()
                : a.getStatus().getSync().getStatus();
    }

    static String healthOf(Application a) {
        return a.getStatus() == null
                        || a.getStatus().getHealth() == null
                        || a.getStatus().getHealth().getStatus() == null
                ? HealthStatusCode.UNKNOWN.code()
                : a.getStatus().getHealth().getStatus();
    }

    static boolean autoSyncOf(Application a) {
        SyncPolicy p = a.getSpec() == null ? null : a.getSpec().getSyncPolicy();
        return p != null
                && p.getAutomated() != null
                && !Boolean.FALSE.equals(p.getAutomated().getEnabled());
    }

    static String namespaceOf(Application a) {
        var d = a.getSpec() == null ? null : a.getSpec().getDestination();
        return d == null || d.getNamespace() == null ? "" : d.getNamespace();
    }

    private static String first(MultivaluedMap<String, String> q, String key) {
        String v = q.getFirst(key);
        return v == null ? "" : v.trim();
    }

    private static Set<String> set(MultivaluedMap<String, String> q, String key) {
        List<String> values = q.get(key);
        Set<String> out = new TreeSet<>();
        if (values != null) {
            values.stream().filter(v -> v != null && !v.isBlank()).limit(50).forEach(out::add);
        }
        return out;
    }

    private static int parseInt(String s) {
        try {
            return s.isEmpty() ? 1 : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
