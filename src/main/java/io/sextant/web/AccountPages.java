package io.sextant.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.sextant.model.Application;
import io.sextant.model.ConnectionStatus;
import io.sextant.repo.RepoException;
import io.sextant.service.ApplicationService;
import io.sextant.service.ApplicationStore;
import io.sextant.service.ClusterNames;
import io.sextant.service.ClusterService;
import io.sextant.service.NotFoundException;
import io.sextant.service.OperationRefusedException;
import io.sextant.service.ProjectService;
import io.sextant.service.RepositoryService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * User Info (who is logged in) and Settings: repositories (connect after a connection test, test
 * again, disconnect), clusters and projects as their services list them, each with how many
 * Applications use it. Every form checks the session's CSRF token; a refusal re-renders the page
 * with the reason, which never holds a password.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class AccountPages {

    /** One settings row: a repository, cluster or project, how many apps use it, and its connection status. */
    public record Used(String name, String link, int apps, String status, String message) {
        Used(String name, String link, int apps) {
            this(name, link, apps, "", "");
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance userInfo(Viewer viewer, List<String> groups);

        static native TemplateInstance settings(
                Viewer viewer,
                List<Used> repositories,
                List<Used> clusters,
                List<Used> projects,
                String notice,
                String error);
    }

    private final ApplicationStore store;
    private final WebSession session;

    private final ApplicationService applications;
    private final RepositoryService repositories;
    private final ClusterService clusters;
    private final ProjectService projects;

    @Inject
    public AccountPages(
            ApplicationStore store,
            WebSession session,
            ApplicationService applications,
            RepositoryService repositories,
            ClusterService clusters,
            ProjectService projects) {
        this.applications = applications;
        this.repositories = repositories;
        this.clusters = clusters;
        this.projects = projects;
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
    public TemplateInstance settings(@QueryParam("notice") String notice, @QueryParam("tag") String tag) {
        // Only a notice this server made for this session is shown: a link cannot put words on the page.
        boolean ours =
                notice != null && session.token() != null && Csrf.matches(Csrf.tag(session.token(), notice), tag);
        return settingsPage(ours ? notice : null, null);
    }

    /** CONNECT (test, then store) or TEST CONNECTION (test only) of a repository. */
    @POST
    @Path("settings/repositories")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response connect(
            @FormParam(Csrf.FIELD) String csrf,
            @FormParam("action") String action,
            @FormParam("repo") String repo,
            @FormParam("type") String type,
            @FormParam("name") String name,
            @FormParam("username") String username,
            @FormParam("password") String password) {
        session.requireCsrf(csrf);
        var request = new RepositoryService.RepositoryRequest(
                repo == null ? null : repo.trim(),
                blankToNull(type),
                blankToNull(name),
                null,
                blankToNull(username),
                blankToNull(password),
                null,
                null,
                null);
        try {
            if ("test".equals(action)) {
                repositories.validateConnection(request);
                return refresh("Connection to " + repo + " succeeded");
            }
            repositories.create(request, true);
            return refresh("Repository " + repo + " connected");
        } catch (IllegalArgumentException | OperationRefusedException | RepoException e) {
            return refused(e.getMessage());
        }
    }

    /** DISCONNECT: removes a repository's Secret. */
    @POST
    @Path("settings/repositories/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response disconnect(@FormParam(Csrf.FIELD) String csrf, @FormParam("repo") String repo) {
        session.requireCsrf(csrf);
        try {
            repositories.delete(repo);
            return refresh("Repository " + repo + " disconnected");
        } catch (NotFoundException e) {
            return refused(e.getMessage());
        }
    }

    private Response refresh(String notice) {
        return Response.seeOther(URI.create("/settings?notice="
                        + URLEncoder.encode(notice, StandardCharsets.UTF_8) + "&tag="
                        + Csrf.tag(session.token(), notice)))
                .build();
    }

    private Response refused(String error) {
        return Response.status(422)
                .type(MediaType.TEXT_HTML)
                .entity(settingsPage(null, error).render())
                .build();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private TemplateInstance settingsPage(String notice, String error) {
        TreeMap<String, Integer> repoUse = new TreeMap<>();
        TreeMap<String, Integer> clusterUse = new TreeMap<>(); // by cluster name, as apps name them or not
        ClusterNames names = clusters.names();
        TreeMap<String, Integer> projectUse = new TreeMap<>();
        for (Application a : applications.permitted(store.all())) {
            var spec = a.getSpec();
            if (spec == null) {
                continue;
            }
            if (spec.getSource() != null && spec.getSource().getRepoURL() != null) {
                repoUse.merge(spec.getSource().getRepoURL(), 1, Integer::sum);
            }
            clusterUse.merge(names.of(a), 1, Integer::sum);
            projectUse.merge(spec.getProject() == null ? "default" : spec.getProject(), 1, Integer::sum);
        }
        List<Used> repoRows = new ArrayList<>();
        for (var r : repositories.list().path("items")) {
            String url = r.path("repo").asText();
            repoRows.add(new Used(
                    url,
                    Links.safeHref(url),
                    repoUse.getOrDefault(url, 0),
                    r.path("connectionState").path("status").asText(),
                    r.path("connectionState").path("message").asText()));
        }
        List<Used> clusterRows = new ArrayList<>();
        for (var c : clusters.list().path("items")) {
            String server = c.path("server").asText();
            String status = c.path("connectionState").path("status").asText();
            String why = c.path("connectionState").path("message").asText("");
            // A failed cluster says why on the page too (the message names no credential).
            clusterRows.add(new Used(
                    server,
                    null,
                    clusterUse.getOrDefault(
                            c.path("name").asText("").isEmpty()
                                    ? server
                                    : c.path("name").asText(),
                            0),
                    why.isEmpty() || ConnectionStatus.SUCCESSFUL.is(status) ? status : status + ": " + why,
                    c.path("name").asText()));
        }
        List<Used> projectRows = projects.list().stream()
                .map(p -> p.getMetadata().getName())
                .map(n -> new Used(n, null, projectUse.getOrDefault(n, 0)))
                .toList();
        return Templates.settings(session.viewer(), repoRows, clusterRows, projectRows, notice, error);
    }

    private static List<Used> used(TreeMap<String, Integer> counts, boolean links) {
        Set<String> seen = new TreeSet<>();
        return counts.entrySet().stream()
                .filter(e -> seen.add(e.getKey()))
                .limit(1000)
                .map(e -> new Used(e.getKey(), links ? Links.safeHref(e.getKey()) : null, e.getValue()))
                .toList();
    }
}
