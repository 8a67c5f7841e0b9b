package io.sextant.web;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.sextant.model.AppKey;
import io.sextant.model.Application;
import io.sextant.service.ApplicationEditor;
import io.sextant.service.ApplicationOperations;
import io.sextant.service.ApplicationRefresher;
import io.sextant.service.ApplicationService;
import io.sextant.service.ApplicationStore;
import io.sextant.service.ClusterNames;
import io.sextant.service.ClusterService;
import io.sextant.service.OperationRefusedException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The Applications page: tiles or a list of one page of filtered apps, the filter bar, {@code NEW APP},
 * {@code SYNC APPS}, {@code REFRESH APPS}, and per tile {@code SYNC}, {@code REFRESH}, {@code DELETE}.
 * Panels open through the query string ({@code new=1}, {@code panel=sync-apps|refresh-apps},
 * {@code delete=<app>}), so everything works without JavaScript. Live updates come from
 * {@link LiveStreams}.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class ApplicationsPage {

    private static final Logger LOG = Logger.getLogger(ApplicationsPage.class);

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(
                Viewer viewer,
                ApplicationQuery query,
                ApplicationQuery.Result result,
                List<ApplicationRow> apps,
                String panel,
                NewApplicationForm form,
                String deleting,
                String error,
                List<SyncOptionField> options);

        static native TemplateInstance list$tile(ApplicationRow app, Viewer viewer, ApplicationQuery query);

        static native TemplateInstance list$row(ApplicationRow app, Viewer viewer, ApplicationQuery query);
    }

    private final ApplicationService applications;
    private final ApplicationEditor editor;
    private final ApplicationOperations operations;
    private final ApplicationRefresher refresher;
    private final ApplicationStore store;
    private final WebSession session;
    private final ClusterService clusters;

    public ApplicationsPage(
            ApplicationService applications,
            ApplicationEditor editor,
            ApplicationOperations operations,
            ApplicationRefresher refresher,
            ApplicationStore store,
            WebSession session,
            ClusterService clusters) {
        this.clusters = clusters;
        this.applications = applications;
        this.editor = editor;
        this.operations = operations;
        this.refresher = refresher;
        this.store = store;
        this.session = session;
    }

    @GET
    public Response root() {
        return Response.seeOther(URI.create("/applications")).build();
    }

    @GET
    @Path("applications")
    public TemplateInstance list(@Context UriInfo uri) {
        var q = uri.getQueryParameters();
        String panel = q.getFirst("new") != null ? "new" : q.getFirst("panel");
        return page(ApplicationQuery.from(q), panel, NewApplicationForm.empty(), q.getFirst("delete"), null);
    }

    private TemplateInstance page(
            ApplicationQuery query, String panel, NewApplicationForm form, String deleting, String error) {
        ApplicationQuery.Result result;
        String problem = error;
        ClusterNames names = clusters.names();
        try {
            result = query.run(applications.permitted(store.all()), names);
        } catch (KubernetesClientException e) {
            LOG.warnf("Listing Applications failed: %s", e.getMessage());
            result = query.run(List.of());
            problem = "Cannot list Applications from the Kubernetes API (" + e.getCode() + "): " + e.getMessage();
        }
        List<ApplicationRow> rows =
                result.page().stream().map(a -> ApplicationRow.of(a, names)).toList();
        // The dialog opens only for an app this user may see: it must not tell a forbidden app from a
        // missing one (security review L8).
        String asked = deleting;
        if (asked != null
                && store.find(asked)
                        .filter(a -> !applications.permitted(List.of(a)).isEmpty())
                        .isEmpty()) {
            deleting = null;
        }
        return Templates.list(
                session.viewer(),
                query,
                result,
                rows,
                panel == null ? "" : panel,
                form,
                deleting,
                problem,
                SyncOptionField.ALL);
    }

    /** The tile (or list row) of one app, for the live stream. */
    static TemplateInstance fragment(Application app, ApplicationQuery query, Viewer viewer, ClusterNames names) {
        ApplicationRow row = ApplicationRow.of(app, names);
        return "list".equals(query.view())
                ? Templates.list$row(row, viewer, query)
                : Templates.list$tile(row, viewer, query);
    }

    @POST
    @Path("applications")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(
            @FormParam(Csrf.FIELD) String csrf,
            @FormParam("name") String name,
            @FormParam("project") String project,
            @FormParam("syncPolicy") String syncPolicy,
            @FormParam("prune") String prune,
            @FormParam("selfHeal") String selfHeal,
            @FormParam("syncOption") List<String> syncOptions,
            @FormParam("repoURL") List<String> repoURL,
            @FormParam("revision") List<String> revision,
            @FormParam("path") List<String> path,
            @FormParam("chart") List<String> chart,
            @FormParam("ref") List<String> ref,
            @FormParam("valueFiles") List<String> valueFiles,
            @FormParam("cluster") String cluster,
            @FormParam("namespace") String namespace,
            @FormParam("appNamespace") String appNamespace,
            @FormParam("formAction") String formAction,
            @Context UriInfo uri) {
        session.requireCsrf(csrf);
        int blocks = Math.max(1, repoURL == null ? 0 : repoURL.size());
        ApplicationQuery query = ApplicationQuery.from(uri.getQueryParameters());
        List<NewApplicationForm.SourceFields> sources = new ArrayList<>();
        for (int i = 0; i < Math.min(blocks, NewApplicationForm.MAX_SOURCES); i++) {
            sources.add(new NewApplicationForm.SourceFields(
                    i + 1,
                    nth(repoURL, i),
                    nth(revision, i),
                    nth(path, i),
                    nth(chart, i),
                    nth(ref, i),
                    nth(valueFiles, i),
                    Map.of()));
        }
        NewApplicationForm typed = new NewApplicationForm(
                trim(name),
                trim(appNamespace),
                trim(project),
                "Automatic".equals(syncPolicy) ? "Automatic" : "Manual",
                prune != null,
                selfHeal != null,
                SyncOptionField.known(syncOptions),
                sources,
                trim(cluster),
                trim(namespace),
                Map.of());
        // ADD SOURCE and REMOVE post the panel back to itself: nothing is created, what was typed stays.
        if ("add-source".equals(formAction)) {
            return Response.ok(page(query, "new", typed.withSourceAdded(), null, null))
                    .build();
        }
        if (formAction != null && formAction.matches("remove-source-[0-9]{1,2}")) {
            int index = Integer.parseInt(formAction.substring("remove-source-".length()));
            return Response.ok(page(query, "new", typed.withSourceRemoved(index), null, null))
                    .build();
        }
        if (blocks > NewApplicationForm.MAX_SOURCES) {
            return Response.status(422)
                    .entity(page(
                            query,
                            "new",
                            typed,
                            null,
                            "At most " + NewApplicationForm.MAX_SOURCES + " sources: " + blocks + " were sent"))
                    .build();
        }
        NewApplicationForm form = typed.validated();
        if (!form.allErrors().isEmpty()) {
            return Response.status(422)
                    .entity(page(query, "new", form, null, null))
                    .build();
        }
        try {
            editor.create(form.toApplication(), false);
        } catch (IllegalArgumentException | OperationRefusedException | KubernetesClientException e) {
            return Response.status(409)
                    .entity(page(query, "new", form, null, "Unable to create application: " + message(e)))
                    .build();
        }
        String key =
                form.appNamespace().isEmpty() ? form.name() : AppKey.parse(form.appNamespace() + "/" + form.name());
        return Response.seeOther(URI.create("/applications/" + key)).build();
    }

    /** SYNC APPS and REFRESH APPS: one action for each app ticked in the panel. */
    @POST
    @Path("bulk-actions")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response bulk(
            @FormParam(Csrf.FIELD) String csrf,
            @FormParam("action") String action,
            @FormParam("app") List<String> names,
            @FormParam("prune") String prune,
            @FormParam("dryRun") String dryRun,
            @FormParam("hard") String hard,
            @Context UriInfo uri) {
        session.requireCsrf(csrf);
        List<String> failures = new ArrayList<>();
        for (String name :
                names == null ? List.<String>of() : names.stream().limit(1000).toList()) {
            try {
                if ("sync".equals(action)) {
                    operations.sync(
                            name, null, prune != null, dryRun != null, List.of(), List.of(), session.username());
                } else {
                    refresher.requestRefresh(name, hard != null ? "hard" : "normal");
                }
            } catch (RuntimeException e) {
                failures.add(name + ": " + message(e));
            }
        }
        ApplicationQuery query = ApplicationQuery.from(uri.getQueryParameters());
        if (!failures.isEmpty()) {
            return Response.status(409)
                    .entity(page(query, null, NewApplicationForm.empty(), null, String.join("; ", failures)))
                    .build();
        }
        String qs = query.queryString();
        return Response.seeOther(URI.create("/applications" + (qs.isEmpty() ? "" : "?" + qs)))
                .build();
    }

    static String message(RuntimeException e) {
        if (e instanceof KubernetesClientException k
                && k.getStatus() != null
                && k.getStatus().getMessage() != null) {
            return k.getStatus().getMessage();
        }
        return e.getMessage();
    }

    /** The {@code i}th value of a repeated field, trimmed; "" past its end (a hand-made post may send fewer). */
    private static String nth(List<String> values, int i) {
        return values == null || i >= values.size() ? "" : trim(values.get(i));
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }

    @ServerExceptionMapper
    public Response failed(RuntimeException e) {
        return ErrorPage.of(e);
    }
}
