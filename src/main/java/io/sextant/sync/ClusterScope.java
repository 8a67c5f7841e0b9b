package io.sextant.sync;

import java.util.List;
import java.util.Optional;

/**
 * What Sextant may manage on a cluster whose Secret lists {@code namespaces} (Argo CD's "namespaced mode",
 * operator-manual/declarative-setup.md, "Clusters"): namespaced objects only in those namespaces, and
 * cluster-level objects only when the Secret also says {@code clusterResources: true}. Such a cluster's
 * credentials usually hold only Roles in those namespaces, so anything else is refused before it is read.
 *
 * @param cluster the cluster's name, for messages
 * @param namespaces the namespaces it may manage (never empty: a Secret without them manages the whole cluster)
 * @param clusterResources whether cluster-level objects may be managed too
 */
public record ClusterScope(String cluster, List<String> namespaces, boolean clusterResources) {

    /** Why this object may not be managed on the cluster; empty when it may. */
    public Optional<String> refusal(String group, String kind, String name, String namespace, boolean clusterScoped) {
        String shown = (group == null || group.isEmpty() ? "" : group + "/") + kind + " " + name;
        if (clusterScoped) {
            return clusterResources
                    ? Optional.empty()
                    : Optional.of("Cluster level " + shown + " cannot be managed when in namespaced mode: cluster "
                            + cluster + "'s Secret lists 'namespaces' without 'clusterResources: true'");
        }
        if (namespace != null && !namespace.isEmpty() && !namespaces.contains(namespace)) {
            return Optional.of("namespace " + namespace + " of " + shown + " is not managed on cluster " + cluster
                    + ": its Secret's 'namespaces' lists only " + String.join(", ", namespaces));
        }
        return Optional.empty();
    }
}
