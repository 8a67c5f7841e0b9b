package io.sextant.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sextant.model.AppKey;
import io.sextant.model.Application;
import io.sextant.model.ApplicationSpec;
import io.sextant.model.RetryStrategy;
import io.sextant.model.SyncOperation;
import io.sextant.model.SyncStrategy;
import io.sextant.service.ApplicationEditor;
import io.sextant.service.ApplicationOperations;
import io.sextant.service.ApplicationRefresher;
import io.sextant.service.ApplicationResources;
import io.sextant.service.ApplicationService;
import io.sextant.service.CurrentSubject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/applications}: Argo CD's application endpoints — list (filters {@code name},
 * {@code projects}, {@code selector}, {@code repo}), get (with {@code refresh}), create ({@code upsert}),
 * update, update spec, delete ({@code cascade}, {@code propagationPolicy}), sync, rollback and
 * terminate-operation. Bodies and answers have Argo's JSON shapes. An app outside the control-plane
 * namespace is named with the query parameter {@code appNamespace}, as in Argo CD.
 */
@Path("/api/v1/applications")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ApplicationsResource {

    private final ApplicationService applications;
    private final ApplicationEditor editor;
    private final ApplicationOperations operations;
    private final ApplicationRefresher refresher;
    private final ApplicationResources resources;
    private final CurrentSubject caller;
    private final ObjectMapper json;

    public ApplicationsResource(
            ApplicationService applications,
            ApplicationEditor editor,
            ApplicationOperations operations,
            ApplicationRefresher refresher,
            ApplicationResources resources,
            CurrentSubject caller,
            ObjectMapper json) {
        this.applications = applications;
        this.editor = editor;
        this.operations = operations;
        this.refresher = refresher;
        this.resources = resources;
        this.caller = caller;
        this.json = json;
    }

    /**
     * The app a path names: {@code name} in the control plane, or in {@code appNamespace} (Argo CD's query
     * parameter for "Applications in any namespace").
     */
    static String ref(String name, String appNamespace) {
        if (name.indexOf('/') >= 0 || name.indexOf('_') >= 0) {
            throw new IllegalArgumentException(
                    "'" + name + "' is not an application name: give the namespace as " + "appNamespace=<namespace>");
        }
        return appNamespace == null || appNamespace.isBlank() ? name : appNamespace + "/" + name;
    }

    /** Who asks, recorded as the initiator of a sync or rollback. */
    private String username() {
        return caller.get() == null ? null : caller.get().username();
    }

    @GET
    @Path("/{name}/events")
    public JsonNode events(
            @PathParam("name") String name,
            @QueryParam("appNamespace") String appNamespace,
            @QueryParam("resourceNamespace") String resourceNamespace,
            @QueryParam("resourceName") String resourceName,
            @QueryParam("resourceUID") String resourceUID) {
        return resources.events(ref(name, appNamespace), resourceNamespace, resourceName, resourceUID);
    }

    @GET
    @Path("/{name}/manifests")
    public JsonNode manifests(
            @PathParam("name") String name,
            @QueryParam("appNamespace") String appNamespace,
            @QueryParam("revision") String revision) {
        return resources.manifests(ref(name, appNamespace), revision);
    }

    @GET
    @Path("/{name}/revisions/{revision}/metadata")
    public JsonNode revisionMetadata(
            @PathParam("name") String name,
            @QueryParam("appNamespace") String appNamespace,
            @PathParam("revision") String revision,
            @QueryParam("sourceIndex") Integer sourceIndex) {
        return resources.revisionMetadata(ref(name, appNamespace), revision, sourceIndex);
    }

    @GET
    @Path("/{name}/managed-resources")
    public JsonNode managedResources(@PathParam("name") String name, @QueryParam("appNamespace") String appNamespace) {
        return ResourceJson.managed(resources.managedResources(ref(name, appNamespace)));
    }

    @GET
    @Path("/{name}/resource-tree")
    public JsonNode resourceTree(@PathParam("name") String name, @QueryParam("appNamespace") String appNamespace) {
        return ResourceJson.tree(resources.resourceTree(ref(name, appNamespace)));
    }

    /**
     * Argo's ApplicationList {@code {"metadata": {}, "items": [...]}}. Beyond Argo, {@code limit} pages
     * the answer the Kubernetes way: {@code metadata.continue} names where the next page starts and
     * {@code metadata.remainingItemCount} how many follow. {@code fields} trims it.
     */
    @GET
    public Object list(
            @QueryParam("name") String name,
            @QueryParam("projects") List<String> projects,
            @QueryParam("project") List<String> project,
            @QueryParam("selector") String selector,
            @QueryParam("repo") String repo,
            @QueryParam("limit") @DefaultValue("0") int limit,
            @QueryParam("continue") String continueAfter,
            @QueryParam("fields") String fields,
            @QueryParam("appNamespace") String appNamespace) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be 0 (everything) or more, not " + limit);
        }
        List<String> wanted = new ArrayList<>(projects == null ? List.of() : projects);
        if (project != null) {
            wanted.addAll(project);
        }
        List<Application> all = applications.list(name, wanted, selector, repo);
        if (appNamespace != null && !appNamespace.isBlank()) {
            all = all.stream()
                    .filter(a -> appNamespace.equals(a.getMetadata().getNamespace()))
                    .toList();
        }
        int from = 0;
        if (continueAfter != null && !continueAfter.isBlank()) {
            // Names are sorted: the page starts after the last name of the previous one, so apps
            // created or deleted meanwhile neither repeat nor shift the pages.
            while (from < all.size() && AppKey.of(all.get(from)).compareTo(continueAfter) <= 0) {
                from++;
            }
        }
        int to = limit == 0 ? all.size() : Math.min(all.size(), from + limit);
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (to < all.size()) {
            metadata.put("continue", AppKey.of(all.get(to - 1)));
            metadata.put("remainingItemCount", all.size() - to);
        }
        ApplicationList page = new ApplicationList(metadata, all.subList(from, to));
        if (fields != null && !fields.isBlank()) {
            return JsonFields.keepStreaming(json, metadata, page.items(), List.of(fields.split(",")));
        }
        // Written once by the response writer: no tree in between.
        return page;
    }

    /** Argo's ApplicationList. */
    public record ApplicationList(Map<String, Object> metadata, List<Application> items) {}

    @GET
    @Path("/{name}")
    public Application get(
            @PathParam("name") String name,
            @QueryParam("appNamespace") String appNamespace,
            @QueryParam("refresh") String refresh) {
        if (refresh != null && !refresh.isBlank()) {
            return refresher.refresh(ref(name, appNamespace), refresh, Duration.ofSeconds(30));
        }
        return applications.get(ref(name, appNamespace));
    }

    @POST
    public Application create(Application app, @QueryParam("upsert") @DefaultValue("false") boolean upsert) {
        return editor.create(app, upsert);
    }

    @PUT
    @Path("/{name}")
    public Application update(
            @PathParam("name") String name, @QueryParam("appNamespace") String appNamespace, Application app) {
        if (app == null
                || app.getMetadata() == null
                || !name.equals(app.getMetadata().getName())) {
            throw new IllegalArgumentException("the body's metadata.name must be '" + name + "'");
        }
        if (appNamespace != null && !appNamespace.isBlank()) {
            app.getMetadata().setNamespace(appNamespace);
        }
        return editor.update(app);
    }

    @PUT
    @Path("/{name}/spec")
    public ApplicationSpec updateSpec(
            @PathParam("name") String name, @QueryParam("appNamespace") String appNamespace, ApplicationSpec spec) {
        if (spec == null) {
            throw new IllegalArgumentException("the body must be an application spec");
        }
        return editor.updateSpec(ref(name, appNamespace), spec);
    }

    @DELETE
    @Path("/{name}")
    public Map<String, Object> delete(
            @PathParam("name") String name,
            @QueryParam("appNamespace") String appNamespace,
            @QueryParam("cascade") @DefaultValue("true") boolean cascade,
            @QueryParam("propagationPolicy") @DefaultValue("foreground") String propagationPolicy) {
        editor.delete(ref(name, appNamespace), cascade, propagationPolicy);
        return Map.of();
    }

    /** Argo's ApplicationSyncRequest (the fields Sextant acts on). */
    public record SyncRequest(
            String revision,
            Boolean prune,
            Boolean dryRun,
            JsonNode strategy,
            List<SyncOperation.Resource> resources,
            SyncOptions syncOptions,
            JsonNode retry,
            JsonNode retryStrategy) {}

    /** {@code syncOptions: {"items": ["CreateNamespace=true"]}}. */
    public record SyncOptions(List<String> items) {}

    @POST
    @Path("/{name}/sync")
    public Application sync(
            @PathParam("name") String name, @QueryParam("appNamespace") String appNamespace, SyncRequest body) {
        SyncRequest r = body == null ? new SyncRequest(null, null, null, null, null, null, null, null) : body;
        // Argo's request names the retry "retryStrategy" and "strategy"; both are honoured, neither ignored.
        SyncStrategy strategy = r.strategy() == null || r.strategy().isNull()
                ? null
                : json.convertValue(r.strategy(), SyncStrategy.class);
        JsonNode retryJson = r.retryStrategy() != null && !r.retryStrategy().isNull() ? r.retryStrategy() : r.retry();
        RetryStrategy retry =
                retryJson == null || retryJson.isNull() ? null : json.convertValue(retryJson, RetryStrategy.class);
        return operations.sync(
                ref(name, appNamespace),
                r.revision(),
                Boolean.TRUE.equals(r.prune()),
                Boolean.TRUE.equals(r.dryRun()),
                r.syncOptions() == null ? List.of() : r.syncOptions().items(),
                r.resources(),
                strategy,
                retry,
                username());
    }

    /** Argo's ApplicationRollbackRequest. */
    public record RollbackRequest(Long id, Boolean prune, Boolean dryRun) {}

    @POST
    @Path("/{name}/rollback")
    public Application rollback(
            @PathParam("name") String name, @QueryParam("appNamespace") String appNamespace, RollbackRequest body) {
        if (body == null || body.id() == null) {
            throw new IllegalArgumentException("rollback needs the history id: {\"id\": <n>}");
        }
        return operations.rollback(
                ref(name, appNamespace),
                body.id(),
                Boolean.TRUE.equals(body.prune()),
                Boolean.TRUE.equals(body.dryRun()),
                username());
    }

    @DELETE
    @Path("/{name}/operation")
    public Map<String, Object> terminateOperation(
            @PathParam("name") String name, @QueryParam("appNamespace") String appNamespace) {
        operations.terminateOperation(ref(name, appNamespace));
        return Map.of();
    }
}
