package io.sextant.controller.shard;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Leader election over the Lease {@code sextant-controller-leader} (fabric8's LeaderElector), for the
 * controller's cluster-wide singletons. There is one: deleting the member Leases of replicas gone for good
 * (expired, and renewed more than two lease durations ago), which nobody else would ever remove. The
 * other work that looks global is per replica on purpose: each reads the settings, and each runs the
 * periodic refresh round over the Applications it owns.
 *
 * <p>A replica stays a candidate for as long as it runs: when it loses leadership it tries again.
 * Thread-safe.
 */
final class Leader implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Leader.class);
    static final String LEASE = "sextant-controller-leader";

    private final KubernetesClient client;
    private final String namespace;
    private final ShardSettings settings;
    private final Members members;
    private final ScheduledExecutorService retry = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sextant-shard-leader");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean leading;
    private volatile boolean closed;
    private volatile CompletableFuture<?> running;

    Leader(KubernetesClient client, String namespace, ShardSettings settings, Members members) {
        this.client = client;
        this.namespace = namespace;
        this.settings = settings;
        this.members = members;
    }

    /**
     * How often the leader lock is tried or renewed: the replica's renew period, but short enough for fabric8's
     * elector, which wants the renew deadline above 2.2 retry periods (a retry jitters by up to 1.2 of one).
     * The defaults (15 s lease, 5 s renewal: a 10 s deadline) failed that check and stopped the controller's
     * start whenever sharding was on.
     */
    static Duration retryPeriod(ShardSettings settings) {
        Duration most = Duration.ofMillis(settings.renewDeadline().toMillis() * 10 / 25);
        return settings.renewPeriod().compareTo(most) <= 0 ? settings.renewPeriod() : most;
    }

    void start() {
        if (closed) {
            return;
        }
        var config = new LeaderElectionConfigBuilder()
                .withName("sextant-controller")
                .withLock(new LeaseLock(namespace, LEASE, settings.replicaId()))
                .withLeaseDuration(settings.leaseDuration())
                .withRenewDeadline(settings.renewDeadline())
                .withRetryPeriod(retryPeriod(settings))
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(
                        () -> {
                            leading = true;
                            LOG.infof("Sharding: replica %s is the leader", settings.replicaId());
                        },
                        () -> leading = false,
                        holder -> LOG.debugf("Sharding: the leader is %s", holder)))
                .build();
        running = client.leaderElector().withConfig(config).build().start();
        running.whenComplete((ok, error) -> {
            leading = false;
            if (!closed) {
                retry.schedule(this::start, settings.renewPeriod().toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    /** As the leader: deletes the Leases of replicas gone for good (guarded by their resourceVersion). */
    void collectAbandoned(long now) {
        if (!leading) {
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
        closed = true;
        retry.shutdownNow();
        CompletableFuture<?> r = running;
        if (r != null) {
            r.cancel(true);
        }
    }
}
