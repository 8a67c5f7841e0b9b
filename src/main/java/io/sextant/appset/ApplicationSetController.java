package io.sextant.appset;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sextant.config.SextantConfig;
import io.sextant.kube.ApiDiscovery;
import io.sextant.kube.LeaseElection;
import io.sextant.model.AppProject;
import io.sextant.model.Application;
import io.sextant.model.ApplicationSet;
import io.sextant.repo.git.RepoCache;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The applicationset role ({@code sextant.roles} holds {@code applicationset}, on by default): watches the
 * ApplicationSets of the control-plane namespace and the Applications they own, and reconciles one set at a
 * time on its own thread. A set is generated again when its spec changes, when it carries
 * {@code argocd.argoproj.io/application-set-refresh: "true"} (removed afterwards, as Argo CD does), when a
 * cluster Secret changes, when a webhook push names a repository one of its git generators reads, and
 * every 3 minutes (or {@code requeueAfterSeconds}) for git generators. A change to an app it owns applies
 * the last plan again (so a hand edit is reverted where the policy allows updates) and refreshes the
 * set's {@code status.resources}, without generating again.
 */
@Singleton
public class ApplicationSetController {

    private static final Logger LOG = Logger.getLogger(ApplicationSetController.class);
    static final String REFRESH_ANNOTATION = PushedRepos.REFRESH_ANNOTATION;
    /** How long a change of an owned app waits before the set looks (changes meanwhile join it). */
    static final Duration APP_CHANGE_DELAY = Duration.ofSeconds(1);
    /** When a set that failed, or whose apps could not all be written, is looked at again (Argo CD's 3 min). */
    static final Duration RETRY = Duration.ofMinutes(3);
    /** The Lease the processes running the role elect their leader with. */
    static final String LEADER_LEASE = "sextant-applicationset-leader";

    /** The plan of a set at one generation of its spec, or why it could not be made. */
    private record Cached(String uid, Long generation, AppSetPlan plan, AppSetException failure) {
        boolean of(ApplicationSet set) {
            return uid.equals(set.getMetadata().getUid())
                    && java.util.Objects.equals(generation, set.getMetadata().getGeneration());
        }
    }

    /** The one pending look-again of each set (a later one replaces it, so timers never pile up). */
    private final Map<String, java.util.concurrent.ScheduledFuture<?>> timers = new ConcurrentHashMap<>();

    private final Map<String, Cached> plans = new ConcurrentHashMap<>();
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final Set<String> regenerate = ConcurrentHashMap.newKeySet();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong generations = new AtomicLong();

    private KubernetesClient client;
    private String namespace;
    private int maxApps;
    private RepoCache repos;
    private volatile SharedIndexInformer<ApplicationSet> sets;
    private SharedIndexInformer<Application> apps;
    private SharedIndexInformer<Secret> clusterSecrets;
    private ScheduledExecutorService worker;
    private AppSetReconciler reconciler;
    private volatile boolean running;
    /** Null when this process writes without an election (one process, or leader election off). */
    private volatile LeaseElection election;

    private String identity;

    void onStart(@Observes @Priority(110) StartupEvent event, KubernetesClient client, SextantConfig config) {
        if (!config.roles().contains("applicationset")) {
            return;
        }
        this.client = client;
        this.namespace = config.namespace();
        this.maxApps = config.applicationset().maxApps();
        if (new ApiDiscovery(client)
                .find("argoproj.io/v1alpha1", "ApplicationSet")
                .isEmpty()) {
            LOG.warn("ApplicationSets are off: the cluster does not serve applicationsets.argoproj.io/v1alpha1;"
                    + " apply deploy/k8s/crds/ (kubectl apply --server-side -f deploy/k8s/crds/) and restart");
            return;
        }
        repos = new RepoCache(
                Path.of(config.repo().cacheDir()).resolve("applicationset"),
                new RepoCache.Settings(config.repo().fetchTimeout()));
        worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sextant-applicationset");
            t.setDaemon(true);
            return t;
        });
        boolean elect = switch (config.applicationset().leaderElection()) {
            case ON -> true;
            case OFF -> false;
            case AUTO -> LeaseElection.inPod();
        };
        if (elect) {
            // Made before the watches start, so no reconcile runs as if there were no election; the informers
            // run on every candidate (a warm standby), only the leader writes.
            LeaseElection.Candidate me = LeaseElection.Candidate.of(
                    config.controller().replicaId().orElse(null),
                    config.controller().leaseDuration(),
                    config.controller().leaseRenewPeriod());
            identity = me.identity();
            election = new LeaseElection(
                    client,
                    namespace,
                    LEADER_LEASE,
                    me.identity(),
                    me.timings(),
                    () -> {
                        LOG.infof("ApplicationSet controller: %s leads; generating every set", me.identity());
                        sets.getStore()
                                .list()
                                .forEach(set -> enqueue(set.getMetadata().getName(), true));
                    },
                    () -> LOG.infof("ApplicationSet controller: %s no longer leads; writing nothing", me.identity()));
        }
        reconciler = new AppSetReconciler(client, this::appsIn, this::projectExists, writes, this::leading);
        running = true;
        apps = client.resources(Application.class).inNamespace(namespace).inform(new Handler<>() {
            @Override
            void changed(Application app) {
                String owner = AppSetReconciler.ownerName(app);
                if (owner != null) {
                    // A storm of app changes (a sync round of a thousand apps) is one look a second, not one each.
                    enqueueAfter(owner, APP_CHANGE_DELAY);
                }
            }
        });
        clusterSecrets = client.secrets()
                .inNamespace(namespace)
                .withLabel(AppSetSources.CLUSTER_LABEL, "cluster")
                .inform(new Handler<>() {
                    @Override
                    void changed(Secret s) {
                        if (sets != null) {
                            sets.getStore()
                                    .list()
                                    .forEach(set -> enqueue(set.getMetadata().getName(), true));
                        }
                    }
                });
        sets = client.resources(ApplicationSet.class).inNamespace(namespace).inform(new Handler<>() {
            @Override
            void changed(ApplicationSet set) {
                Cached cached = plans.get(set.getMetadata().getName());
                boolean stale = cached == null
                        || !cached.uid().equals(set.getMetadata().getUid())
                        || !java.util.Objects.equals(
                                cached.generation(), set.getMetadata().getGeneration())
                        || refreshAsked(set);
                enqueue(set.getMetadata().getName(), stale);
            }

            @Override
            public void onDelete(ApplicationSet set, boolean unknown) {
                plans.remove(set.getMetadata().getName());
            }
        });
        LOG.infof("ApplicationSet controller watching namespace %s (at most %d apps per set)", namespace, maxApps);
        if (election != null) {
            election.start();
            LOG.infof("ApplicationSet controller: %s stands for Lease %s", identity, LEADER_LEASE);
        }
    }

    /** Whether this process may write: it leads, or runs without an election. */
    boolean leading() {
        LeaseElection e = election;
        return running && (e == null || e.leading());
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        if (election != null) {
            election.close(); // releases the Lease: another process leads at once
        }
        if (worker != null) {
            worker.shutdownNow();
            try {
                // A fetch under way ends at its timeout at worst; the cache is closed after it.
                worker.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (SharedIndexInformer<?> i : new SharedIndexInformer<?>[] {sets, apps, clusterSecrets}) {
            if (i != null) {
                i.close();
            }
        }
        if (reconciler != null) {
            reconciler.close();
        }
        if (repos != null) {
            repos.close();
        }
    }

    /** Whether this process runs the role (the CRD is served and the role is on). */
    public boolean running() {
        return running;
    }

    /** Writes of Applications so far (creates, updates, deletes): what bench/appset counts. */
    public long applicationWrites() {
        return writes.get();
    }

    /** Times a set's generators ran so far. */
    public long generationCount() {
        return generations.get();
    }

    /**
     * A push to {@code repoUrl}: every set with a git generator reading it is generated again now (the
     * webhook's path, as Argo CD's ApplicationSet webhook does).
     */
    public void pushed(String repoUrl) {
        if (!running) {
            return;
        }
        for (ApplicationSet set : sets.getStore().list()) {
            if (PushedRepos.reads(set, repoUrl)) {
                enqueue(set.getMetadata().getName(), true);
            }
        }
    }

    private void enqueueAfter(String name, Duration delay) {
        if (running && pending.add(name)) {
            worker.schedule(() -> run(name), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void enqueue(String name, boolean generate) {
        if (!running) {
            return;
        }
        if (generate) {
            regenerate.add(name);
        }
        if (pending.add(name)) {
            worker.execute(() -> run(name));
        }
    }

    private void run(String name) {
        pending.remove(name);
        if (!leading()) {
            return; // a standby: the leader looks at every set when it starts leading
        }
        if (sets == null) { // an app's change during start-up, before the sets are watched
            schedule(name, Duration.ofSeconds(1), true);
            return;
        }
        boolean generate = regenerate.remove(name);
        ApplicationSet set = sets.getStore().getByKey(namespace + "/" + name);
        if (set == null) {
            plans.remove(name);
            cancelTimer(name);
            return;
        }
        if (set.getMetadata().getDeletionTimestamp() != null) {
            plans.remove(name);
            cancelTimer(name);
            try {
                reconciler.finishDeletion(set);
            } catch (KubernetesClientException e) {
                LOG.warnf(
                        "ApplicationSet %s: finishing its deletion failed: %s; trying again in 10 s",
                        name, e.getMessage());
                schedule(name, Duration.ofSeconds(10), false);
            }
            return;
        }
        try {
            reconcile(set, generate);
        } catch (KubernetesClientException e) {
            LOG.warnf("ApplicationSet %s: %s; trying again in 10 s", name, e.getMessage());
            schedule(name, Duration.ofSeconds(10), true);
        } catch (RuntimeException e) {
            LOG.errorf(e, "ApplicationSet %s: reconcile failed; trying again in 30 s", name);
            schedule(name, Duration.ofSeconds(30), true);
        }
    }

    private void reconcile(ApplicationSet set, boolean generate) {
        String name = set.getMetadata().getName();
        Cached cached = plans.get(name);
        boolean fresh = cached == null || !cached.of(set);
        List<io.sextant.model.ApplicationSetStatus.Condition> before =
                set.getStatus() == null ? null : set.getStatus().getConditions();
        if (!generate && !fresh && cached.failure() != null) {
            return; // an app's change: the set failed to generate and waits for its requeue or a change
        }
        AppSetPlan plan;
        if (generate || fresh) {
            generations.incrementAndGet();
            try {
                plan = AppSetPlan.of(
                        set,
                        new AppSetSources(
                                client,
                                namespace,
                                () -> clusterSecrets.getStore().list(),
                                repos),
                        maxApps,
                        reconciler.json());
            } catch (AppSetException e) {
                plans.put(
                        name,
                        new Cached(set.getMetadata().getUid(), set.getMetadata().getGeneration(), null, e));
                LOG.infof("ApplicationSet %s: %s", name, e.getMessage());
                reconciler.writeStatus(set, AppSetConditions.failed(e, before), reconciler.resources(set));
                clearRefresh(set);
                schedule(name, RETRY, true); // as Argo CD requeues a failed generation
                return;
            }
            plans.put(
                    name,
                    new Cached(set.getMetadata().getUid(), set.getMetadata().getGeneration(), plan, null));
            LOG.infof(
                    "ApplicationSet %s: generated %d applications",
                    name, plan.apps().size());
            clearRefresh(set);
        } else {
            plan = cached.plan();
        }
        List<String> problems = reconciler.apply(set, plan);
        if (!leading()) {
            return; // the lead passed on during the writes: the next leader writes the status
        }
        reconciler.writeStatus(
                set,
                problems.isEmpty()
                        ? AppSetConditions.ok(before)
                        : AppSetConditions.partly(problems, AppSetConditions.VALIDATION_ERROR, before),
                reconciler.resources(set));
        if (!problems.isEmpty()) {
            schedule(name, RETRY, false); // a project created later, a write refused for a while (Argo: 3 min)
        } else if (generate || fresh) {
            plan.requeueAfter().ifPresentOrElse(d -> schedule(name, d, true), () -> cancelTimer(name));
        }
    }

    /** Looks at the set again after {@code after}, replacing the look-again already planned for it. */
    private void schedule(String name, Duration after, boolean generate) {
        if (!running) {
            return;
        }
        var timer = worker.schedule(() -> enqueue(name, generate), after.toMillis(), TimeUnit.MILLISECONDS);
        var previous = timers.put(name, timer);
        if (previous != null) {
            previous.cancel(false);
        }
    }

    private void cancelTimer(String name) {
        var previous = timers.remove(name);
        if (previous != null) {
            previous.cancel(false);
        }
    }

    private static boolean refreshAsked(ApplicationSet set) {
        Map<String, String> a = set.getMetadata().getAnnotations();
        return a != null && "true".equals(a.get(REFRESH_ANNOTATION));
    }

    private void clearRefresh(ApplicationSet set) {
        if (refreshAsked(set)) {
            client.resources(ApplicationSet.class)
                    .inNamespace(namespace)
                    .withName(set.getMetadata().getName())
                    .patch(
                            PatchContext.of(PatchType.JSON_MERGE),
                            "{\"metadata\":{\"annotations\":{\"" + REFRESH_ANNOTATION + "\":null}}}");
        }
    }

    private List<Application> appsIn(String ns) {
        return apps.getStore().list();
    }

    private boolean projectExists(String project) {
        return "default".equals(project)
                || client.resources(AppProject.class)
                                .inNamespace(namespace)
                                .withName(project)
                                .get()
                        != null;
    }

    /** Every add and update goes to {@link #changed}; deletes too unless overridden. */
    private abstract static class Handler<T> implements ResourceEventHandler<T> {
        abstract void changed(T obj);

        @Override
        public void onAdd(T obj) {
            changed(obj);
        }

        @Override
        public void onUpdate(T oldObj, T newObj) {
            changed(newObj);
        }

        @Override
        public void onDelete(T obj, boolean deletedFinalStateUnknown) {
            changed(obj);
        }
    }
}
