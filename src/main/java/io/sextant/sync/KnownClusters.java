package io.sextant.sync;

import java.util.Optional;

/**
 * The destination clusters Sextant knows besides the one it runs in ({@code in-cluster}): those of cluster
 * Secrets. Lets a destination by name be matched to its server and back, as Argo CD resolves
 * {@code destination.name} before it checks a project's destinations.
 */
public interface KnownClusters {

    /** The server of the configured cluster of that name. */
    Optional<String> serverOf(String name);

    /** The name of the configured cluster at that server (its server when it has no name). */
    Optional<String> nameOf(String server);

    /** The project the cluster at that server is scoped to (its Secret's {@code project}), if any. */
    default Optional<String> projectOf(String server) {
        return Optional.empty();
    }

    /** What may be managed on the cluster at that server when its Secret limits it to namespaces. */
    default Optional<ClusterScope> scopeOf(String server) {
        return Optional.empty();
    }

    /** Only the cluster Sextant runs in. */
    KnownClusters IN_CLUSTER_ONLY = new KnownClusters() {
        @Override
        public Optional<String> serverOf(String name) {
            return Optional.empty();
        }

        @Override
        public Optional<String> nameOf(String server) {
            return Optional.empty();
        }
    };
}
