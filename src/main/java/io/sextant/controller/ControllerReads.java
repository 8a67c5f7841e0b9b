package io.sextant.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.health.Children;
import io.sextant.model.Application;
import io.sextant.model.ResourceKey;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the service layer reads from the controller of this process, and nothing more: the latest
 * comparison of an app, the live objects of its destination cluster, and the source that renders
 * manifests. The service depends on this interface only, so the controller's wiring can change
 * without the pages or the API noticing. In a process without the {@code controller} role every
 * read is empty. Thread-safe: the reads are of stores the reconcile loop updates concurrently; a
 * comparison is immutable, live objects are the cache's own and must not be modified.
 */
public interface ControllerReads {

    /** Whether this process runs the controller role (and so has comparisons and live state). */
    boolean runsController();

    /** The latest comparison of an app named by its {@link io.sextant.model.AppKey}; empty when none yet. */
    Optional<Comparison> comparison(String app);

    /**
     * The live objects of the app's destination cluster; empty when this process is no controller or that
     * cluster cannot be had now.
     */
    Optional<LiveState> liveObjects(Application app);

    /**
     * The one thing asked of the controller rather than read from it: fetch and compare the app (an
     * {@link io.sextant.model.AppKey}) at once, as a Git push's refresh. False when this process does not
     * reconcile it (no controller role, or another replica's app): the caller then sets the refresh
     * annotation, which reaches whichever controller does.
     */
    default boolean refreshPushed(String app) {
        return false;
    }

    /**
     * The controller's running watch of the Applications it serves (the same namespaces the server
     * serves), for the server role in the same process to share; empty without a running controller.
     */
    default Optional<io.fabric8.kubernetes.client.informers.SharedIndexInformer<io.sextant.model.Application>>
            applicationInformer() {
        return Optional.empty();
    }

    /** Renders and reads commits of Applications' sources; empty when this process is not a controller. */
    Optional<GitManifestSource> manifestSource();

    /** One cluster's cached live objects: by key, and what an object owns ({@link Children}). */
    interface LiveState extends Children {

        /** The live object of that key, if the cache holds it. */
        Optional<ObjectNode> get(ResourceKey key);

        /** A view over a cache's two reads (the cache belongs to a lower package and cannot implement this). */
        static LiveState of(Function<ResourceKey, Optional<ObjectNode>> get, Children children) {
            return new LiveState() {
                @Override
                public Optional<ObjectNode> get(ResourceKey key) {
                    return get.apply(key);
                }

                @Override
                public List<ObjectNode> childrenOf(String uid) {
                    return children.childrenOf(uid);
                }
            };
        }
    }
}
