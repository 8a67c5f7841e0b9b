package io.sextant.sync;

import io.sextant.model.AppProjectSpec;
import io.sextant.model.Application;
import io.sextant.model.ApplicationDestination;
import io.sextant.model.ApplicationSource;
import io.sextant.model.Glob;
import io.sextant.model.GroupKind;
import io.sextant.model.ResourceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What an AppProject allows its Applications, with Argo CD's semantics:
 * <ul>
 * <li>{@code sourceRepos}: globs a source's repoURL must match (compared without case, a trailing
 *     {@code /} or {@code .git}); a pattern starting with {@code !} denies what it matches, whatever
 *     else allows it.</li>
 * <li>{@code destinations}: {@code server} (or cluster {@code name}) and {@code namespace} globs, also
 *     negatable with {@code !}; the app's destination, and the namespace of every namespaced resource it
 *     deploys, must match an allowing entry and no denying one.</li>
 * <li>{@code clusterResourceWhitelist} / {@code clusterResourceBlacklist}: group/kind globs for
 *     cluster-scoped resources; an empty whitelist allows none (the {@code default} project allows
 *     {@code *}/{@code *}).</li>
 * <li>{@code namespaceResourceWhitelist} / {@code namespaceResourceBlacklist}: the same for namespaced
 *     resources; an empty whitelist allows all.</li>
 * </ul>
 * A project that does not exist allows nothing, but for {@code default}, which allows everything until
 * someone creates it (Argo CD's server creates it at start; a controller may run without the server).
 * Patterns are compiled once; a malformed one is reported like a violation, naming the project field.
 * Immutable and thread-safe.
 */
public final class ProjectBounds {

    /** The API server Sextant runs against, as destinations name it. */
    public static final String IN_CLUSTER_SERVER = "https://kubernetes.default.svc";

    public static final String IN_CLUSTER_NAME = "in-cluster";

    private final String project;
    private final boolean unrestricted;
    private final String missing;
    private final List<Rule> repos = new ArrayList<>();
    private final List<Destination> destinations = new ArrayList<>();
    private final List<Kind> clusterAllow = new ArrayList<>();
    private final List<Kind> clusterDeny = new ArrayList<>();
    private final List<Kind> namespacedAllow = new ArrayList<>();
    private final List<Kind> namespacedDeny = new ArrayList<>();
    private final List<String> malformed = new ArrayList<>();
    /** {@code sourceNamespaces}: where this project's Applications may live besides the control plane. */
    private final List<Glob> sourceNamespaces = new ArrayList<>();

    private KnownClusters clusters = KnownClusters.IN_CLUSTER_ONLY;
    /** {@code permitOnlyProjectScopedClusters}: destinations only on clusters whose Secret names this project. */
    private boolean onlyScopedClusters;

    /** A pattern; with {@code !} it matches what its glob does not. */
    private record Rule(Glob glob, boolean deny) {
        boolean matches(String text) {
            return text != null && glob.matches(text) != deny;
        }
    }

    private record Destination(Rule server, Rule name, Rule namespace) {}

    private record Kind(Glob group, Glob kind) {
        boolean matches(String g, String k) {
            return group.matches(g) && kind.matches(k);
        }
    }

    private ProjectBounds(String project, boolean unrestricted, String missing) {
        this.project = project;
        this.unrestricted = unrestricted;
        this.missing = missing;
    }

    /** The bounds of project {@code name}; {@code spec} null when the project does not exist. */
    public static ProjectBounds of(String name, AppProjectSpec spec) {
        if (spec == null) {
            return "default".equals(name)
                    ? new ProjectBounds(name, true, null)
                    : new ProjectBounds(
                            name,
                            false,
                            "Application referencing project " + name
                                    + " which does not exist: create the AppProject or set spec.project to an existing one");
        }
        ProjectBounds b = new ProjectBounds(name, false, null);
        b.onlyScopedClusters = Boolean.TRUE.equals(spec.getPermitOnlyProjectScopedClusters());
        for (String repo : list(spec.getSourceRepos())) {
            b.rule(repo, "sourceRepos", true).ifPresent(b.repos::add);
        }
        for (ApplicationDestination d : list(spec.getDestinations())) {
            Rule server = d.getServer() == null || d.getServer().isEmpty()
                    ? null
                    : b.rule(d.getServer(), "destinations.server", true).orElse(null);
            Rule clusterName = d.getName() == null || d.getName().isEmpty()
                    ? null
                    : b.rule(d.getName(), "destinations.name", false).orElse(null);
            Rule namespace = b.rule(d.getNamespace() == null ? "" : d.getNamespace(), "destinations.namespace", false)
                    .orElse(null);
            if ((server != null || clusterName != null) && namespace != null) {
                b.destinations.add(new Destination(server, clusterName, namespace));
            }
        }
        for (String ns : list(spec.getSourceNamespaces())) {
            try {
                b.sourceNamespaces.add(Glob.compile(ns, "sourceNamespaces"));
            } catch (IllegalArgumentException e) {
                b.malformed.add(e.getMessage());
            }
        }
        b.kinds(spec.getClusterResourceWhitelist(), "clusterResourceWhitelist", b.clusterAllow);
        b.kinds(spec.getClusterResourceBlacklist(), "clusterResourceBlacklist", b.clusterDeny);
        b.kinds(spec.getNamespaceResourceWhitelist(), "namespaceResourceWhitelist", b.namespacedAllow);
        b.kinds(spec.getNamespaceResourceBlacklist(), "namespaceResourceBlacklist", b.namespacedDeny);
        return b;
    }

    public String project() {
        return project;
    }

    private ProjectBounds copy() {
        ProjectBounds c = new ProjectBounds(project, unrestricted, missing);
        c.repos.addAll(repos);
        c.destinations.addAll(destinations);
        c.clusterAllow.addAll(clusterAllow);
        c.clusterDeny.addAll(clusterDeny);
        c.namespacedAllow.addAll(namespacedAllow);
        c.namespacedDeny.addAll(namespacedDeny);
        c.malformed.addAll(malformed);
        c.sourceNamespaces.addAll(sourceNamespaces);
        c.clusters = clusters;
        c.onlyScopedClusters = onlyScopedClusters;
        return c;
    }

    /** These bounds, with destinations by name resolved against {@code known} clusters. */
    public ProjectBounds withClusters(KnownClusters known) {
        ProjectBounds copy = copy();
        copy.clusters = known;
        return copy;
    }

    /**
     * Why the project does not allow an app with this source repository and destination, or why Sextant
     * cannot deploy to that destination at all ({@link Destinations}); empty when both are fine.
     * {@code server} or {@code clusterName} may be null (the other one names the cluster).
     */
    public Optional<String> checkApplication(
            List<String> repoUrls, String server, String clusterName, String namespace) {
        // A destination Sextant cannot deploy to is refused whatever the project says: never deployed locally.
        Optional<String> destination = Destinations.refusal(server, clusterName, clusters);
        if (destination.isPresent()) {
            return destination;
        }
        Optional<String> problem = projectProblem();
        if (problem.isPresent()) {
            return problem;
        }
        if (unrestricted) {
            return Optional.empty();
        }
        for (String url : repoUrls) {
            if (!repoPermitted(url)) {
                return Optional.of("application repo " + url + " is not permitted in project '" + project
                        + "': add it to the project's sourceRepos");
            }
        }
        if (!destinationPermitted(server, clusterName, namespace)) {
            return Optional.of("application destination {" + (server != null ? server : clusterName) + " "
                    + (namespace == null ? "" : namespace) + "} is not permitted in project '" + project
                    + "': add it to the project's destinations");
        }
        if (onlyScopedClusters) {
            // Argo CD's rule (user-guide/projects.md, "Project scoped clusters"): with this set, a destination
            // must also be a cluster registered for this project; in-cluster never is.
            String s = server == null || server.isEmpty()
                    ? clusters.serverOf(clusterName).orElse(null)
                    : server;
            if (s == null || !clusters.projectOf(s).map(project::equals).orElse(false)) {
                return Optional.of("application destination {"
                        + (server != null && !server.isEmpty() ? server : clusterName)
                        + " " + (namespace == null ? "" : namespace) + "} is not permitted in project '" + project
                        + "': the project permits only clusters scoped to it (permitOnlyProjectScopedClusters); set "
                        + "'project: " + project + "' in the cluster's Secret");
            }
        }
        return Optional.empty();
    }

    /**
     * Why the project does not allow this resource (its group and kind, and for a namespaced one, its
     * namespace on the app's cluster); empty when it does.
     */
    public Optional<String> checkResource(
            String group,
            String kind,
            String name,
            String namespace,
            boolean clusterScoped,
            String server,
            String clusterName) {
        Optional<String> problem = projectProblem();
        if (problem.isPresent()) {
            return problem;
        }
        // The cluster's own limits first: they hold whatever the project allows.
        String s = server != null && !server.isBlank()
                ? server
                : clusters.serverOf(clusterName).orElse(null);
        Optional<String> scoped = s == null
                ? Optional.empty()
                : clusters.scopeOf(s).flatMap(c -> c.refusal(group, kind, name, namespace, clusterScoped));
        if (scoped.isPresent() || unrestricted) {
            return scoped;
        }
        String g = group == null ? "" : group;
        String shown = (g.isEmpty() ? "" : g + "/") + kind + " "
                + (namespace == null || namespace.isEmpty() ? "" : namespace + "/") + name;
        if (clusterScoped) {
            if (clusterAllow.stream().noneMatch(k -> k.matches(g, kind))
                    || clusterDeny.stream().anyMatch(k -> k.matches(g, kind))) {
                return Optional.of("resource " + shown + " is not permitted in project '" + project
                        + "': cluster-scoped " + (g.isEmpty() ? "" : g + "/") + kind
                        + " needs the project's clusterResourceWhitelist");
            }
            return Optional.empty();
        }
        if ((!namespacedAllow.isEmpty() && namespacedAllow.stream().noneMatch(k -> k.matches(g, kind)))
                || namespacedDeny.stream().anyMatch(k -> k.matches(g, kind))) {
            return Optional.of("resource " + shown + " is not permitted in project '" + project
                    + "': its kind is outside the project's namespaceResourceWhitelist/Blacklist");
        }
        if (namespace != null && !namespace.isEmpty() && !destinationPermitted(server, clusterName, namespace)) {
            return Optional.of("resource " + shown + " is not permitted in project '" + project + "': namespace "
                    + namespace + " is not among the project's destinations");
        }
        return Optional.empty();
    }

    /** The project an Application belongs to ({@code default} when it names none). */
    public static String projectOf(Application app) {
        String p = app.getSpec() == null ? null : app.getSpec().getProject();
        return p == null || p.isBlank() ? "default" : p;
    }

    /** Why the project does not allow the app's sources or destination; empty when it does. */
    /**
     * Why an Application in {@code appNamespace} may not use this project: outside the control-plane
     * namespace the project must list that namespace (or a glob matching it) in {@code sourceNamespaces}
     * (Argo CD, "Applications in any namespace"); a missing {@code default} project lists none.
     * Empty when it may.
     */
    public Optional<String> checkSourceNamespace(String appNamespace, String controlPlane) {
        Optional<String> problem = projectProblem();
        if (problem.isPresent() || appNamespace == null || appNamespace.equals(controlPlane)) {
            return problem;
        }
        for (Glob g : sourceNamespaces) {
            if (g.matches(appNamespace)) {
                return Optional.empty();
            }
        }
        return Optional.of("application in namespace '" + appNamespace + "' is not permitted in project '" + project
                + "': add the namespace to the project's sourceNamespaces, or create the Application in namespace '"
                + controlPlane + "'");
    }

    public Optional<String> checkApplication(Application app) {
        List<String> repos = new ArrayList<>();
        if (app.getSpec() != null && app.getSpec().getSource() != null) {
            repos.add(String.valueOf(app.getSpec().getSource().getRepoURL()));
        }
        if (app.getSpec() != null && app.getSpec().getSources() != null) {
            for (ApplicationSource s : app.getSpec().getSources()) {
                repos.add(String.valueOf(s.getRepoURL()));
            }
        }
        ApplicationDestination d = app.getSpec() == null ? null : app.getSpec().getDestination();
        return checkApplication(
                repos,
                d == null ? null : d.getServer(),
                d == null ? null : d.getName(),
                d == null ? null : d.getNamespace());
    }

    /** Why the project does not allow this resource of {@code app}; empty when it does. */
    public Optional<String> checkResource(Application app, ResourceKey key, boolean clusterScoped) {
        ApplicationDestination d = app.getSpec() == null ? null : app.getSpec().getDestination();
        return checkResource(
                key.group(),
                key.kind(),
                key.name(),
                key.namespace(),
                clusterScoped,
                d == null ? null : d.getServer(),
                d == null ? null : d.getName());
    }

    private Optional<String> projectProblem() {
        if (missing != null) {
            return Optional.of(missing);
        }
        if (!malformed.isEmpty()) {
            return Optional.of("project '" + project + "' cannot be applied: " + String.join("; ", malformed));
        }
        return Optional.empty();
    }

    /** Any pattern matching allows, but a {@code !} pattern that the URL hits refuses at once. */
    private boolean repoPermitted(String url) {
        String normal = normaliseRepo(url);
        boolean allowed = false;
        for (Rule r : repos) {
            if (r.matches(normal)) {
                allowed = true;
            } else if (r.deny()) {
                return false;
            }
        }
        return allowed;
    }

    /**
     * An entry whose cluster (server or name) and namespace both match allows; an entry that does not
     * match because one of its {@code !} patterns hit refuses at once.
     */
    private boolean destinationPermitted(String server, String clusterName, String namespace) {
        String s = server == null || server.isEmpty()
                ? (IN_CLUSTER_NAME.equals(clusterName)
                        ? IN_CLUSTER_SERVER
                        : clusters.serverOf(clusterName).orElse(null))
                : server;
        String n = clusterName == null || clusterName.isEmpty()
                ? (IN_CLUSTER_SERVER.equals(server)
                        ? IN_CLUSTER_NAME
                        : clusters.nameOf(server).orElse(null))
                : clusterName;
        String ns = namespace == null ? "" : namespace;
        boolean allowed = false;
        for (Destination d : destinations) {
            boolean serverHit = d.server() != null && d.server().matches(s);
            boolean nameHit = d.name() != null && d.name().matches(n);
            boolean namespaceHit = d.namespace().matches(ns);
            if ((serverHit || nameHit) && namespaceHit) {
                allowed = true;
            } else if ((d.server() != null && d.server().deny() && !serverHit)
                    || (d.name() != null && d.name().deny() && !nameHit)
                    || (d.namespace().deny() && !namespaceHit)) {
                return false;
            }
        }
        return allowed;
    }

    /** A compiled pattern; a {@code !} prefix denies. Records malformed patterns instead of throwing. */
    private Optional<Rule> rule(String pattern, String field, boolean url) {
        boolean deny = pattern.startsWith("!");
        String body = deny ? pattern.substring(1) : pattern;
        try {
            return Optional.of(new Rule(Glob.compile(url ? normaliseRepo(body) : body, field), deny));
        } catch (IllegalArgumentException e) {
            malformed.add(e.getMessage());
            return Optional.empty();
        }
    }

    private void kinds(List<? extends GroupKind> restrictions, String field, List<Kind> into) {
        for (GroupKind r : list(restrictions)) {
            try {
                into.add(new Kind(
                        Glob.compile(r.getGroup() == null ? "" : r.getGroup(), field + ".group"),
                        Glob.compile(r.getKind() == null ? "" : r.getKind(), field + ".kind")));
            } catch (IllegalArgumentException e) {
                malformed.add(e.getMessage());
            }
        }
    }

    /** Repository URLs compare without case, a trailing slash or {@code .git}. */
    static String normaliseRepo(String url) {
        String u = url.trim().toLowerCase(Locale.ROOT);
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u.endsWith(".git") ? u.substring(0, u.length() - 4) : u;
    }

    private static <T> List<T> list(List<T> maybe) {
        return maybe == null ? List.of() : maybe;
    }
}
