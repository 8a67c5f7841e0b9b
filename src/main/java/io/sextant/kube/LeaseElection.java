package io.sextant.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
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
 * One candidate in a leader election over a Lease (fabric8's LeaderElector, the coordination.k8s.io Lease
 * lock client-go uses). A candidate stays one for as long as it runs: when it loses the lead (or never
 * got it because the API server was away) it tries again one renew period later. A leader that cannot
 * renew within the renew deadline stops leading before the Lease can pass to anyone else, so two leaders
 * overlap only by work already under way when the deadline passed. The Lease is released on
 * {@link #close}, so a stopped leader's successor takes over at once instead of after a lease duration.
 * Thread-safe.
 */
public final class LeaseElection implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LeaseElection.class);

    /** The timings of an election; the renew deadline is lease duration minus renew period. */
    public record Timings(Duration leaseDuration, Duration renewPeriod) {
        public Duration renewDeadline() {
            return leaseDuration.minus(renewPeriod);
        }

        /**
         * How often the lock is tried or renewed: the renew period, but short enough for fabric8's elector,
         * which wants the renew deadline above 2.2 retry periods (a retry jitters by up to 1.2 of one). The
         * defaults (15 s lease, 5 s renewal: a 10 s deadline) failed that check and stopped the start.
         */
        public Duration retryPeriod() {
            Duration most = Duration.ofMillis(renewDeadline().toMillis() * 10 / 25);
            return renewPeriod.compareTo(most) <= 0 ? renewPeriod : most;
        }
    }

    /** Who stands, and with which timings. */
    public record Candidate(String identity, Timings timings) {

        private static final String ID_PATTERN = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

        /**
         * This process as the controller settings name it: {@code replicaId} (null or blank: host name and
         * process id), a lease of whole seconds (at least 3 s), renewed at most every third of it.
         *
         * @throws IllegalArgumentException naming the {@code sextant.controller.*} setting to fix
         */
        public static Candidate of(String replicaId, Duration lease, Duration renew) {
            if (lease.compareTo(Duration.ofSeconds(3)) < 0 || lease.toMillis() % 1000 != 0) {
                throw new IllegalArgumentException(
                        "sextant.controller.lease-duration must be whole seconds, at least 3s (is " + lease + ")");
            }
            if (renew.isNegative() || renew.isZero() || renew.multipliedBy(3).compareTo(lease) > 0) {
                throw new IllegalArgumentException("sextant.controller.lease-renew-period must be more than 0 and at"
                        + " most a third of sextant.controller.lease-duration (is " + renew + " with a lease of "
                        + lease + ")");
            }
            String id = replicaId == null || replicaId.isBlank() ? defaultId() : checkId(replicaId);
            return new Candidate(id, new Timings(lease, renew));
        }

        /** @throws IllegalArgumentException unless {@code id} can name a Lease and a label value */
        public static String checkId(String id) {
            if (id.length() > 63 || !id.matches(ID_PATTERN)) {
                throw new IllegalArgumentException("sextant.controller.replica-id '" + id + "' is not usable: use at"
                        + " most 63 lowercase letters, digits and '-', starting and ending with a letter or digit");
            }
            return id;
        }

        /** Host name (a pod's name in Kubernetes) and process id: unique among running processes. */
        private static String defaultId() {
            String host = System.getenv("HOSTNAME");
            if (host == null || host.isBlank()) {
                try {
                    host = java.net.InetAddress.getLocalHost().getHostName();
                } catch (java.io.IOException e) {
                    host = "controller";
                }
            }
            String clean = host.toLowerCase(java.util.Locale.ROOT)
                    .replaceAll("[^a-z0-9-]", "-")
                    .replaceAll("^-+|-+$", "");
            if (clean.length() > 40) {
                clean = clean.substring(0, 40).replaceAll("-+$", "");
            }
            return (clean.isEmpty() ? "controller" : clean) + "-"
                    + ProcessHandle.current().pid();
        }
    }

    /** Whether this process runs in a Kubernetes pod (what {@code auto} settings go by). */
    public static boolean inPod() {
        return System.getenv("KUBERNETES_SERVICE_HOST") != null
                && java.nio.file.Files.exists(
                        java.nio.file.Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token"));
    }

    private final KubernetesClient client;
    private final String namespace;
    private final String lease;
    private final String identity;
    private final Timings timings;
    private final Runnable onLead;
    private final Runnable onLoss;
    private final ScheduledExecutorService retry;
    private volatile boolean leading;
    private volatile boolean closed;
    private volatile CompletableFuture<?> running;

    /**
     * @param lease    the Lease's name in {@code namespace}
     * @param identity this candidate's name, written on the Lease while it leads
     * @param onLead   runs when this candidate becomes the leader (on the elector's thread: return quickly)
     * @param onLoss   runs when it stops being the leader
     */
    public LeaseElection(
            KubernetesClient client,
            String namespace,
            String lease,
            String identity,
            Timings timings,
            Runnable onLead,
            Runnable onLoss) {
        this.client = client;
        this.namespace = namespace;
        this.lease = lease;
        this.identity = identity;
        this.timings = timings;
        this.onLead = onLead;
        this.onLoss = onLoss;
        this.retry = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sextant-election-" + lease);
            t.setDaemon(true);
            return t;
        });
    }

    /** Becomes a candidate (returns at once; the election runs on fabric8's threads). */
    public void start() {
        if (closed) {
            return;
        }
        var config = new LeaderElectionConfigBuilder()
                .withName(lease)
                .withLock(new LeaseLock(namespace, lease, identity))
                .withLeaseDuration(timings.leaseDuration())
                .withRenewDeadline(timings.renewDeadline())
                .withRetryPeriod(timings.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(
                        this::led, this::lost, holder -> LOG.debugf("Lease %s: the leader is %s", lease, holder)))
                .build();
        running = client.leaderElector().withConfig(config).build().start();
        running.whenComplete((ok, error) -> {
            lost();
            if (!closed) {
                retry.schedule(this::start, timings.renewPeriod().toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    private void led() {
        leading = true;
        onLead.run();
    }

    private synchronized void lost() {
        if (leading) {
            leading = false;
            onLoss.run();
        }
    }

    /** Whether this candidate leads now. */
    public boolean leading() {
        return leading && !closed;
    }

    @Override
    public void close() {
        closed = true;
        retry.shutdownNow();
        CompletableFuture<?> r = running;
        if (r != null) {
            r.cancel(true);
        }
        lost();
    }
}
