package io.sextant.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.sextant.model.Application;
import io.sextant.service.ApplicationStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * User Info (who is logged in) and Settings: repositories, clusters and projects, read-only. Until
 * the services for those exist, each list is what the Applications use, counted per entry.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class AccountPages {

    /** One settings row: a repository, cluster or project and how many apps use it. */
    public record Used(String name, String link, int apps) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance userInfo(Viewer viewer, List<String> groups);

        static native TemplateInstance settings(Viewer viewer, List<Used> repositories, List<Used> clusters,
                List<Used> projects);
    }

    private final ApplicationStore store;
    private final WebSession session;

    private final io.sextant.service.ApplicationService applications;

    @jakarta.inject.Inject
    public AccountPages(ApplicationStore store, WebSession session, io.sextant.service.ApplicationService applications) {
        this.applications = applications;
        this.store = store;
        this.session = session;
    }

    @GET
    @Path("user-info")
    public TemplateInstance userInfo() {
        // Local accounts have no groups; SSO users will (the SSO issue adds them).
        return Templates.userInfo(session.viewer(), List.of());
    }

    @GET
    @Path("settings")
    public TemplateInstance settings() {
        TreeMap<String, Integer> repos = new TreeMap<>();
        TreeMap<String, Integer> clusters = new TreeMap<>();
        TreeMap<String, Integer> projects = new TreeMap<>();
        clusters.put("https://kubernetes.default.svc", 0);
        projects.put("default", 0);
        for (Application a : applications.permitted(store.all())) {
            var spec = a.getSpec();
            if (spec == null) {
                continue;
            }
            if (spec.getSource() != null && spec.getSource().getRepoURL() != null) {
                repos.merge(spec.getSource().getRepoURL(), 1, Integer::sum);
            }
            clusters.merge(ApplicationQuery.clusterOf(a), 1, Integer::sum);
            projects.merge(spec.getProject() == null ? "default" : spec.getProject(), 1, Integer::sum);
        }
        return Templates.settings(session.viewer(), used(repos, true), used(clusters, false), used(projects, false));
    }

    private static List<Used> used(TreeMap<String, Integer> counts, boolean links) {
        Set<String> seen = new TreeSet<>();
        return counts.entrySet().stream().filter(e -> seen.add(e.getKey())).limit(1000)
                .map(e -> new Used(e.getKey(), links ? Links.safeHref(e.getKey()) : null, e.getValue())).toList();
    }
}
