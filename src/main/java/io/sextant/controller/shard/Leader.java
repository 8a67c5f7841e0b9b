package io.sextant.controller.shard;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sextant.kube.LeaseElection;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Leader election over the Lease {@code sextant-controller-leader} (fabric8's LeaderElector), for the
 * controller's cluster-wide singletons. There is one: deleting the member Leases of replicas gone for good
 * (expired, and renewed more than two lease durations ago), which nobody else would ever remove. The
 * other work that looks global is per replica on purpose: each reads the settings, and each runs the
 * periodic refresh round over the Applications it owns.
 *
 * <p>A replica stays a candidate for as long as it runs ({@link LeaseElection}). Thread-safe.
 */
final class Leader implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Leader.class);
    static final String LEASE = "sextant-controller-leader";

    private final KubernetesClient client;
    private final String namespace;
    private final ShardSettings settings;
    private final Members members;
    private final LeaseElection election;

    Leader(KubernetesClient client, String namespace, ShardSettings settings, Members members) {
        this.client = client;
        this.namespace = namespace;
        this.settings = settings;
        this.members = members;
        this.election = new LeaseElection(
                client,
                namespace,
                LEASE,
                settings.replicaId(),
                settings.timings(),
                () -> LOG.infof("Sharding: replica %s is the leader", settings.replicaId()),
                () -> {});
    }

    /** How often the leader lock is tried or renewed ({@link LeaseElection.Timings#retryPeriod}). */
    static Duration retryPeriod(ShardSettings settings) {
        return settings.timings().retryPeriod();
    }

    void start() {
        election.start();
    }

    /** As the leader: deletes the Leases of replicas gone for good (guarded by their resourceVersion). */
    void collectAbandoned(long now) {
        if (!election.leading()) {
            return;
        }
        for (Lease gone : members.abandoned(now, settings.leaseDuration().multipliedBy(2))) {
            try {
                client.leases()
                        .inNamespace(namespace)
                        .withName(gone.getMetadata().getName())
                        .lockResourceVersion(gone.getMetadata().getResourceVersion())
                        .delete();
                LOG.infof(
                        "Sharding: deleted Lease %s of a replica gone since %s",
                        gone.getMetadata().getName(),
                        gone.getSpec() == null ? "?" : gone.getSpec().getRenewTime());
            } catch (KubernetesClientException e) {
                LOG.debugf(
                        "Sharding: deleting Lease %s failed: %s",
                        gone.getMetadata().getName(), e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        election.close();
    }
}
