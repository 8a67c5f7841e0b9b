package io.sextant.controller;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.sextant.model.AppKey;
import io.sextant.model.Application;
import io.sextant.sync.ApplicationNamespaces;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Watches the Applications of the control-plane namespace (and of the further namespaces configured,
 * with one cluster-wide watch filtered here) and asks for a reconcile when one is
 * created, its spec or operation changes, or it carries the refresh annotation. Status writes
 * (ours, every refresh) do not trigger one: without a status subresource they look like any
 * other update, so the spec is compared instead of the generation. Apps are named by their
 * {@link AppKey}.
 */
public final class ApplicationWatcher implements AutoCloseable {

    private final SharedIndexInformer<Application> informer;
    private volatile boolean started;
    /** When the watch first saw each pending refresh annotation ({@link System#nanoTime()}). */
    private final Map<String, Long> refreshSeen = new ConcurrentHashMap<>();

    private final KubernetesSerialization serialization;
    private final ApplicationNamespaces namespaces;

    /**
     * @param seen      told of every version the watch delivers (before the enqueue it may cause)
     * @param notServed told of every version of an Application in a namespace not served (seen only when
     *                  other namespaces are served, through the cluster-wide watch)
     */
    public ApplicationWatcher(
            KubernetesClient client,
            ApplicationNamespaces namespaces,
            Consumer<String> enqueue,
            Consumer<String> onDelete,
            Consumer<Application> seen,
            Consumer<Application> notServed) {
        this.serialization = client.getKubernetesSerialization();
        this.namespaces = namespaces;
        // Built without starting: the first list fires onAdd, and the reconciles it queues look the
        // apps up through this watcher, so the caller keeps a reference before start() lists.
        this.informer = namespaces.anyOther()
                ? client.resources(Application.class).inAnyNamespace().runnableInformer(0)
                : client.resources(Application.class)
                        .inNamespace(namespaces.controlPlane())
                        .runnableInformer(0);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Application app) {
                slim(app);
                if (!ours(app)) {
                    notServed.accept(app);
                    return;
                }
                noteRefresh(null, app);
                seen.accept(app);
                enqueue.accept(key(app));
            }

            @Override
            public void onUpdate(Application before, Application after) {
                slim(after);
                if (!ours(after)) {
                    notServed.accept(after);
                    return;
                }
                noteRefresh(before, after);
                seen.accept(after);
                if (!sameJson(before.getSpec(), after.getSpec())
                        || !sameJson(before.getOperation(), after.getOperation())
                        || refreshRequested(after)
                        || after.getMetadata().getDeletionTimestamp() != null) {
                    enqueue.accept(key(after));
                }
            }

            @Override
            public void onDelete(Application app, boolean unknownFinalState) {
                if (!ours(app)) {
                    return;
                }
                refreshSeen.remove(key(app));
                onDelete.accept(key(app));
            }
        });
    }

    /**
     * Drops the managedFields of a watched Application, in the informer's own copy: nothing here reads them,
     * and their nested field sets were most of the heap an app cost (at 10,000 apps, about 120 maps of each
     * app's copy; issue 28). A write of an app read from here omits them, which the API server takes as
     * "unchanged".
     */
    public static void slim(Application app) {
        if (app.getMetadata() != null) {
            app.getMetadata().setManagedFields(null);
        }
    }

    /** Lists and starts watching; returns once the first list is in the cache. */
    public ApplicationWatcher start() {
        informer.run();
        started = true;
        return this;
    }

    /** The informer once its first list is in (for others in the process to share), else empty. */
    Optional<SharedIndexInformer<Application>> runningInformer() {
        return started ? Optional.of(informer) : Optional.empty();
    }

    /** The cached Application of {@code key}, as last seen; null when it does not exist or is not ours. */
    public Application get(String key) {
        String ns = AppKey.namespace(key, namespaces.controlPlane());
        return namespaces.enabled(ns) ? informer.getStore().getByKey(ns + "/" + AppKey.name(key)) : null;
    }

    private boolean ours(Application app) {
        return namespaces.enabled(app.getMetadata().getNamespace());
    }

    private String key(Application app) {
        return AppKey.of(app, namespaces.controlPlane());
    }

    /**
     * When the refresh annotation the app carries was set, or when a never-reconciled app was first seen,
     * as the watch saw it ({@link System#nanoTime()}), or now when neither was seen: what a refresh must
     * fetch is what was pushed before the ask, not before its reconcile, which may come much later behind
     * a burst of others (a burst of new apps costs one fetch per repository, not one each).
     */
    public long refreshAskedAt(String name) {
        Long seen = refreshSeen.get(name);
        return seen == null ? System.nanoTime() : seen;
    }

    private void noteRefresh(Application before, Application after) {
        String name = key(after);
        String asked = refreshValue(after);
        if (asked == null && neverReconciled(after)) {
            // A new app counts as asking for a refresh when first seen: its first render must show what
            // was pushed before it was created, not the older fetch of the round it joins.
            refreshSeen.putIfAbsent(name, System.nanoTime());
        } else if (asked == null) {
            refreshSeen.remove(name);
        } else if (askedAgain(before, after) || !refreshSeen.containsKey(name)) {
            refreshSeen.put(name, System.nanoTime());
        }
    }

    /**
     * Whether {@code after} carries a refresh ask that {@code before} did not: the annotation appeared,
     * its mode changed, or Sextant asked again while it was pending (a new {@code refresh-asked-at}).
     */
    static boolean askedAgain(Application before, Application after) {
        String asked = refreshValue(after);
        return asked != null
                && (before == null
                        || !asked.equals(refreshValue(before))
                        || !Objects.equals(
                                annotation(after, StatusWriter.REFRESH_ASKED_ANNOTATION),
                                annotation(before, StatusWriter.REFRESH_ASKED_ANNOTATION)));
    }

    /** No controller has written this app's status yet: it was created since the last reconcile of any. */
    static boolean neverReconciled(Application app) {
        return app.getStatus() == null || app.getStatus().getReconciledAt() == null;
    }

    private static String refreshValue(Application app) {
        return annotation(app, StatusWriter.REFRESH_ANNOTATION);
    }

    private static String annotation(Application app, String key) {
        Map<String, String> annotations = app.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }

    /** Keys of all Applications known that are ours. */
    public List<String> names() {
        return informer.getStore().list().stream()
                .filter(this::ours)
                .map(this::key)
                .toList();
    }

    /** Value equality of model objects, which have none of their own. */
    private boolean sameJson(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        return serialization.convertValue(a, JsonNode.class).equals(serialization.convertValue(b, JsonNode.class));
    }

    static boolean refreshRequested(Application app) {
        return refreshValue(app) != null;
    }

    @Override
    public void close() {
        informer.close();
    }
}
