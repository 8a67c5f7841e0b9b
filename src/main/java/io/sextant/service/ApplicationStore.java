package io.sextant.service;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.sextant.config.SextantConfig;
import io.sextant.controller.ControllerReads;
import io.sextant.kube.ApiServerWatch;
import io.sextant.model.AppKey;
import io.sextant.model.Application;
import io.sextant.sync.ApplicationNamespaces;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The server's own view of the Applications in the control-plane namespace and the further namespaces
 * of {@code sextant.application-namespaces}: a watch-fed copy kept sorted by {@link AppKey}, so lists of 10,000 apps, pages and streams never ask the API server, and a fan-out
 * of changes to subscribers (SSE streams, live pages). Independent of the controller's watch, since
 * the server and the controller may run as separate processes.
 *
 * <p>Writes made through this process are {@link #remember remembered} at once, so a client that
 * creates an app and lists right after sees it, whatever the watch's delay.
 *
 * <p>Listeners run on the watch's thread: they must hand work off and return quickly; one that
 * throws is logged and kept.
 */
@ApplicationScoped
public class ApplicationStore {

    private static final Logger LOG = Logger.getLogger(ApplicationStore.class);

    private final KubernetesClient client;
    private final SextantConfig config;
    private final ConcurrentSkipListMap<String, Application> byName = new ConcurrentSkipListMap<>();
    private final List<Consumer<ApplicationEvent>> listeners = new CopyOnWriteArrayList<>();
    private final boolean watching;
    private final ApplicationNamespaces namespaces;
    private volatile SharedIndexInformer<Application> informer;
    /** Whether {@link #informer} is the controller's (shared, closed by the controller), not our own. */
    private volatile boolean shared;

    private volatile Instant downSince;
    private final ControllerReads controller;

    @Inject
    public ApplicationStore(KubernetesClient client, SextantConfig config, ControllerReads controller) {
        this(client, config, true, controller);
    }

    private ApplicationStore(
            KubernetesClient client, SextantConfig config, boolean watching, ControllerReads controller) {
        this.client = client;
        this.config = config;
        this.watching = watching;
        this.controller = controller;
        this.namespaces = new ApplicationNamespaces(
                config.namespace(), config.applicationNamespaces().orElse(List.of()));
        AppKey.useControlPlane(config.namespace());
    }

    /**
     * A store that asks the API server on every read and never watches: for the one-shot CLI, where
     * starting a watch would cost more than the one list it serves. It has no subscribers.
     */
    public static ApplicationStore unwatched(KubernetesClient client, SextantConfig config) {
        return new ApplicationStore(client, config, false, null);
    }

    /**
     * Since when this process has found its Application watch down (its API server unreachable or
     * refusing it), or empty while the watch runs or before it started: the pages then say that what they
     * show may be stale instead of showing it as current. The time is when a reader first noticed.
     */
    public Optional<Instant> watchDownSince() {
        SharedIndexInformer<Application> current = informer;
        if (current == null || current.isWatching()) {
            downSince = null;
            return Optional.empty();
        }
        Instant since = downSince;
        if (since == null) {
            since = Instant.now();
            downSince = since;
        }
        return Optional.of(since);
    }

    /** Which namespaces hold the Applications served. */
    public ApplicationNamespaces namespaces() {
        return namespaces;
    }

    /** All Applications, sorted by key (the control plane's by name). */
    public List<Application> all() {
        if (!watching) {
            var apps = namespaces.anyOther()
                    ? client.resources(Application.class).inAnyNamespace().list()
                    : client.resources(Application.class)
                            .inNamespace(config.namespace())
                            .list();
            return apps.getItems().stream()
                    .filter(a -> namespaces.enabled(a.getMetadata().getNamespace()))
                    .sorted(Comparator.comparing(AppKey::of))
                    .toList();
        }
        started();
        return new ArrayList<>(byName.values());
    }

    /**
     * The Application a reference names ({@link AppKey#parse}: a name, {@code namespace/name} or a key),
     * if the watch (or a write of ours) has seen it; empty for a namespace not served.
     */
    public Optional<Application> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String key = AppKey.parse(name);
        if (!namespaces.enabled(AppKey.namespace(key))) {
            return Optional.empty();
        }
        if (!watching) {
            return Optional.ofNullable(client.resources(Application.class)
                    .inNamespace(AppKey.namespace(key))
                    .withName(AppKey.name(key))
                    .get());
        }
        started();
        return Optional.ofNullable(byName.get(key));
    }

    /** How many Applications there are. */
    public int size() {
        if (!watching) {
            return all().size();
        }
        started();
        return byName.size();
    }

    /**
     * Calls {@code listener} for every later change; close the result to stop. Listeners should
     * read {@link #all()} first when they need the current state, then apply events.
     */
    public AutoCloseable subscribe(Consumer<ApplicationEvent> listener) {
        if (!watching) {
            throw new UnsupportedOperationException("an unwatched store has no events");
        }
        started();
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Takes in an Application this process just wrote, unless the watch already has a newer one. */
    public void remember(Application app) {
        if (app == null || app.getMetadata() == null || app.getMetadata().getName() == null) {
            return;
        }
        if (!watching) {
            return;
        }
        started();
        byName.compute(AppKey.of(app), (name, known) -> newer(app, known) ? app : known);
    }

    /** Drops an Application this process just deleted (the watch's DELETED event follows). */
    public void forget(String name) {
        if (!watching) {
            return;
        }
        started();
        byName.remove(AppKey.parse(name));
    }

    private void started() {
        if (informer != null) {
            return;
        }
        synchronized (this) {
            if (informer != null) {
                return;
            }
            // With the controller in this process, its watch of the same Applications serves the pages too:
            // one watch stream and one copy of each app instead of two (at 10,000 apps, a second watch cost
            // the API server and this process a decode of every status write, and 10-20 KB of heap per app).
            // A handler added to a running informer hears of every app it holds first.
            Optional<SharedIndexInformer<Application>> theirs =
                    controller == null ? Optional.empty() : controller.applicationInformer();
            shared = theirs.isPresent();
            SharedIndexInformer<Application> watching = theirs.map(i -> {
                        i.addEventHandler(new Handler());
                        return i;
                    })
                    .orElseGet(() -> namespaces.anyOther()
                            ? client.resources(Application.class)
                                    .inAnyNamespace()
                                    .inform(new Handler(), 0)
                            : client.resources(Application.class)
                                    .inNamespace(config.namespace())
                                    .inform(new Handler(), 0));
            try {
                // The first list is complete before anyone reads: an empty answer then means no apps.
                watching.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warnf(
                        "The Application watch did not start in 30 s (%s); lists stay empty until it does",
                        e.getMessage());
            }
            // The handler hears of the first list's items on the informer's own thread, after start()
            // returns; its store holds them all already, so the first reader (a webhook right after the
            // server started) sees every app, not the part the handler got to. A delete is applied to the
            // store before its handler runs, so nothing deleted is brought back here.
            for (Application app : watching.getStore().list()) {
                slim(app);
                if (namespaces.enabled(app.getMetadata().getNamespace())) {
                    byName.compute(AppKey.of(app), (n, known) -> newer(app, known) ? app : known);
                }
            }
            informer = watching;
            ApiServerWatch.watchedBy(watching::isWatching);
        }
    }

    /** Without managedFields, as the controller keeps them: no page or API answer shows them. */
    private static void slim(Application app) {
        io.sextant.controller.ApplicationWatcher.slim(app);
    }

    private static boolean newer(Application candidate, Application known) {
        if (known == null) {
            return true;
        }
        String a = candidate.getMetadata().getResourceVersion();
        String b = known.getMetadata().getResourceVersion();
        if (a == null || b == null) {
            return a != null || b == null;
        }
        try {
            // resourceVersions are opaque, but the API server in use issues etcd revisions: numbers.
            return Long.parseLong(a) >= Long.parseLong(b);
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private void publish(ApplicationEvent event) {
        for (Consumer<ApplicationEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.warnf(e, "An Application listener failed on %s %s", event.type(), event.name());
            }
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (informer != null) {
            ApiServerWatch.watchedBy(() -> true); // a closed watch is no news about the API server
            if (!shared) {
                informer.close();
            }
        }
    }

    private final class Handler implements ResourceEventHandler<Application> {
        @Override
        public void onAdd(Application app) {
            slim(app);
            if (!namespaces.enabled(app.getMetadata().getNamespace())) {
                return;
            }
            byName.compute(AppKey.of(app), (n, known) -> newer(app, known) ? app : known);
            publish(new ApplicationEvent(ApplicationEvent.Type.ADDED, app));
        }

        @Override
        public void onUpdate(Application before, Application after) {
            slim(after);
            if (!namespaces.enabled(after.getMetadata().getNamespace())) {
                return;
            }
            byName.compute(AppKey.of(after), (n, known) -> newer(after, known) ? after : known);
            publish(new ApplicationEvent(ApplicationEvent.Type.MODIFIED, after));
        }

        @Override
        public void onDelete(Application app, boolean unknownFinalState) {
            if (!namespaces.enabled(app.getMetadata().getNamespace())) {
                return;
            }
            byName.remove(AppKey.of(app));
            publish(new ApplicationEvent(ApplicationEvent.Type.DELETED, app));
        }
    }
}
