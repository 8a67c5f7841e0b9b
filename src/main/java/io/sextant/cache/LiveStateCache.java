package io.sextant.cache;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.sextant.model.ResourceKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The live state of the cluster as the controller needs it: one informer per watched kind (all
 * namespaces), each object kept as a trimmed JSON tree, indexed by {@link ResourceKey}, by uid,
 * by owner (the resource tree: Deployment → ReplicaSet → Pod) and by the Application that tracks
 * it. Listeners hear which Application a change concerns, including changes of descendants of
 * tracked objects (a Pod going Ready changes its Deployment's health).
 *
 * <p>Thread-safety: informer threads write, reconcile workers read; all indexes are concurrent
 * maps and readers see each object either before or after an event, never half-updated.
 */
public final class LiveStateCache implements AutoCloseable {

    /** Kinds watched from the start: the children that health and the resource tree need. */
    public static final List<String[]> CHILD_KINDS =
            List.of(new String[] {"apps/v1", "ReplicaSet"}, new String[] {"v1", "Pod"}, new String[] {
                "discovery.k8s.io/v1", "EndpointSlice"
            });

    private final KubernetesClient client;
    private final TrackingMethod trackingMethod;
    /** The informers of each watched kind: one, or on a cluster limited to namespaces, one per namespace. */
    private final Map<String, List<SharedIndexInformer<GenericKubernetesResource>>> informers =
            new ConcurrentHashMap<>();
    /** The namespaces watched; empty: the whole cluster. */
    private final List<String> namespaces;
    /** With {@link #namespaces}: whether cluster-level kinds are watched too. */
    private final boolean clusterResources;

    private final Map<String, LiveObject> byUid = new ConcurrentHashMap<>();
    private final Map<ResourceKey, String> uidByKey = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> childUids = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> uidsByApp = new ConcurrentHashMap<>();
    private final List<Consumer<String>> appListeners = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<ResourceKey, String>> rootListeners = new CopyOnWriteArrayList<>();

    public LiveStateCache(KubernetesClient client, TrackingMethod trackingMethod) {
        this(client, trackingMethod, List.of(), true);
    }

    /**
     * A cache of a cluster limited to {@code namespaces} (Argo CD's namespaced mode): namespaced kinds are
     * watched in each of them, cluster-level kinds only with {@code clusterResources}, anything else never
     * (the cluster's credentials may not read it, and nothing there is Sextant's to manage).
     */
    public LiveStateCache(
            KubernetesClient client, TrackingMethod trackingMethod, List<String> namespaces, boolean clusterResources) {
        this.client = client;
        this.trackingMethod = trackingMethod;
        this.namespaces = List.copyOf(namespaces);
        this.clusterResources = clusterResources;
    }

    /** Called with an Application name whenever one of its live objects (or their descendants) changes. */
    public void onAppChange(Consumer<String> listener) {
        appListeners.add(listener);
    }

    /**
     * Called with the key of the top-most owner of every object that changes (the object itself
     * when it has no owner): finds the Applications whose targets name an object that carries no
     * tracking id, such as one applied by hand with kubectl. The second argument is the Application
     * not to tell (null for none): the one whose own sync stored the change, and compares after it anyway.
     */
    public void onRootChange(BiConsumer<ResourceKey, String> listener) {
        rootListeners.add(listener);
    }

    /**
     * Starts watching a kind unless it is watched already, and returns once its informer has
     * listed the current objects (so a following read sees them). Idempotent.
     */
    public void watch(ResourceDefinitionContext kind) {
        String id = kind.getGroup() + "/" + kind.getKind();
        if (informers.containsKey(id)) {
            return;
        }
        synchronized (informers) {
            if (informers.containsKey(id)) {
                return;
            }
            List<SharedIndexInformer<GenericKubernetesResource>> started = new ArrayList<>();
            if (namespaces.isEmpty()) {
                started.add(
                        client.genericKubernetesResources(kind).inAnyNamespace().inform(new Handler(), 0));
            } else if (kind.isNamespaceScoped()) {
                for (String ns : namespaces) {
                    started.add(client.genericKubernetesResources(kind)
                            .inNamespace(ns)
                            .inform(new Handler(), 0));
                }
            } else if (clusterResources) {
                started.add(client.genericKubernetesResources(kind).inform(new Handler(), 0));
            }
            informers.put(id, List.copyOf(started));
            // inform() returns once the informer's store holds the first list, but its handler hears of those
            // objects later, on the informer's thread: at 50,000 ConfigMaps a restarted controller compared
            // apps in between and wrote them Missing. Take the store's objects now; a delete the handler heard
            // of before this copy took its object is caught by looking at the store again afterwards.
            for (SharedIndexInformer<GenericKubernetesResource> informer : started) {
                List<GenericKubernetesResource> listed = informer.getStore().list();
                List<String> uids = new ArrayList<>(listed.size());
                for (GenericKubernetesResource r : listed) {
                    uids.add(r.getMetadata().getUid());
                    upsert(r);
                }
                java.util.Set<String> still = new java.util.HashSet<>();
                informer.getStore()
                        .list()
                        .forEach(r -> still.add(r.getMetadata().getUid()));
                for (String uid : uids) {
                    if (!still.contains(uid)) {
                        forgetUid(uid);
                    }
                }
            }
        }
    }

    /** Whether a kind is watched: only then does a missing object really not exist. */
    public boolean watches(String group, String kind) {
        return informers.containsKey(group + "/" + kind);
    }

    public Optional<ObjectNode> get(ResourceKey key) {
        String uid = uidByKey.get(key);
        LiveObject o = uid == null ? null : byUid.get(uid);
        return o == null ? Optional.empty() : Optional.of(o.object());
    }

    /** The objects tracked by an Application (its managed resources as the cluster has them). */
    public List<ObjectNode> trackedBy(String app) {
        Set<String> uids = uidsByApp.getOrDefault(app, Set.of());
        List<ObjectNode> out = new ArrayList<>(uids.size());
        for (String uid : uids) {
            LiveObject o = byUid.get(uid);
            if (o != null) {
                out.add(o.object());
            }
        }
        return out;
    }

    /** The objects that name {@code uid} as an owner. */
    public List<ObjectNode> childrenOf(String uid) {
        Collection<String> kids = childUids.getOrDefault(uid, Set.of());
        List<ObjectNode> out = new ArrayList<>(kids.size());
        for (String k : kids) {
            LiveObject o = byUid.get(k);
            if (o != null) {
                out.add(o.object());
            }
        }
        return out;
    }

    /** Number of objects held, for metrics and benchmarks. */
    public int size() {
        return byUid.size();
    }

    @Override
    public void close() {
        informers.values().forEach(list -> list.forEach(SharedIndexInformer::close));
        informers.clear();
    }

    /**
     * Takes an object as the API server just stored it (the answer of an apply) before its watch event
     * arrives, so a comparison right after a sync sees what the sync wrote. Only for watched kinds (an
     * unwatched one would never be removed); an older version never replaces a newer one, so the watch
     * event of an earlier change arriving late cannot undo it.
     */
    public void observe(ObjectNode stored) {
        ResourceKey key = ResourceKey.of(stored);
        if (!watches(key.group(), key.kind())
                || stored.path("metadata").path("uid").asText().isEmpty()) {
            return;
        }
        upsert(LiveObjects.trim(stored.deepCopy()), true);
    }

    private void upsert(GenericKubernetesResource resource) {
        LiveObject known = byUid.get(resource.getMetadata().getUid());
        if (known != null && !newer(resource.getMetadata().getResourceVersion(), known.object())) {
            slim(resource);
            return; // seen already: the answer of our own apply, or a relist of what did not change
        }
        ObjectNode tree =
                LiveObjects.trim(client.getKubernetesSerialization().convertValue(resource, ObjectNode.class));
        slim(resource);
        upsert(tree, false);
    }

    /**
     * Empties the informer's own copy of an object (the handler gets the instance its store keeps) down to
     * what the informer itself reads: name, namespace, uid and resourceVersion. What comparisons and the
     * tree read is the trimmed tree in {@link #byUid}; the informer's copy held the same content a second
     * time as nested maps (managedFields, labels, annotations, data: the largest class counts in a heap
     * histogram at 50,000 apps).
     */
    private static void slim(GenericKubernetesResource resource) {
        resource.setAdditionalProperties(new java.util.LinkedHashMap<>());
        var m = resource.getMetadata();
        m.setManagedFields(null);
        m.setAnnotations(null);
        m.setLabels(null);
        m.setOwnerReferences(null);
        m.setFinalizers(null);
    }

    /**
     * Serialised: a watch event and an observed apply of one object may arrive at the same time.
     *
     * @param ours whether the object is the answer of our own write: its app is not told (its
     *        reconcile compares after the sync anyway), other apps that target it are
     */
    private synchronized void upsert(ObjectNode tree, boolean ours) {
        ResourceKey key = ResourceKey.of(tree);
        String uid = tree.path("metadata").path("uid").asText();
        LiveObject known = byUid.get(uid);
        if (known != null
                && !newer(tree.path("metadata").path("resourceVersion").asText(), known.object())) {
            return;
        }
        Optional<String> app = TrackingId.appOf(tree, key, trackingMethod);
        LiveObject previous = byUid.put(uid, new LiveObject(key, tree, LiveObjects.ownerUids(tree), app.orElse(null)));
        uidByKey.put(key, uid);
        if (previous != null) {
            unindex(uid, previous, false);
        }
        LiveObject current = byUid.get(uid);
        for (String owner : current.owners()) {
            childUids.computeIfAbsent(owner, o -> ConcurrentHashMap.newKeySet()).add(uid);
        }
        if (current.app() != null) {
            uidsByApp
                    .computeIfAbsent(current.app(), a -> ConcurrentHashMap.newKeySet())
                    .add(uid);
        }
        notifyApps(uid, previous, ours ? current.app() : null);
    }

    /**
     * Whether {@code incoming} (a resourceVersion) is a later version than {@code current}.
     * resourceVersions are opaque to clients in general; the API server's are etcd revisions, numbers
     * that only grow. Anything else is newer when it differs from the version known (or none is known).
     */
    private static boolean newer(String incoming, ObjectNode current) {
        String known = current.path("metadata").path("resourceVersion").asText();
        try {
            return Long.parseLong(incoming) > Long.parseLong(known);
        } catch (NumberFormatException e) {
            return !known.equals(incoming) || known.isEmpty();
        }
    }

    private void remove(GenericKubernetesResource resource) {
        forgetUid(resource.getMetadata().getUid());
    }

    private synchronized void forgetUid(String uid) {
        LiveObject previous = byUid.remove(uid);
        if (previous == null) {
            return;
        }
        uidByKey.remove(previous.key(), uid);
        unindex(uid, previous, true);
        notifyApps(uid, previous, null);
    }

    /** Drops index entries of {@code old} that the current version no longer has. */
    private void unindex(String uid, LiveObject old, boolean deleted) {
        LiveObject now = deleted ? null : byUid.get(uid);
        for (String owner : old.owners()) {
            if (now == null || !now.owners().contains(owner)) {
                Set<String> kids = childUids.get(owner);
                if (kids != null) {
                    kids.remove(uid);
                }
            }
        }
        if (old.app() != null && (now == null || !old.app().equals(now.app()))) {
            Set<String> uids = uidsByApp.get(old.app());
            if (uids != null) {
                uids.remove(uid);
            }
        }
    }

    /** Tells listeners about the Applications above this object (and the one it belonged to before). */
    private void notifyApps(String uid, LiveObject previous, String except) {
        if (appListeners.isEmpty() && rootListeners.isEmpty()) {
            return;
        }
        Set<String> apps = new HashSet<>();
        if (previous != null && previous.app() != null) {
            apps.add(previous.app());
        }
        String cursor = uid;
        LiveObject o = byUid.get(cursor);
        if (o == null) {
            o = previous;
        }
        ResourceKey root = o == null ? null : o.key();
        for (int depth = 0; o != null && depth < 8; depth++) {
            root = o.key();
            if (o.app() != null) {
                apps.add(o.app());
                break;
            }
            if (o.owners().isEmpty()) {
                break;
            }
            o = byUid.get(o.owners().get(0));
        }
        if (root != null) {
            for (BiConsumer<ResourceKey, String> l : rootListeners) {
                l.accept(root, except);
            }
        }
        apps.remove(except);
        for (String app : apps) {
            for (Consumer<String> l : appListeners) {
                l.accept(app);
            }
        }
    }

    private final class Handler implements ResourceEventHandler<GenericKubernetesResource> {
        @Override
        public void onAdd(GenericKubernetesResource obj) {
            upsert(obj);
        }

        @Override
        public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
            upsert(newObj);
        }

        @Override
        public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
            remove(obj);
        }
    }

    /** One object as cached. */
    record LiveObject(ResourceKey key, ObjectNode object, List<String> owners, String app) {}
}
