package io.sextant.web;

import io.sextant.model.Application;
import io.sextant.model.ApplicationSource;
import io.sextant.model.ApplicationSpec;
import io.sextant.model.SyncOperation;
import io.sextant.model.SyncPolicy;
import io.sextant.model.SyncStrategy;
import io.sextant.service.ApplicationEditor;
import io.sextant.service.ApplicationOperations;
import io.sextant.service.ApplicationRefresher;
import io.sextant.service.ApplicationService;
import io.sextant.service.GitRevertService;
import io.sextant.service.NotFoundException;
import io.sextant.service.OperationRefusedException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The state-changing forms of the details page: SYNCHRONIZE, rollback and revert in Git, the sync
 * policy toggles, terminate, and editing source and destination. Each checks the CSRF token first,
 * calls the service, and on success redirects (post/redirect/get) to the page; a refusal re-renders
 * the page with the reason.
 */
@Path("/applications/{name}")
@Produces(MediaType.TEXT_HTML)
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
public class ApplicationActions {

    private final ApplicationService applications;
    private final ApplicationEditor editor;
    private final ApplicationOperations operations;
    private final ApplicationRefresher refresher;
    private final GitRevertService gitRevert;
    private final ApplicationPage page;
    private final WebSession session;

    public ApplicationActions(
            ApplicationService applications,
            ApplicationEditor editor,
            ApplicationOperations operations,
            ApplicationRefresher refresher,
            GitRevertService gitRevert,
            ApplicationPage page,
            WebSession session) {
        this.applications = applications;
        this.editor = editor;
        this.operations = operations;
        this.refresher = refresher;
        this.gitRevert = gitRevert;
        this.page = page;
        this.session = session;
    }

    @POST
    @Path("sync")
    public Response sync(
            @PathParam("name") String name,
            @FormParam(Csrf.FIELD) String csrf,
            @FormParam("revision") String revision,
            @FormParam("prune") String prune,
            @FormParam("dryRun") String dryRun,
            @FormParam("applyOnly") String applyOnly,
            @FormParam("force") String force,
            @FormParam("syncOption") List<String> ticked,
            @FormParam("replaceConfirm") String replaceConfirm,
            @FormParam("prunePropagation") String propagation,
            @FormParam("resource") List<String> selected,
            @FormParam("resourceCount") int resourceCount) {
        session.requireCsrf(csrf);
        List<String> options = new ArrayList<>(SyncOptionField.known(ticked));
        if (options.contains("Replace=true") && !name.equals(replaceConfirm == null ? "" : replaceConfirm.trim())) {
            return refused(
                    name, "sync", "Replace deletes and re-creates resources: type the application name to confirm it");
        }
        if (propagation != null
                && List.of("foreground", "background", "orphan").contains(propagation)
                && !"foreground".equals(propagation)) {
            options.add("PrunePropagationPolicy=" + propagation);
        }
        List<SyncOperation.Resource> resources = new ArrayList<>();
        List<String> chosen = selected == null ? List.of() : selected;
        if (chosen.isEmpty() && resourceCount > 0) {
            return refused(name, "sync", "No resources selected: tick at least one resource to synchronize");
        }
        if (chosen.size() < resourceCount) {
            for (String s : chosen) {
                resources.add(resource(s));
            }
        }
        SyncStrategy strategy = null;
        if (applyOnly != null || force != null) {
            strategy = new SyncStrategy();
            SyncStrategy.Apply apply = new SyncStrategy.Apply();
            apply.setForce(force != null ? Boolean.TRUE : null);
            if (applyOnly != null) {
                strategy.setApply(apply);
            } else {
                strategy.setHook(apply);
            }
        }
        try {
            operations.sync(
                    name,
                    revision == null || revision.isBlank() ? null : revision.trim(),
                    prune != null,
                    dryRun != null,
                    options,
                    resources,
                    strategy,
                    session.username());
        } catch (OperationRefusedException | IllegalArgumentException e) {
            return refused(name, "sync", e.getMessage());
        }
        return back(name, "?panel=status");
    }

    /** REFRESH (and Hard Refresh): asks the controller to compare again, then back where the user was. */
    @POST
    @Path("refresh")
    public Response refresh(
            @PathParam("name") String name,
            @FormParam(Csrf.FIELD) String csrf,
            @FormParam("hard") String hard,
            @FormParam("back") String back) {
        session.requireCsrf(csrf);
        refresher.requestRefresh(name, hard != null ? "hard" : "normal");
        return Response.seeOther(URI.create(LoginPage.safeReturn(back == null ? "/applications/" + name : back)))
                .build();
    }

    /** DELETE, confirmed by typing the app's name; cascading unless Non-cascading was chosen. */
    @POST
    @Path("delete")
    public Response delete(
            @PathParam("name") String name,
            @FormParam(Csrf.FIELD) String csrf,
            @FormParam("confirm") String confirm,
            @FormParam("propagation") String propagation) {
        session.requireCsrf(csrf);
        if (!name.equals(confirm == null ? "" : confirm.trim())) {
            return Response.status(422)
                    .type(MediaType.TEXT_HTML)
                    .entity(page.render(
                            name,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            true,
                            null,
                            "Type the application name '" + name + "' to confirm deletion"))
                    .build();
        }
        boolean cascade = !"non-cascading".equals(propagation);
        editor.delete(name, cascade, "background".equals(propagation) ? "background" : "foreground");
        return Response.seeOther(URI.create("/applications")).build();
    }

    /** "group:kind:namespace/name" or "group:kind:name" as the checkboxes send it. */
    private static SyncOperation.Resource resource(String value) {
        String[] p = value.split(":", 3);
        if (p.length != 3) {
            throw new IllegalArgumentException("not a resource: " + value);
        }
        SyncOperation.Resource r = new SyncOperation.Resource();
        r.setGroup(p[0]);
        r.setKind(p[1]);
        int slash = p[2].indexOf('/');
        if (slash >= 0) {
            r.setNamespace(p[2].substring(0, slash));
            r.setName(p[2].substring(slash + 1));
        } else {
            r.setName(p[2]);
        }
        return r;
    }

    @POST
    @Path("rollback")
    public Response rollback(
            @PathParam("name") String name,
            @FormParam(Csrf.FIELD) String csrf,
            @FormParam("id") long id,
            @FormParam("disableAutoSync") String disableAutoSync,
            @FormParam("prune") String prune) {
        session.requireCsrf(csrf);
        Application app = applications.get(name);
        if (disableAutoSync != null && ApplicationQuery.autoSyncOf(app)) {
            editor.setAutomated(name, null);
        }
        try {
            operations.rollback(name, id, prune != null, false, session.username());
        } catch (OperationRefusedException | NotFoundException e) {
            return refused(name, "history", e.getMessage());
        }
        return back(name, "?panel=status");
    }

    @POST
    @Path("revert")
    public Response revert(
            @PathParam("name") String name, @FormParam(Csrf.FIELD) String csrf, @FormParam("id") long id) {
        session.requireCsrf(csrf);
        try {
            gitRevert.revertInGit(name, id, session.username());
        } catch (OperationRefusedException | NotFoundException e) {
            return refused(name, "history", e.getMessage());
        }
        return back(name, "?panel=status");
    }

    /** ENABLE/DISABLE AUTO-SYNC, PRUNE RESOURCES and SELF HEAL of the DETAILS panel (each confirmed first). */
    @POST
    @Path("policy")
    public Response policy(
            @PathParam("name") String name, @FormParam(Csrf.FIELD) String csrf, @FormParam("action") String action) {
        session.requireCsrf(csrf);
        Application app = applications.get(name);
        SyncPolicy policy = app.getSpec().getSyncPolicy();
        SyncPolicy.Automated auto = policy == null ? null : policy.getAutomated();
        switch (action == null ? "" : action) {
            case "enable-auto-sync" -> {
                SyncPolicy.Automated on = auto == null ? new SyncPolicy.Automated() : auto;
                on.setEnabled(null);
                editor.setAutomated(name, on);
            }
            case "disable-auto-sync" -> editor.setAutomated(name, null);
            case "enable-prune", "disable-prune", "enable-self-heal", "disable-self-heal" -> {
                if (auto == null) {
                    return refused(
                            name, "details", "Enable auto-sync first: prune and self heal apply to automated sync");
                }
                boolean on = action.startsWith("enable");
                if (action.endsWith("prune")) {
                    auto.setPrune(on);
                } else {
                    auto.setSelfHeal(on);
                }
                editor.setAutomated(name, auto);
            }
            default -> {
                return refused(name, "details", "Unknown sync policy action");
            }
        }
        return back(name, "?panel=details");
    }

    @POST
    @Path("terminate")
    public Response terminate(@PathParam("name") String name, @FormParam(Csrf.FIELD) String csrf) {
        session.requireCsrf(csrf);
        try {
            operations.terminateOperation(name);
        } catch (NotFoundException e) {
            return refused(name, "status", e.getMessage());
        }
        return back(name, "?panel=status");
    }

    /** The DETAILS panel's EDIT of source and destination. */
    @POST
    @Path("edit")
    public Response edit(
            @PathParam("name") String name,
            @FormParam(Csrf.FIELD) String csrf,
            @FormParam("repoURL") String repoURL,
            @FormParam("revision") String revision,
            @FormParam("path") String path,
            @FormParam("cluster") String cluster,
            @FormParam("namespace") String namespace,
            @FormParam("source") Integer position) {
        session.requireCsrf(csrf);
        Application app = applications.get(name);
        if (app.getSpec().hasMultipleSources()) {
            return editSource(name, app, position, nz(repoURL), nz(revision), nz(path));
        }
        NewApplicationForm check = NewApplicationForm.forEdit(
                        app.getMetadata().getName(),
                        app.getSpec().getProject(),
                        nz(repoURL),
                        nz(revision),
                        nz(path),
                        nz(cluster),
                        nz(namespace))
                .validated();
        if (!check.allErrors().isEmpty()) {
            return refused(name, "details", String.join("; ", check.allErrors()));
        }
        ApplicationSpec spec = app.getSpec();
        spec.getSource().setRepoURL(check.repoURL());
        spec.getSource().setTargetRevision(check.revision().isEmpty() ? "HEAD" : check.revision());
        spec.getSource().setPath(check.path());
        spec.getDestination().setServer(check.cluster());
        spec.getDestination().setName(null);
        spec.getDestination().setNamespace(check.namespace());
        editor.updateSpec(name, spec);
        return back(name, "?panel=details");
    }

    /** One source of a multi-source Application, as the DETAILS panel edits it (position counts from 1). */
    private Response editSource(
            String name, Application app, Integer position, String repoURL, String revision, String path) {
        List<ApplicationSource> sources = app.getSpec().getSources();
        if (position == null || position < 1 || position > sources.size()) {
            return refused(name, "details", "no source at position " + position + ": the app has " + sources.size());
        }
        if (repoURL.isEmpty()) {
            return refused(name, "details", "source " + position + ": the repository URL is required");
        }
        ApplicationSource s = sources.get(position - 1);
        s.setRepoURL(repoURL);
        s.setTargetRevision(revision.isEmpty() ? "HEAD" : revision);
        s.setPath(path.isEmpty() ? null : path);
        try {
            editor.updateSpec(name, app.getSpec()); // checks the sources as a whole
        } catch (IllegalArgumentException e) {
            return refused(name, "details", e.getMessage());
        }
        return back(name, "?panel=details");
    }

    private Response refused(String name, String panel, String message) {
        return Response.status(409)
                .type(MediaType.TEXT_HTML)
                .entity(page.render(name, null, panel, null, null, null, null, false, null, message))
                .build();
    }

    private static Response back(String name, String query) {
        return Response.seeOther(URI.create("/applications/" + name + query)).build();
    }

    private static String nz(String s) {
        return s == null ? "" : s.trim();
    }

    @ServerExceptionMapper
    public Response failed(RuntimeException e) {
        return ErrorPage.of(e); // the failures a page explains; anything else is rethrown
    }
}
