package io.sextant.kube;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.model.ResourceKey;
import java.util.Optional;

/**
 * The writes and reads a sync makes, and nothing more: what the sync executor needs of a cluster.
 * {@link ResourceWriter} is the real one; the executor's unit tests run it against an in-memory one,
 * as gitops-engine tests its sync context against a fake cluster. Failures are the API server's
 * {@link io.fabric8.kubernetes.client.KubernetesClientException}.
 */
public interface ClusterWriter {

    /** How an object is written. */
    enum Mode {
        SERVER_SIDE,
        CLIENT_SIDE,
        REPLACE
    }

    /** Writes {@code manifest} (namespace already set for namespaced kinds). @return the object as stored */
    ObjectNode apply(ObjectNode manifest, Mode mode, boolean force, boolean dryRun);

    /** Creates {@code manifest} as it is (a hook); the server names it when it has only generateName. */
    ObjectNode create(ObjectNode manifest, boolean dryRun);

    /** The object as stored now (not a cache). */
    Optional<ObjectNode> get(String apiVersion, ResourceKey key);

    /**
     * Deletes the object. @return false when it was already gone
     *
     * @param propagation foreground, background or orphan
     */
    boolean delete(String apiVersion, ResourceKey key, String propagation, boolean dryRun);
}
