package io.sextant.controller.shard;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.sextant.config.SextantConfig;
import io.sextant.model.Application;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Which Applications this controller replica works on (see package-info for the rules and why they are
 * safe). Built before the reconcile queue, {@linkplain #start started} once the Application informer
 * runs. The queue asks {@link #claim} before each reconcile; when ownership changes the Applications
 * gained are enqueued (at once, or when their hand-over hold ends), those lost are forgotten.
 *
 * <p>With sharding off every Application is this replica's and no Lease is written: the controller
 * behaves as a single controller always did.
 *
 * <p>Thread-safe: {@link #claim} is called by the reconcile workers; Lease renewals run on one thread,
 * ownership updates on another.
 */
public final class Sharding implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Sharding.class);

    /** Label on member Leases, which the replicas list. */
    public static final String MEMBER_LABEL = "sextant.io/controller-member";
    /** Label on each Application: the replica working on it (kubectl get applications -L ...). */
    public static final String OWNER_LABEL = "sextant.io/controller-replica";
    /** On a replica's Lease: the base URL servers read its apps' trees and diffs from. */
    public static final String URL_ANNOTATION = "sextant.io/controller-url";

    public static final String LEASE_PREFIX = "sextant-controller-";

    private final KubernetesClient client;
    private final String namespace;
    private final ShardSettings settings;
    private final Set<String> labelled = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean updatePending = new AtomicBoolean();
    private volatile Ownership.View view = Ownership.View.NONE;
    private volatile boolean everything;
    private volatile boolean started;
    private volatile long renewedAt;
    /** Moves each time this replica's Lease is renewed after it had lapsed: a fence taken before then fails. */
    private volatile long epoch;

    private volatile boolean closed;
    private Ownership ownership;
    private KubernetesClient leaseClient;
    private MemberLease lease;
    private Members members;
    private Leader leader;
    private ScheduledExecutorService renewals;
    private ScheduledExecutorService updates;
    private Supplier<Collection<String>> names;
    private Function<String, Application> applications;
    private Consumer<String> enqueue;
    private Consumer<String> forget;
    private Set<String> lastMembers;
    private boolean lastLeaseOk;

    /** Where servers reach this replica, written on its Lease; null when not configured. */
    private final String advertiseUrl;

    private Sharding(KubernetesClient client, String namespace, ShardSettings settings, String advertiseUrl) {
        this.client = client;
        this.namespace = namespace;
        this.settings = settings;
        this.everything = settings == null;
        this.advertiseUrl = advertiseUrl;
    }

    /**
     * The sharding the settings ask for: off, on, or (auto) on when running in a Kubernetes pod.
     *
     * @throws IllegalArgumentException when a setting is invalid, naming it
     */
    public static Sharding of(KubernetesClient client, String namespace, SextantConfig.Controller config) {
        boolean on = switch (config.sharding()) {
            case ON -> true;
            case OFF -> false;
            case AUTO -> io.sextant.kube.LeaseElection.inPod();
        };
        String url = config.advertiseUrl()
                .map(String::strip)
                .filter(u -> !u.isEmpty())
                .orElse(null);
        if (url != null && !url.matches("https?://[^/\\s]+/?")) {
            throw new IllegalArgumentException(
                    "sextant.controller.advertise-url must be http(s)://host:port (is " + url + ")");
        }
        return new Sharding(client, namespace, on ? ShardSettings.of(config) : null, url);
    }

    /**
     * Joins the other replicas: writes this replica's Lease, starts watching theirs, computes the first
     * share (before returning, without waiting on anyone) and enqueues what it may work on at once.
     *
     * @param names        the Applications known (the informer's)
     * @param applications the cached Application by name, or null
     * @param enqueue      asks for a reconcile
     * @param forget       drops what this replica remembers of an Application it no longer owns
     */
    public void start(
            Supplier<Collection<String>> names,
            Function<String, Application> applications,
            Consumer<String> enqueue,
            Consumer<String> forget) {
        if (everything) {
            return;
        }
        this.names = names;
        this.applications = applications;
        this.enqueue = enqueue;
        this.forget = forget;
        String id = settings.replicaId();
        // Lease traffic gets its own client (connections, event loop): a burst of Application events being
        // decoded must not hold back a renewal.
        leaseClient = new KubernetesClientBuilder()
                .withConfig(client.getConfiguration())
                .build();
        lease = new MemberLease(leaseClient, namespace, id, settings.leaseDuration(), advertiseUrl);
        try {
            renew();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403 && settings.auto()) {
                LOG.warnf(
                        "Sharding: this controller may not write Leases in namespace %s, so it runs as the only "
                                + "controller; to run several replicas grant it leases (coordination.k8s.io) there, or set "
                                + "sextant.controller.sharding=off to silence this",
                        namespace);
                everything = true;
                leaseClient.close();
                leaseClient = null;
                names.get().forEach(enqueue);
                return;
            }
            if (e.getCode() == 403 || e.getCode() == 404) {
                throw new IllegalStateException("Sharding is on but the Lease " + MemberLease.name(id) + " cannot be "
                        + "written in namespace " + namespace + " (" + e.getCode()
                        + "): create the namespace and grant "
                        + "get, list, watch, create, patch and delete on leases.coordination.k8s.io, or set "
                        + "sextant.controller.sharding=off");
            }
            LOG.warnf(
                    "Sharding: cannot write Lease %s yet (%s); working on no Application until it can",
                    MemberLease.name(id), e.getMessage());
        }
        ownership = new Ownership(id, settings.hold().toNanos());
        updates = Executors.newSingleThreadScheduledExecutor(daemon("sextant-shard-ownership"));
        renewals = Executors.newSingleThreadScheduledExecutor(daemon("sextant-shard-lease"));
        members = new Members(leaseClient, namespace, id, settings.leaseDuration(), this::requestUpdate);
        leader = new Leader(leaseClient, namespace, settings, members);
        started = true;
        update();
        long tick = Math.min(1000, settings.renewPeriod().toMillis());
        updates.scheduleWithFixedDelay(this::update, tick, tick, TimeUnit.MILLISECONDS);
        renewals.schedule(this::renewLoop, settings.renewPeriod().toMillis(), TimeUnit.MILLISECONDS);
        leader.start();
        LOG.infof(
                "Sharding: controller replica %s joined (lease %s, renewed every %s)",
                id, settings.leaseDuration(), settings.renewPeriod());
    }

    /**
     * Whether this replica may reconcile the Application now; when it may, the Application is labelled
     * with this replica's id first (once per ownership). Cheap; any thread.
     */
    public boolean claim(String app) {
        if (everything) {
            return true;
        }
        if (!started || closed) {
            return false;
        }
        Ownership.View v = view;
        if (!v.known().contains(app)) {
            requestUpdate(); // a new Application: its owner is computed, and it is enqueued if it is ours
            return false;
        }
        long now = System.nanoTime();
        if (!leaseOk(now) || !v.owns(app, now)) {
            return false;
        }
        label(app);
        return true;
    }

    /**
     * The fence of work on {@code app} that {@link #claim} allowed just now: it holds while this replica's Lease
     * has not lapsed since (by its monotonic clock, which also counts the time a stopped process stood still,
     * and by the renewal epoch, so a renewal after a lapse does not revive it) and the Application is still
     * this replica's to act on. Cheap, no API call; any thread.
     */
    public BooleanSupplier fence(String app) {
        if (everything) {
            return () -> true;
        }
        long taken = epoch;
        return () -> {
            long now = System.nanoTime();
            return !closed && epoch == taken && leaseOk(now) && view.owns(app, now);
        };
    }

    private boolean leaseOk(long now) {
        long at = renewedAt;
        return at != 0 && now - at < settings.renewDeadline().toNanos();
    }

    private void renewLoop() {
        long next = settings.renewPeriod().toMillis();
        try {
            renew();
        } catch (RuntimeException e) {
            LOG.warnf("Sharding: renewing Lease %s failed: %s", MemberLease.name(settings.replicaId()), e.getMessage());
            next = Math.min(next, 1000); // retry soon: the renew deadline is near
        }
        if (!closed) {
            renewals.schedule(this::renewLoop, next, TimeUnit.MILLISECONDS);
        }
    }

    private void renew() {
        long start = System.nanoTime();
        lease.renew();
        long before = renewedAt;
        if (before != 0 && start - before >= settings.renewDeadline().toNanos()) {
            // The Lease had lapsed (this process stalled, or was cut off): others may have taken over its
            // Applications meanwhile, so work begun before the lapse must not write on. Only this thread writes.
            epoch = epoch + 1;
        }
        // The deadline counts from when the request was sent: the API server stored a renewTime no earlier.
        renewedAt = start;
    }

    private void requestUpdate() {
        if (started && !closed && updatePending.compareAndSet(false, true)) {
            updates.execute(() -> {
                updatePending.set(false);
                update();
            });
        }
    }

    private synchronized void update() {
        if (closed) {
            return;
        }
        try {
            long now = System.nanoTime();
            Set<String> live = members.live(now);
            Ownership.Change change = ownership.update(live, names.get(), leaseOk(now), now);
            view = change.view();
            for (String app : change.dropped()) {
                labelled.remove(app);
                forget.accept(app);
            }
            change.actableNow().forEach(enqueue);
            change.heldUntil()
                    .forEach((app, at) -> updates.schedule(() -> enqueue.accept(app), at - now, TimeUnit.NANOSECONDS));
            leader.collectAbandoned(now);
            report(live, leaseOk(now), change);
        } catch (RuntimeException e) {
            LOG.warnf(e, "Sharding: updating ownership failed");
        }
    }

    /** Logs each change of the live replicas or of this one's Lease at info, other changes of the share at debug. */
    private void report(Set<String> live, boolean leaseOk, Ownership.Change change) {
        boolean members = !live.equals(lastMembers) || leaseOk != lastLeaseOk;
        if (!members
                && change.actableNow().isEmpty()
                && change.heldUntil().isEmpty()
                && change.dropped().isEmpty()) {
            return;
        }
        if (!leaseOk) {
            LOG.logf(
                    members ? Logger.Level.WARN : Logger.Level.DEBUG,
                    "Sharding: replica %s has not renewed its Lease "
                            + "within %s: it works on no Application until it does",
                    settings.replicaId(),
                    settings.renewDeadline());
        } else {
            LOG.logf(
                    members ? Logger.Level.INFO : Logger.Level.DEBUG,
                    "Sharding: replica %s owns %d of %d Applications "
                            + "(other live replicas: %s; %d gained now, %d held for hand-over, %d dropped)",
                    settings.replicaId(),
                    change.view().actableAt().size(),
                    change.view().known().size(),
                    live.stream().sorted().toList(),
                    change.actableNow().size(),
                    change.heldUntil().size(),
                    change.dropped().size());
        }
        lastMembers = live;
        lastLeaseOk = leaseOk;
    }

    /** Marks the Application with its owner; a failure only delays the mark to the next reconcile. */
    private void label(String app) {
        if (labelled.contains(app)) {
            return;
        }
        Application cached = applications.apply(app);
        if (cached == null) {
            return; // gone, or not seen yet: marked on a later reconcile
        }
        Map<String, String> labels = cached.getMetadata().getLabels();
        if (labels == null || !settings.replicaId().equals(labels.get(OWNER_LABEL))) {
            try {
                client.resources(Application.class)
                        .inNamespace(cached.getMetadata().getNamespace())
                        .withName(cached.getMetadata().getName())
                        .patch(
                                PatchContext.of(PatchType.JSON_MERGE),
                                "{\"metadata\":{\"labels\":{\"" + OWNER_LABEL + "\":\"" + settings.replicaId()
                                        + "\"}}}");
            } catch (KubernetesClientException e) {
                LOG.debugf("Sharding: labelling Application %s failed: %s", app, e.getMessage());
                return;
            }
        }
        labelled.add(app);
    }

    /**
     * Leaves cleanly: stops owning, then deletes this replica's Lease so the others take over at once.
     * Call after the reconcile workers have stopped.
     */
    @Override
    public void close() {
        closed = true;
        view = Ownership.View.NONE;
        if (started) {
            renewals.shutdownNow();
            updates.shutdownNow();
            leader.close();
            members.close();
            try {
                lease.release();
            } catch (KubernetesClientException e) {
                LOG.warnf(
                        "Sharding: deleting Lease %s failed (%s); the others take over when it expires",
                        MemberLease.name(settings.replicaId()), e.getMessage());
            }
        }
        if (leaseClient != null) {
            leaseClient.close();
        }
    }

    /** Checks a replica id: it becomes part of a Lease name and a label value. */
    static String checkReplicaId(String id) {
        return io.sextant.kube.LeaseElection.Candidate.checkId(id);
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
