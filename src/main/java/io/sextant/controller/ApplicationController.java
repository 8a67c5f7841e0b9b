package io.sextant.controller;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sextant.cache.LiveStateCache;
import io.sextant.cache.TrackingMethod;
import io.sextant.config.ClusterSettings;
import io.sextant.config.SextantConfig;
import io.sextant.controller.shard.Sharding;
import io.sextant.diff.Differ;
import io.sextant.diff.SecretMasker;
import io.sextant.health.CustomHealthChecks;
import io.sextant.health.HealthAssessor;
import io.sextant.health.HealthCustomizations;
import io.sextant.health.LuaHealthRunner;
import io.sextant.kube.ApiDiscovery;
import io.sextant.kube.ClusterSecret;
import io.sextant.kube.DryRunApplier;
import io.sextant.kube.ResourceWriter;
import io.sextant.model.AppKey;
import io.sextant.model.Application;
import io.sextant.operation.Fence;
import io.sextant.operation.SyncRun;
import io.sextant.repo.git.RepoCache;
import io.sextant.repo.render.ManifestCache;
import io.sextant.repo.render.RenderTools;
import io.sextant.repo.render.Renderers;
import io.sextant.sync.ApplicationNamespaces;
import io.sextant.sync.ProjectBounds;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The controller role: wires the plain-Java engine (repo, cache, diff, health) and runs the
 * reconcile loop. An Application is refreshed when it is created or its spec changes, when one of
 * its live resources changes, when it carries the refresh annotation, and every
 * {@code timeout.reconciliation} (sextant-cm; default 180 s) with jitter; each periodic round
 * fetches every repository once.
 */
@Singleton
public class ApplicationController implements ControllerReads {

    private static final Logger LOG = Logger.getLogger(ApplicationController.class);

    private final ComparisonStore store = new ComparisonStore();
    private LiveStateCache cache;
    private DestinationClusters clusters;
    private volatile ApplicationWatcher watcher;
    private volatile RefreshQueue queue;
    private ProjectWatcher projects;
    private RepoCache repos;
    private ScheduledExecutorService timer;
    private volatile ClusterSettings settings = new ClusterSettings(Map.of());
    private volatile HealthAssessor assessor = new HealthAssessor();
    private LuaHealthRunner lua;
    private HealthChecksFromGit healthChecksFromGit;
    private KubernetesClient client;
    private String namespace;
    private GitManifestSource manifests;
    private RenderTools configuredTools = RenderTools.DEFAULTS;
    private SharedIndexInformer<ConfigMap> settingsInformer;
    private OperationEvents events;
    private Sharding shard;
    private final PushAsks pushes = new PushAsks();
    /** Since when a periodic round waits for the queue to drain, 0 when none does (the timer's thread only). */
    private long deferredSince;

    void onStart(
            @Observes @Priority(100) StartupEvent event,
            KubernetesClient client,
            SextantConfig config,
            MeterRegistry registry) {
        if (!config.roles().contains("controller")) {
            return;
        }
        String ns = config.namespace();
        AppKey.useControlPlane(ns);
        ApplicationNamespaces appNamespaces =
                new ApplicationNamespaces(ns, config.applicationNamespaces().orElse(List.of()));
        this.client = client;
        this.namespace = ns;
        ApiDiscovery discovery = new ApiDiscovery(client);
        if (discovery.find("argoproj.io/v1alpha1", "Application").isEmpty()) {
            throw new IllegalStateException(
                    "The cluster does not serve applications.argoproj.io/v1alpha1: install "
                            + "the CRDs first (kubectl apply --server-side -f deploy/k8s/crds/), or run with sextant.roles=server");
        }
        cache = new LiveStateCache(client, TrackingMethod.ANNOTATION);
        for (String[] kind : LiveStateCache.CHILD_KINDS) {
            discovery.find(kind[0], kind[1]).ifPresent(cache::watch);
        }
        Metrics metrics = new Metrics(registry, store, () -> queue == null ? 0 : queue.backlog());
        repos = new RepoCache(
                Path.of(config.repo().cacheDir()),
                new RepoCache.Settings(config.repo().fetchTimeout()));
        repos.onFetch(metrics::gitFetched);
        configuredTools = renderTools(config.render());
        manifests = new GitManifestSource(client, ns, repos, Renderers.standard(configuredTools));
        ManifestCache rendered = manifests.cache();
        metrics.cache("manifests", rendered::size, rendered.maxEntries(), rendered::bytes, rendered.maxBytes());
        metrics.cache("trees", repos::treeEntries, repos.treeMaxEntries(), null, 0);
        metrics.cache("live-objects", cache::size, 0, null, 0);
        metrics.cache("comparisons", store::size, 0, null, 0);
        lua = new LuaHealthRunner();
        healthChecksFromGit = new HealthChecksFromGit(manifests::snapshot);
        DryRunApplier dryRun = new DryRunApplier(client);
        // The reconciler finds Applications through the watcher, which feeds the queue, which runs
        // the reconciler: the lookup goes through the field so the three can be built in order.
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sextant-refresh-timer");
            t.setDaemon(true);
            return t;
        });
        ResourceWriter writer = new ResourceWriter(client, discovery, dryRun);
        writer.onStored(cache::observe);
        SyncRun syncRun = new SyncRun(writer, () -> assessor, cache::childrenOf);
        // The cluster Sextant runs in, and those of cluster Secrets, opened when an app first needs one.
        clusters = new DestinationClusters(
                client,
                ns,
                new DestinationCluster(
                        ProjectBounds.IN_CLUSTER_SERVER,
                        ProjectBounds.IN_CLUSTER_NAME,
                        client,
                        discovery,
                        cache,
                        dryRun,
                        writer,
                        syncRun,
                        true),
                this::openRemote,
                server -> {
                    if (watcher != null && queue != null) {
                        watcher.names().forEach(queue::enqueue); // a cluster Secret changed: its apps look again
                    }
                });
        AppComparator comparator = new AppComparator(ns, clusters::of, new Differ(), () -> assessor);
        // Project changes requeue the project's apps through the queue, built further down.
        projects = new ProjectWatcher(client, ns, project -> {
            if (watcher != null && queue != null) {
                watcher.names().stream()
                        .filter(n -> {
                            Application a = watcher.get(n);
                            return a != null && project.equals(ProjectBounds.projectOf(a));
                        })
                        .forEach(queue::enqueue);
            }
        });
        ApplicationPatcher patcher = new ApplicationPatcher(client);
        Function<String, ProjectBounds> bounds = name -> projects.bounds(name).withClusters(clusters);
        OperationRunner operations = new OperationRunner(client, ns, manifests, clusters::of, store, bounds, patcher);
        events = new OperationEvents(client);
        operations.observeWith(events.andThen(metrics));
        // A restarted controller does not rewrite apps whose stored status is what it finds, compared within
        // the last refresh period: their reconciledAt moves at the next round.
        StatusWriter statusWriter =
                new StatusWriter(patcher, config.controller().reconciliationTimeout());
        // Decisions are taken on the newest Application known: the watch's, or the answer of our last write.
        Reconciler reconciler = new Reconciler(
                ns,
                key -> patcher.newest(AppKey.namespace(key, ns), AppKey.name(key), watcher.get(key)),
                key -> client.resources(Application.class)
                        .inNamespace(AppKey.namespace(key, ns))
                        .withName(AppKey.name(key))
                        .get(),
                bounds,
                manifests,
                comparator,
                new StatusBuilder(client.getKubernetesSerialization(), ns),
                statusWriter,
                store,
                () -> settings,
                operations,
                new AutoSync(
                        client.getKubernetesSerialization(), config.controller().selfHealTimeout()),
                new CascadeDeleter(client, ns, clusters::of, bounds),
                name -> watcher.refreshAskedAt(name),
                pushes);
        readSettings(client, ns);
        shard = Sharding.of(client, ns, config.controller());
        StatusApplier applier = reconciler.applier();
        queue = new RefreshQueue(config.controller().workers(), name -> {
            if (shard.claim(name)) {
                // The reconcile decides; its write is applied here and the look-again it asks for scheduled.
                // Its syncs check the fence before every write, in case this replica stalls meanwhile.
                Fence.runHolding(
                        shard.fence(name),
                        () -> metrics.reconcile(name, n -> {
                            ReconcileResult result = reconciler.reconcile(n);
                            ReconcileResult.soonest(
                                            result.requeueAfter(),
                                            result.update().flatMap(applier::apply))
                                    .ifPresent(delay -> timer.schedule(
                                            () -> queue.enqueue(n), delay.toMillis(), TimeUnit.MILLISECONDS));
                        }));
            }
        });
        // An app leaving this replica (deleted, or now another replica's) leaves no state behind: what
        // was written for it may be overwritten by its next owner.
        Consumer<String> drop = name -> {
            store.remove(name);
            pushes.forget(name);
            statusWriter.forget(AppKey.namespace(name, ns), AppKey.name(name));
            patcher.forget(AppKey.namespace(name, ns), AppKey.name(name));
        };
        UnservedApplications unserved = new UnservedApplications(client);
        watcher = new ApplicationWatcher(client, appNamespaces, queue::enqueue, drop, patcher::seen, unserved::seen);
        watcher.start();
        shard.start(watcher::names, watcher::get, queue::enqueue, drop);
        settingsInformer = watchSettings(client, ns);
        cache.onAppChange(queue::enqueue);
        cache.onRootChange((key, except) ->
                store.appsTargeting(key).stream().filter(a -> !a.equals(except)).forEach(queue::enqueue));
        Duration period = settings.reconciliationTimeout(config.controller().reconciliationTimeout());
        if (!period.isZero()) {
            // Each round schedules the next one period after it starts (or defers itself, see periodicRound).
            timer.schedule(
                    () -> periodicRound(client, ns, manifests, period), period.toMillis(), TimeUnit.MILLISECONDS);
        }
        LOG.infof(
                "Controller started: Applications in namespace %s%s, refresh every %s",
                ns,
                appNamespaces.anyOther()
                        ? " and "
                                + String.join(
                                        ",", config.applicationNamespaces().get())
                        : "",
                period);
    }

    /**
     * Whether this replica acts on the Application of {@code key} now (always when it runs alone; under sharding,
     * when the app is this replica's): the notifications of an app are sent by the replica that reconciles it.
     */
    public boolean claims(String key) {
        Sharding s = shard;
        return s != null && s.claim(key);
    }

    /** The tool settings of {@code sextant.render.*}. */
    static RenderTools renderTools(SextantConfig.Render render) {
        return RenderTools.DEFAULTS
                .withTimeout(render.toolTimeout())
                .withKustomize(render.kustomizePath()
                        .filter(p -> !p.isBlank())
                        .map(Path::of)
                        .orElse(null))
                .withJsonnet(render.jsonnetPath()
                        .filter(p -> !p.isBlank())
                        .map(Path::of)
                        .orElse(null))
                .withHelm(render.helmPath()
                        .filter(p -> !p.isBlank())
                        .map(Path::of)
                        .orElse(null))
                .withRemoteBases(render.kustomizeRemoteBases())
                .withMaxMemoryBytes(render.toolMemory().asLongValue());
    }

    /** A new round: settings and credentials read again, each repository fetched once, every app queued. */
    private void periodicRound(KubernetesClient client, String ns, GitManifestSource manifests, Duration period) {
        int backlog = queue.backlog();
        long now = System.nanoTime();
        boolean behind = backlog > Math.max(50, watcher.names().size() / 20);
        if (behind && (deferredSince == 0 || now - deferredSince < period.toNanos())) {
            // The previous round (or a push) is still being worked off: a new round now would compare again,
            // and write again, apps that were refreshed moments ago, and push the ones still waiting further
            // back (at 10,000 apps on two cores a round takes longer than a 60 s period). The round starts
            // once the queue is nearly empty, checked every tenth of the period, or one period late at most.
            if (deferredSince == 0) {
                deferredSince = now;
                LOG.infof("The refresh round waits: %d Applications are still queued from the last one", backlog);
            }
            timer.schedule(
                    () -> periodicRound(client, ns, manifests, period),
                    Math.max(1, period.toMillis() / 10),
                    TimeUnit.MILLISECONDS);
            return;
        }
        deferredSince = 0;
        timer.schedule(() -> periodicRound(client, ns, manifests, period), period.toMillis(), TimeUnit.MILLISECONDS);
        try {
            // The new round first: health checks kept in Git are then read at this round's commit.
            manifests.newRound();
            readSettings(client, ns);
            for (String name : watcher.names()) {
                long jitter = ThreadLocalRandom.current().nextLong(Math.max(1, period.toMillis() / 10));
                timer.schedule(() -> queue.enqueue(name), jitter, TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Starting a refresh round failed: %s", e.getMessage());
        }
    }

    /** Settings and the custom health checks they define, read again at every round. */
    private void readSettings(KubernetesClient client, String ns) {
        try {
            settings = ClusterSettings.read(client, ns);
            SecretMasker.useSettings(settings.all());
            HealthChecksFromGit.Loaded fromGit = healthChecksFromGit.load(settings);
            assessor = new HealthAssessor(new CustomHealthChecks(
                    HealthCustomizations.fromSettings(settings.all(), fromGit.scripts(), fromGit.warnings()), lua));
            RenderTools tools = settings.get("kustomize.path")
                    .filter(p -> !p.isBlank())
                    .map(p -> configuredTools.withKustomize(Path.of(p)))
                    .orElse(configuredTools);
            if (manifests != null && !tools.equals(manifests.renderers().tools())) {
                manifests.setRenderers(Renderers.standard(tools));
            }
        } catch (RuntimeException e) {
            LOG.warnf("Cannot read %s: %s; keeping the previous settings", ClusterSettings.CONFIG_MAP, e.getMessage());
        }
    }

    /**
     * sextant-cm changes (ignoreDifferences, health checks) apply at once, as argocd-cm's do: read
     * the settings again and compare every app.
     */
    private SharedIndexInformer<ConfigMap> watchSettings(KubernetesClient client, String ns) {
        Runnable changed = () -> {
            readSettings(client, ns);
            watcher.names().forEach(queue::enqueue);
        };
        return client.configMaps()
                .inNamespace(ns)
                .withName(ClusterSettings.CONFIG_MAP)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(ConfigMap cm) {
                        changed.run();
                    }

                    @Override
                    public void onUpdate(ConfigMap before, ConfigMap after) {
                        if (!Objects.equals(before.getData(), after.getData())) {
                            changed.run();
                        }
                    }

                    @Override
                    public void onDelete(ConfigMap cm, boolean unknown) {
                        changed.run();
                    }
                });
    }

    @Override
    public Optional<SharedIndexInformer<Application>> applicationInformer() {
        ApplicationWatcher w = watcher;
        return w == null ? Optional.empty() : w.runningInformer();
    }

    @Override
    public boolean refreshPushed(String app) {
        RefreshQueue q = queue;
        if (q == null || !claims(app)) {
            return false;
        }
        pushes.ask(app);
        q.enqueue(app);
        return true;
    }

    /**
     * Starts a refresh round now, without jitter: settings and credentials read again, each repository
     * fetched once, every Application compared (what a periodic round does, for the API's "refresh
     * all" and the benchmarks).
     */
    public void refreshAll() {
        manifests.newRound();
        readSettings(client, namespace);
        watcher.names().forEach(queue::enqueue);
    }

    /** The latest comparison of each Application (for pages, the API and tests). */
    public ComparisonStore comparisons() {
        return store;
    }

    @Override
    public Optional<Comparison> comparison(String app) {
        return store.get(app);
    }

    @Override
    public boolean runsController() {
        return cache != null;
    }

    @Override
    public Optional<LiveState> liveObjects(Application app) {
        return liveState(app).map(c -> LiveState.of(c::get, c::childrenOf));
    }

    /** Renders and reads commits of Applications' sources; empty when this process is not a controller. */
    public Optional<GitManifestSource> manifestSource() {
        return Optional.ofNullable(manifests);
    }

    /**
     * The parts of a remote destination cluster: its kinds, a live-state cache watching what Sextant tracks
     * there (its changes requeue the apps, as the local cache's do), dry runs, writes and the sync executor.
     */
    private DestinationCluster openRemote(KubernetesClient remote, ClusterSecret secret) {
        ApiDiscovery discovery = new ApiDiscovery(remote);
        // A cluster limited to namespaces is watched only there (its credentials may read nothing else).
        LiveStateCache liveState =
                new LiveStateCache(remote, TrackingMethod.ANNOTATION, secret.namespaces(), secret.clusterResources());
        try {
            for (String[] kind : LiveStateCache.CHILD_KINDS) {
                discovery.find(kind[0], kind[1]).ifPresent(liveState::watch);
            }
            DryRunApplier dryRun = new DryRunApplier(remote);
            ResourceWriter writer = new ResourceWriter(remote, discovery, dryRun);
            writer.onStored(liveState::observe);
            liveState.onAppChange(name -> queue.enqueue(name));
            liveState.onRootChange((key, except) -> store.appsTargeting(key).stream()
                    .filter(a -> !a.equals(except))
                    .forEach(queue::enqueue));
            return new DestinationCluster(
                    remote.getMasterUrl().toString().replaceAll("/+$", ""),
                    "",
                    remote,
                    discovery,
                    liveState,
                    dryRun,
                    writer,
                    new SyncRun(writer, () -> assessor, liveState::childrenOf),
                    false);
        } catch (RuntimeException e) {
            liveState.close();
            throw e;
        }
    }

    /** The live-state cache of an app's destination cluster; empty when it cannot be had or this is no controller. */
    public Optional<LiveStateCache> liveState(Application app) {
        if (clusters == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(clusters.of(app).cache());
        } catch (DestinationClusters.Unavailable e) {
            return Optional.empty();
        }
    }

    /** The live-state cache; empty when this process is not a controller. */
    public Optional<LiveStateCache> liveState() {
        return Optional.ofNullable(cache);
    }

    /** The rendered-manifest cache (hits and misses for the benchmarks), empty when the controller is off. */
    public Optional<ManifestCache> manifestCache() {
        return Optional.ofNullable(manifests).map(GitManifestSource::cache);
    }

    /** Whether all refreshes asked for so far are done. */
    public boolean idle() {
        return queue == null || queue.idle();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (queue != null) {
            queue.close();
        }
        if (shard != null) {
            shard.close(); // after the workers: others take over once this replica has stopped
        }
        if (settingsInformer != null) {
            settingsInformer.close();
        }
        if (watcher != null) {
            watcher.close();
        }
        if (projects != null) {
            projects.close();
        }
        if (clusters != null) {
            clusters.close(); // the remote clusters' watches and clients
        }
        if (cache != null) {
            cache.close();
        }
        if (manifests != null) {
            manifests.close();
        }
        if (repos != null) {
            repos.close();
        }
        if (lua != null) {
            lua.close();
        }
        if (events != null) {
            events.close();
        }
    }
}
