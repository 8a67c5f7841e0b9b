package io.sextant.controller;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.sextant.kube.ClusterClients;
import io.sextant.kube.ClusterSecret;
import io.sextant.model.Annotations;
import io.sextant.model.Application;
import io.sextant.model.ApplicationDestination;
import io.sextant.sync.ClusterScope;
import io.sextant.sync.Destinations;
import io.sextant.sync.KnownClusters;
import io.sextant.sync.ProjectBounds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The destination clusters of the Applications: the cluster Sextant runs in, and the clusters of cluster
 * Secrets (watched in the control-plane namespace), each opened when the first app needs it and closed when
 * its Secret changes or goes. An app's destination is found by {@code server} or {@code name} as Argo CD
 * finds it; an unknown cluster, a Secret that cannot be used or a cluster that cannot be reached is a
 * {@link Unavailable} naming the cluster (never a credential), so that app shows a condition while the apps
 * of other clusters go on. Thread-safe.
 */
final class DestinationClusters implements KnownClusters, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DestinationClusters.class);
    /** Requests to a remote cluster: long enough for a big list, short enough that a dead one shows soon. */
    static final Duration REMOTE_TIMEOUT = Duration.ofSeconds(30);

    /** The destination cannot be served now, and why (shown as the app's condition). */
    static final class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    private final DestinationCluster local;
    private final BiFunction<KubernetesClient, ClusterSecret, DestinationCluster> opener;
    private final SharedIndexInformer<Secret> secrets;
    /** Open remote clusters by server, with the Secret version they were opened from. */
    private final Map<String, Opened> open = new ConcurrentHashMap<>();

    private record Opened(String secretVersion, DestinationCluster cluster, ClusterSecret secret) {}

    /** How often an open remote cluster is asked whether it still answers. */
    static final Duration PROBE_EVERY = Duration.ofSeconds(5);
    /**
     * Clusters that could not be opened, by server: why and when. Asked again only after {@link #PROBE_EVERY}, so
     * the apps of a dead cluster do not each hold a reconcile worker for a connection timeout.
     */
    private final Map<String, Failed> failedOpen = new ConcurrentHashMap<>();

    private record Failed(long atNanos, String secretVersion, String why) {}

    /** Remote clusters that stopped answering, by server, with why (cleared when they answer again). */
    private final Map<String, String> down = new ConcurrentHashMap<>();

    private final ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sextant-cluster-probe");
        t.setDaemon(true);
        return t;
    });
    private final Consumer<String> onChange;

    /**
     * @param opener the parts of a cluster for its client (discovery, cache with its listeners, writer, sync run)
     * @param onChange called with a cluster's server when its Secret changes or goes (its apps are requeued)
     */
    DestinationClusters(
            KubernetesClient controlPlane,
            String namespace,
            DestinationCluster local,
            BiFunction<KubernetesClient, ClusterSecret, DestinationCluster> opener,
            Consumer<String> onChange) {
        this.local = local;
        this.opener = opener;
        this.onChange = onChange;
        // A cluster that stops answering must show so on its apps, not its last live state as current.
        prober.scheduleWithFixedDelay(
                this::probeOpen, PROBE_EVERY.toMillis(), PROBE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        this.secrets = controlPlane
                .secrets()
                .inNamespace(namespace)
                .withLabel(Annotations.SECRET_TYPE_LABEL, "cluster")
                .inform(
                        new ResourceEventHandler<>() {
                            @Override
                            public void onAdd(Secret s) {
                                changed(s);
                            }

                            @Override
                            public void onUpdate(Secret before, Secret after) {
                                changed(before);
                                changed(after);
                            }

                            @Override
                            public void onDelete(Secret s, boolean unknownFinalState) {
                                changed(s);
                            }

                            private void changed(Secret s) {
                                String server = serverOf(s);
                                if (server == null) {
                                    return;
                                }
                                Opened o = open.get(server);
                                if (o != null
                                        && !o.secretVersion()
                                                .equals(s.getMetadata().getResourceVersion())) {
                                    open.remove(server);
                                    o.cluster().close();
                                }
                                onChange.accept(server);
                            }
                        },
                        0);
    }

    /** The cluster Sextant runs in. */
    DestinationCluster local() {
        return local;
    }

    /**
     * The cluster an app deploys to, opened if needed.
     *
     * @throws Unavailable when it is unknown, its Secret cannot be used, or it cannot be reached
     */
    DestinationCluster of(Application app) {
        ApplicationDestination d = app.getSpec() == null ? null : app.getSpec().getDestination();
        String server = d == null ? null : d.getServer();
        String name = d == null ? null : d.getName();
        Optional<String> refused = Destinations.refusal(server, name, this);
        if (refused.isPresent()) {
            throw new Unavailable(refused.get());
        }
        String s = server != null && !server.isBlank()
                ? server.strip().replaceAll("/+$", "")
                : ProjectBounds.IN_CLUSTER_NAME.equals(name)
                        ? ProjectBounds.IN_CLUSTER_SERVER
                        : serverOf(name).orElseThrow();
        if (ProjectBounds.IN_CLUSTER_SERVER.equals(s)) {
            return local;
        }
        Secret secret = secretOf(s).orElseThrow(() -> new Unavailable("cluster '" + s + "' has not been configured"));
        Opened o = open.get(s);
        if (o != null && o.secretVersion().equals(secret.getMetadata().getResourceVersion())) {
            String why = down.get(s);
            if (why != null) {
                throw new Unavailable(why);
            }
            return o.cluster();
        }
        Failed failed = failedOpen.get(s);
        if (failed != null
                && failed.secretVersion().equals(secret.getMetadata().getResourceVersion())
                && System.nanoTime() - failed.atNanos() < PROBE_EVERY.toNanos()) {
            throw new Unavailable(failed.why());
        }
        synchronized (this) {
            o = open.get(s);
            if (o != null && o.secretVersion().equals(secret.getMetadata().getResourceVersion())) {
                return o.cluster();
            }
            try {
                DestinationCluster opened = openCluster(s, secret);
                failedOpen.remove(s);
                return opened;
            } catch (Unavailable e) {
                failedOpen.put(
                        s, new Failed(System.nanoTime(), secret.getMetadata().getResourceVersion(), e.getMessage()));
                throw e;
            }
        }
    }

    /** Opens the cluster of {@code secret} at {@code s}; the caller holds the lock. */
    private DestinationCluster openCluster(String s, Secret secret) {
        {
            ClusterSecret parsed;
            try {
                parsed = ClusterSecret.parse(secret);
            } catch (ClusterSecret.Invalid e) {
                throw new Unavailable(e.getMessage());
            }
            ClusterClients.Probe probe = ClusterClients.probe(parsed, Duration.ofSeconds(10));
            if (!probe.ok()) {
                throw new Unavailable("cluster " + parsed.displayName() + " (" + s + "): " + probe.message());
            }
            KubernetesClient client = ClusterClients.open(parsed, REMOTE_TIMEOUT);
            DestinationCluster cluster;
            try {
                cluster = opener.apply(client, parsed);
            } catch (RuntimeException e) {
                client.close();
                throw new Unavailable(
                        "cluster " + parsed.displayName() + " (" + s + "): cannot watch it: " + e.getMessage());
            }
            down.remove(s);
            Opened previous = open.put(s, new Opened(secret.getMetadata().getResourceVersion(), cluster, parsed));
            if (previous != null) {
                previous.cluster().close();
            }
            LOG.infof(
                    "Opened destination cluster %s (%s), Kubernetes %s",
                    parsed.displayName(), s, probe.serverVersion());
            return cluster;
        }
    }

    /** Asks every open remote cluster whether it answers; a change either way requeues its apps. */
    private void probeOpen() {
        for (Map.Entry<String, Opened> e : open.entrySet()) {
            try {
                ClusterClients.Probe p = ClusterClients.probe(e.getValue().secret(), Duration.ofSeconds(3));
                String server = e.getKey();
                if (p.ok() && down.remove(server) != null) {
                    LOG.infof("Destination cluster %s answers again", server);
                    onChange.accept(server);
                } else if (!p.ok()
                        && down.put(
                                        server,
                                        "cluster " + e.getValue().secret().displayName() + " (" + server
                                                + ") does not answer: " + p.message())
                                == null) {
                    LOG.warnf("Destination cluster %s does not answer: %s", server, p.message());
                    onChange.accept(server);
                }
            } catch (RuntimeException ex) {
                LOG.debugf("Probing cluster %s failed: %s", e.getKey(), ex.getMessage());
            }
        }
    }

    @Override
    public Optional<String> serverOf(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return secrets.getStore().list().stream()
                .filter(s -> name.equals(ClusterSecret.value(s, "name")))
                .map(DestinationClusters::serverOf)
                .filter(Objects::nonNull)
                .findFirst();
    }

    @Override
    public Optional<String> projectOf(String server) {
        return secretOf(server)
                .map(s -> ClusterSecret.value(s, "project"))
                .map(String::strip)
                .filter(p -> !p.isEmpty());
    }

    @Override
    public Optional<ClusterScope> scopeOf(String server) {
        // Asked for every resource of every comparison: read the two keys, not the whole config (a Secret
        // that does not parse is never opened, and its apps say why).
        return secretOf(server).flatMap(s -> {
            String list = ClusterSecret.value(s, "namespaces");
            List<String> namespaces = list == null
                    ? List.of()
                    : Arrays.stream(list.split(","))
                            .map(String::strip)
                            .filter(n -> !n.isEmpty())
                            .toList();
            String resources = ClusterSecret.value(s, "clusterResources");
            return namespaces.isEmpty()
                    ? Optional.empty()
                    : Optional.of(new ClusterScope(
                            nameOf(server).orElse(server),
                            namespaces,
                            resources != null && resources.strip().equalsIgnoreCase("true")));
        });
    }

    @Override
    public Optional<String> nameOf(String server) {
        return secretOf(server)
                .map(s -> ClusterSecret.value(s, "name") == null
                                || ClusterSecret.value(s, "name").isBlank()
                        ? server
                        : ClusterSecret.value(s, "name"));
    }

    private Optional<Secret> secretOf(String server) {
        if (server == null) {
            return Optional.empty();
        }
        String s = server.strip().replaceAll("/+$", "");
        return secrets.getStore().list().stream()
                .filter(x -> s.equals(serverOf(x)))
                .findFirst();
    }

    private static String serverOf(Secret s) {
        String v = ClusterSecret.value(s, "server");
        return v == null || v.isBlank() ? null : v.strip().replaceAll("/+$", "");
    }

    /** Every open cluster, the local one first. */
    List<DestinationCluster> all() {
        List<DestinationCluster> out = new ArrayList<>();
        out.add(local);
        open.values().forEach(o -> out.add(o.cluster()));
        return out;
    }

    @Override
    public void close() {
        prober.shutdownNow();
        secrets.close();
        open.values().forEach(o -> o.cluster().close());
        open.clear();
    }
}
