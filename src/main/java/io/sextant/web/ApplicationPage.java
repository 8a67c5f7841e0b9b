package io.sextant.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.sextant.model.AppKey;
import io.sextant.model.Application;
import io.sextant.model.ResourceKey;
import io.sextant.model.SyncStatusCode;
import io.sextant.service.ApplicationResources;
import io.sextant.service.ApplicationService;
import io.sextant.service.ApplicationStore;
import io.sextant.service.ClusterService;
import io.sextant.service.ManagedResource;
import io.sextant.service.NotificationSubscriptions;
import io.sextant.service.ResourceEvents;
import io.sextant.service.ResourceTree;
import io.sextant.service.RevisionInfo;
import io.sextant.service.TreeHealth;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * An Application's details page: toolbar (DETAILS, DIFF, SYNC, SYNC STATUS, HISTORY AND ROLLBACK,
 * DELETE, REFRESH), status panel, and the resource tree or list. Panels open through the query
 * string ({@code panel=details|diff|sync|status|history}, {@code resource=…}, {@code rollback=<id>},
 * {@code confirm=<policy action>}, {@code delete=1}), so the page works without JavaScript; the
 * actions are in {@link ApplicationActions}, the live updates in {@link LiveStreams}.
 */
@Path("/applications/{name}")
@Produces(MediaType.TEXT_HTML)
@Singleton
public class ApplicationPage {

    /** Shown under a tree drawn from the app's status alone (no controller here, or not compared yet). */
    static final String NO_TREE = "showing the managed resources from the app's status; what they own appears once "
            + "this process's controller has compared the app";

    static final Set<String> PANELS = Set.of("details", "diff", "sync", "status", "history");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance details(
                Viewer viewer,
                AppDetails app,
                String view,
                String panel,
                ResourceTreeView tree,
                String treeError,
                List<HistoryRow> history,
                List<DiffView> diffs,
                String diffMode,
                ResourceDetails resource,
                String confirm,
                HistoryRow rollback,
                boolean deleting,
                String error,
                List<SyncOptionField> options,
                String detailsTab,
                String manifest,
                List<NotificationSubscriptions.Line> subscriptions);

        static native TemplateInstance details$status(AppDetails app);

        static native TemplateInstance details$resources(
                AppDetails app, String view, ResourceTreeView tree, String treeError);

        static native TemplateInstance details$operation(Viewer viewer, AppDetails app);
    }

    private final ApplicationService applications;
    private final ApplicationStore store;
    private final ApplicationResources resources;
    private final RevisionInfo revisions;
    private final ResourceEvents events;
    private final WebSession session;
    private final TreeHealth treeHealth;

    private final ClusterService clusters;
    private final NotificationSubscriptions subscriptions;

    public ApplicationPage(
            ApplicationService applications,
            ApplicationStore store,
            ApplicationResources resources,
            RevisionInfo revisions,
            ResourceEvents events,
            WebSession session,
            TreeHealth treeHealth,
            ClusterService clusters,
            NotificationSubscriptions subscriptions) {
        this.clusters = clusters;
        this.subscriptions = subscriptions;
        this.treeHealth = treeHealth;
        this.applications = applications;
        this.store = store;
        this.resources = resources;
        this.revisions = revisions;
        this.events = events;
        this.session = session;
    }

    @GET
    public TemplateInstance get(
            @PathParam("name") String name,
            @QueryParam("view") String view,
            @QueryParam("panel") String panel,
            @QueryParam("resource") String resource,
            @QueryParam("tab") String tab,
            @QueryParam("rollback") Long rollback,
            @QueryParam("confirm") String confirm,
            @QueryParam("delete") String delete,
            @QueryParam("diff") String diffMode) {
        return render(name, view, panel, resource, tab, rollback, confirm, delete != null, diffMode, null);
    }

    TemplateInstance render(
            String name,
            String view,
            String panel,
            String resource,
            String tab,
            Long rollback,
            String confirm,
            boolean deleting,
            String diffMode,
            String error) {
        Application app = current(name);
        AppDetails details = AppDetails.of(app, revisions, clusters.names());
        String v = "list".equals(view) ? "list" : "tree";
        String p = panel != null && PANELS.contains(panel) ? panel : "";
        ResourceTreeView tree = null;
        String treeError = null;
        if ("tree".equals(v)) {
            ResourceTree resourceTree = treeHealth.tree(name).orElse(null);
            treeError = resourceTree == null ? NO_TREE : null;
            tree = tree(app, resourceTree);
        }
        List<HistoryRow> history = "history".equals(p) || rollback != null ? HistoryRow.of(app, revisions) : List.of();
        HistoryRow rollbackRow = rollback == null
                ? null
                : history.stream().filter(h -> h.id() == rollback).findFirst().orElse(null);
        List<DiffView> diffs = "diff".equals(p) ? diffs(name, details, null) : List.of();
        ResourceRef ref = ResourceRef.parse(resource);
        ResourceDetails res = ref == null ? null : resourceDetails(name, details, ref, tab);
        String detailsTab = "parameters".equals(tab) || "manifest".equals(tab) ? tab : "summary";
        String manifest = "details".equals(p) && "manifest".equals(detailsTab) ? manifest(app) : "";
        return Templates.details(
                session.viewer(),
                details,
                v,
                p,
                tree,
                treeError,
                history,
                diffs,
                "split".equals(diffMode) ? "split" : "unified",
                res,
                confirm == null ? "" : confirm,
                rollbackRow,
                deleting,
                error,
                SyncOptionField.ALL,
                detailsTab,
                manifest,
                "details".equals(p) && "summary".equals(detailsTab) ? subscriptions.of(app) : List.of());
    }

    private ResourceTreeView tree(Application app, ResourceTree resourceTree) {
        return ResourceTreeView.of(app, resourceTree, treeHealth.missingHealth(app, resourceTree));
    }

    /** From the server's watch when it has the app (fast, and what the stream shows), else from the API server. */
    Application current(String name) {
        return store.find(name).map(applications::permitted).orElseGet(() -> applications.get(name));
    }

    /** The DIFF panel: each OutOfSync resource (or only {@code only}), live against desired. */
    List<DiffView> diffs(String name, AppDetails details, ResourceRef only) {
        List<DiffView> out = new ArrayList<>();
        List<ManagedResource> items;
        try {
            items = resources.managedResources(name);
        } catch (RuntimeException e) {
            return out;
        }
        for (ManagedResource item : items) {
            String g = item.key().group();
            String k = item.key().kind();
            String ns = item.key().namespace();
            String n = item.key().name();
            if (only != null
                    ? !only.matches(g, k, ns, n)
                    : details.resources().stream()
                            .noneMatch(r -> r.group().equals(g)
                                    && r.kind().equals(k)
                                    && r.namespace().equals(ns)
                                    && r.name().equals(n)
                                    && SyncStatusCode.OUT_OF_SYNC.is(r.sync().text()))) {
                continue;
            }
            out.add(DiffView.of(
                            k + " " + (ns.isEmpty() ? "" : ns + "/") + n,
                            "diff-" + out.size(),
                            item.live(),
                            item.target())
                    .from(DiffView.sourceLabel(details.sources(), item.sourceIndex())));
            if (out.size() >= 200) {
                break;
            }
        }
        return out;
    }

    private ResourceDetails resourceDetails(String name, AppDetails details, ResourceRef ref, String tab) {
        String t = switch (tab == null ? "" : tab) {
            case "live", "desired", "diff", "events" -> tab;
            default -> "summary";
        };
        var row = details.resources().stream()
                .filter(r -> ref.matches(r.group(), r.kind(), r.namespace(), r.name()))
                .findFirst();
        // The comparison's states when the resource is a managed one (either may be null: missing in the
        // cluster, or gone from Git); else only the live object of the tree, below.
        ManagedResource managed = null;
        try {
            for (ManagedResource item : resources.managedResources(name)) {
                ResourceKey k = item.key();
                if (ref.matches(k.group(), k.kind(), k.namespace(), k.name())) {
                    managed = item;
                }
            }
        } catch (RuntimeException e) {
            // no comparison yet: the live object may still come from the tree below
        }
        JsonNode live = null;
        try {
            live = resources
                    .liveObject(name, new ResourceKey(ref.group(), ref.kind(), ref.namespace(), ref.name()))
                    .orElse(null);
        } catch (RuntimeException e) {
            // a server-only process has no live cache
        }
        JsonNode liveState = managed != null ? managed.live() : live;
        JsonNode targetState = managed != null ? managed.target() : null;
        boolean anyState = managed != null || live != null;
        List<ResourceDetails.ContainerState> containers = new ArrayList<>();
        String podPhase = "";
        if ("Pod".equals(ref.kind()) && live != null) {
            podPhase = live.path("status").path("phase").asText("");
            for (JsonNode cs : live.path("status").path("containerStatuses")) {
                JsonNode state = cs.path("state");
                String words = state.has("running")
                        ? "Running since "
                                + state.path("running").path("startedAt").asText()
                        : state.has("waiting")
                                ? "Waiting: "
                                        + state.path("waiting").path("reason").asText("") + " "
                                        + state.path("waiting").path("message").asText("")
                                : state.has("terminated")
                                        ? "Terminated: "
                                                + state.path("terminated")
                                                        .path("reason")
                                                        .asText("")
                                        : "Unknown";
                containers.add(new ResourceDetails.ContainerState(
                        cs.path("name").asText(),
                        cs.path("image").asText(),
                        cs.path("ready").asBoolean(),
                        cs.path("restartCount").asInt(),
                        words.trim()));
            }
        }
        return new ResourceDetails(
                ref,
                t,
                row.map(AppDetails.ResourceRow::sync).orElse(null),
                row.map(AppDetails.ResourceRow::health).orElse(null),
                row.map(AppDetails.ResourceRow::healthMessage).orElse(""),
                DiffView.yaml(liveState),
                DiffView.yaml(targetState),
                "diff".equals(t) && anyState
                        ? DiffView.of(ref.kind() + " " + ref.name(), "diff-res", liveState, targetState)
                                .from(DiffView.sourceLabel(
                                        details.sources(), managed == null ? null : managed.sourceIndex()))
                        : null,
                // Events only of the app's own resources: the query string must not read any object's events.
                "events".equals(t) && (row.isPresent() || live != null)
                        ? events.of(ref.namespace(), ref.kind(), ref.name())
                        : List.of(),
                containers,
                podPhase);
    }

    /** The app's own manifest as YAML (the DETAILS panel's MANIFEST tab), without status. */
    private static String manifest(Application app) {
        try {
            var mapper = new ObjectMapper();
            var node = mapper.valueToTree(app);
            if (node instanceof ObjectNode o) {
                o.remove("status");
                if (o.path("metadata") instanceof ObjectNode m) {
                    m.remove("managedFields");
                }
            }
            return DiffView.yaml(node);
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** The fragments the live stream sends for this app. */
    String liveFragments(Application app, String view, Viewer viewer) {
        AppDetails details = AppDetails.of(app, revisions, clusters.names());
        String name = AppKey.of(app);
        StringBuilder out = new StringBuilder();
        out.append(Templates.details$status(details).render());
        out.append(Templates.details$operation(viewer, details).render());
        String v = "list".equals(view) ? "list" : "tree";
        ResourceTree resourceTree = "tree".equals(v) ? treeHealth.tree(name).orElse(null) : null;
        out.append(Templates.details$resources(
                        details,
                        v,
                        "tree".equals(v) ? tree(app, resourceTree) : null,
                        "tree".equals(v) && resourceTree == null ? NO_TREE : null)
                .render());
        return out.toString();
    }

    @ServerExceptionMapper
    public Response failed(RuntimeException e) {
        return ErrorPage.of(e); // the failures a page explains; anything else is rethrown
    }
}
