package io.sextant.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.sextant.cache.LiveStateCache;
import io.sextant.kube.ResourceWriter;
import io.sextant.model.Annotations;
import io.sextant.model.AppKey;
import io.sextant.model.Application;
import io.sextant.model.ResourceKey;
import io.sextant.sync.ProjectBounds;
import java.util.List;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Cascading deletion, as Argo CD's resources finalizer: an Application being deleted with
 * {@code resources-finalizer.argocd.argoproj.io} (foreground) or {@code .../background} first has
 * every resource it tracks deleted; once none is left the finalizer is removed and Kubernetes
 * deletes the Application. Resources with the sync option {@code Delete=false} are left in place.
 * Idempotent: each call deletes what is still there and says whether it is done.
 */
final class CascadeDeleter {

    static final String FINALIZER = Annotations.RESOURCES_FINALIZER;
    static final String BACKGROUND_FINALIZER = FINALIZER + "/background";

    private static final Logger LOG = Logger.getLogger(CascadeDeleter.class);

    private final KubernetesClient client;
    private final String namespace;
    private final Function<Application, DestinationCluster> clusters;
    private final Function<String, ProjectBounds> projects;

    /** @param projects the bounds of the AppProject of a name: objects outside them are never deleted */
    CascadeDeleter(
            KubernetesClient client,
            String namespace,
            Function<Application, DestinationCluster> clusters,
            Function<String, ProjectBounds> projects) {
        this.client = client;
        this.namespace = namespace;
        this.clusters = clusters;
        this.projects = projects;
    }

    static boolean applies(Application app) {
        List<String> f = app.getMetadata().getFinalizers();
        return app.getMetadata().getDeletionTimestamp() != null
                && f != null
                && (f.contains(FINALIZER) || f.contains(BACKGROUND_FINALIZER));
    }

    /** @return true while resources are still being deleted (call again soon) */
    boolean process(Application app) {
        String name = AppKey.of(app, namespace);
        String propagation =
                app.getMetadata().getFinalizers().contains(BACKGROUND_FINALIZER) ? "background" : "foreground";
        int left = 0;
        ProjectBounds bounds = projects.apply(ProjectBounds.projectOf(app));
        // An app its project does not allow in its namespace deleted nothing's owner: it never deployed (or no
        // longer may touch) what carries its name, which is left alone; only our finalizer goes.
        boolean permitted = bounds.checkSourceNamespace(app.getMetadata().getNamespace(), namespace)
                .isEmpty();
        // The app's cluster must be reachable: what it deployed there is deleted before the app goes (an
        // unreachable cluster keeps the app, with its finalizer, until it is back or the finalizer is removed).
        DestinationCluster cluster = permitted ? clusters.apply(app) : null;
        LiveStateCache cache = permitted ? cluster.cache() : null;
        ResourceWriter writer = permitted ? cluster.writer() : null;
        for (ObjectNode live : permitted ? cache.trackedBy(name) : List.<ObjectNode>of()) {
            if (keep(live)) {
                continue;
            }
            // Tracked by the app's name, but outside what its project may touch (someone else's object that
            // carries the annotation, or bounds narrowed since): left alone, as Argo CD leaves it.
            ResourceKey key = ResourceKey.of(live);
            if (bounds.checkResource(
                            app, key, key.namespace() == null || key.namespace().isEmpty())
                    .isPresent()) {
                continue;
            }
            left++;
            if (!live.path("metadata").has("deletionTimestamp")) {
                writer.delete(live.path("apiVersion").asText(), ResourceKey.of(live), propagation, false);
            }
        }
        if (left > 0) {
            return true;
        }
        List<String> remaining = app.getMetadata().getFinalizers().stream()
                .filter(f -> !f.equals(FINALIZER) && !f.equals(BACKGROUND_FINALIZER))
                .toList();
        String patch = "{\"metadata\": {\"finalizers\": "
                + client.getKubernetesSerialization().asJson(remaining) + ", \"resourceVersion\": \""
                + app.getMetadata().getResourceVersion() + "\"}}";
        client.resources(Application.class)
                .inNamespace(app.getMetadata().getNamespace())
                .withName(app.getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        LOG.infof("Application %s: its resources are deleted; the Application goes now", name);
        return false;
    }

    private static boolean keep(ObjectNode live) {
        String options = live.path("metadata")
                .path("annotations")
                .path(Annotations.SYNC_OPTIONS)
                .asText("");
        return options.replace(" ", "").contains("Delete=false")
                || "keep"
                        .equals(live.path("metadata")
                                .path("annotations")
                                .path(Annotations.HELM_RESOURCE_POLICY)
                                .asText());
    }
}
