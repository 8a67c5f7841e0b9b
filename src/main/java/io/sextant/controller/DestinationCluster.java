package io.sextant.controller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sextant.cache.LiveStateCache;
import io.sextant.kube.ApiDiscovery;
import io.sextant.kube.DryRunApplier;
import io.sextant.kube.ResourceWriter;
import io.sextant.operation.SyncRun;

/**
 * Everything the controller needs of one destination cluster: its client, what it serves, the live state
 * of what Sextant tracks there, dry runs, writes and the sync executor over them. The cluster Sextant runs in
 * has one for the life of the process; a cluster of a cluster Secret gets one when an app first needs it
 * ({@link DestinationClusters}).
 */
record DestinationCluster(
        String server,
        String name,
        KubernetesClient client,
        ApiDiscovery discovery,
        LiveStateCache cache,
        DryRunApplier dryRun,
        ResourceWriter writer,
        SyncRun syncRun,
        boolean local)
        implements AutoCloseable {

    /** Closes the watches and, for a remote cluster, its client (the local client is the process's). */
    @Override
    public void close() {
        cache.close();
        if (!local) {
            client.close();
        }
    }
}
