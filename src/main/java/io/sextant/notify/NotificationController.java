package io.sextant.notify;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sextant.config.SextantConfig;
import io.sextant.controller.ApplicationController;
import io.sextant.controller.OperationEvents;
import io.sextant.model.AppKey;
import io.sextant.model.AppProject;
import io.sextant.model.Application;
import io.sextant.model.OperationPhase;
import io.sextant.model.OperationState;
import io.sextant.model.SyncOperationResult;
import io.sextant.notify.NotifiedState.Pending;
import io.sextant.operation.FaultPoint;
import io.sextant.operation.FaultPoints;
import io.sextant.sync.ApplicationNamespaces;
import io.sextant.template.GoTemplate;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Notifications in the controller role (Argo CD's operator-manual/notifications): watches the Applications this
 * replica reconciles, their AppProjects and the two settings objects; on each change of an app it looks, on one
 * thread of its own, at which subscribed triggers now hold ({@link TriggerEvaluator}), records the notifications
 * that became due on the Application (notified and pending annotations, one merge patch) and only then hands them
 * to {@link Deliveries}; a delivery's end removes its pending record (one more patch), and a final failure is a
 * Warning Event {@code NotificationFailed} on the app. Pending records found on an app (a controller stopped
 * before delivering, or the app moved to this replica) are delivered again, so nothing due is lost and nothing
 * delivered is recorded twice; the one window left is a stop between an endpoint's answer and the removal of its
 * record, which delivers that one notification again. Problems of configuration (a trigger that does not parse, a
 * template naming a missing field, a service not configured) are logged once, counted, and an Event
 * {@code NotificationConfigurationError} on each app they touch, once per process.
 */
@Singleton
public class NotificationController {

    private static final Logger LOG = Logger.getLogger(NotificationController.class);
    static final String FAILED = "NotificationFailed";
    static final String CONFIG_ERROR = "NotificationConfigurationError";
    /** Writes merge patches with their nulls (a null removes an annotation). */
    private static final com.fasterxml.jackson.databind.ObjectMapper PATCH_JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private KubernetesClient client;
    private String namespace;
    private ApplicationController controller;
    private MeterRegistry registry;
    private ApplicationNamespaces appNamespaces;
    private volatile NotificationSettings settings = NotificationSettings.empty();
    private volatile Map<String, String> secretValues = Map.of();
    private SharedIndexInformer<Application> apps;
    private SharedIndexInformer<AppProject> projects;
    private SharedIndexInformer<ConfigMap> configMap;
    private SharedIndexInformer<Secret> secret;
    private ExecutorService looker;
    private Deliveries deliveries;
    private EmailSender email;
    private OperationEvents events;
    private volatile boolean running;
    private java.util.concurrent.ScheduledExecutorService timer;
    /** Apps with a look scheduled for when their last operation's status has settled. */
    private final Set<String> waiting = ConcurrentHashMap.newKeySet();
    /** How long after an operation finished its app is judged (see {@link #settled}). */
    static final int SETTLE_SECONDS = 3;

    /** Apps waiting for a look, in order, each once. */
    private final Set<String> queued = new LinkedHashSet<>();
    /** Per app uid: the state as this replica last wrote it (newer than the watch's copy until that catches up). */
    private final Map<String, NotifiedState> states = new ConcurrentHashMap<>();
    /** Per app uid: the pending keys being delivered by this process now. */
    private final Map<String, Set<String>> inFlight = new ConcurrentHashMap<>();
    /** Problems already reported: app uid + text (for Events), and texts (for the log). */
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    void onStart(
            @Observes @Priority(120) StartupEvent event,
            KubernetesClient client,
            SextantConfig config,
            ApplicationController controller,
            MeterRegistry registry,
            Vertx vertx) {
        if (!config.roles().contains("controller") || !config.notifications().enabled()) {
            return;
        }
        this.client = client;
        this.namespace = config.namespace();
        this.controller = controller;
        this.registry = registry;
        this.appNamespaces = new ApplicationNamespaces(
                namespace, config.applicationNamespaces().orElse(List.of()));
        this.events = new OperationEvents(client);
        this.email = new EmailSender(vertx);
        HttpSenders http =
                new HttpSenders(new AddressGuard(client.getMasterUrl().toString()));
        this.deliveries = new Deliveries(
                Map.of("webhook", http.webhook(), "slack", http.slack(), "email", email),
                new Deliveries.Policy(
                        config.notifications().timeout(),
                        config.notifications().retries(),
                        config.notifications().retryBackoff()),
                registry,
                this::scrub,
                done -> look(() -> delivered(done)));
        this.looker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sextant-notifications");
            t.setDaemon(true);
            return t;
        });
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sextant-notifications-timer");
            t.setDaemon(true);
            return t;
        });
        running = true;
        configMap = client.configMaps()
                .inNamespace(namespace)
                .withName(NotificationSettings.CONFIG_MAP)
                .inform(new Changes<>(x -> look(this::settingsChanged)));
        secret = client.secrets()
                .inNamespace(namespace)
                .withName(NotificationSettings.SECRET)
                .inform(new Changes<>(x -> look(this::settingsChanged)));
        projects = client.resources(AppProject.class).inNamespace(namespace).inform(new Changes<>(p -> lookAtAll()));
        apps = (appNamespaces.anyOther()
                        ? client.resources(Application.class).inAnyNamespace()
                        : client.resources(Application.class).inNamespace(namespace))
                .inform(
                        new Changes<>(app -> {
                            if (appNamespaces.enabled(app.getMetadata().getNamespace())) {
                                enqueue(AppKey.of(app, namespace));
                            }
                        }) {
                            @Override
                            public void onDelete(Application app, boolean unknown) {
                                // Gone: what was kept for it goes too, on the looking thread (a delivery under way
                                // still ends, and is logged).
                                String uid = app.getMetadata().getUid();
                                look(() -> {
                                    states.remove(uid);
                                    inFlight.remove(uid);
                                    reported.removeIf(k -> k.startsWith(uid + ":"));
                                });
                            }
                        });
        // Settings are read on the looking thread only, so a ConfigMap and a Secret changed together end as both say.
        look(this::settingsChanged);
        LOG.infof(
                "Notifications on: settings in ConfigMap %s and Secret %s",
                NotificationSettings.CONFIG_MAP, NotificationSettings.SECRET);
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        for (SharedIndexInformer<?> i : new SharedIndexInformer<?>[] {apps, projects, configMap, secret}) {
            if (i != null) {
                i.close();
            }
        }
        // The looking thread first: nothing new is recorded while deliveries stop; what is pending stays on the apps.
        if (looker != null) {
            looker.shutdownNow();
            try {
                looker.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (deliveries != null) {
            deliveries.close();
        }
        if (timer != null) {
            timer.shutdownNow();
        }
        if (email != null) {
            email.close();
        }
        if (events != null) {
            events.close();
        }
    }

    /** The settings as this controller reads them now. */
    public NotificationSettings settings() {
        return settings;
    }

    // ---- settings

    private void settingsChanged() {
        ConfigMap cm = configMap == null
                ? null
                : configMap.getStore().getByKey(namespace + "/" + NotificationSettings.CONFIG_MAP);
        Secret s = secret == null ? null : secret.getStore().getByKey(namespace + "/" + NotificationSettings.SECRET);
        Map<String, String> values = decode(s);
        NotificationSettings next =
                NotificationSettings.parse(cm == null || cm.getData() == null ? Map.of() : cm.getData(), values);
        secretValues = values;
        settings = next;
        next.problems().forEach((key, why) -> {
            if (reported.add("log:" + key + ":" + why)) {
                LOG.warnf("%s: %s is off: %s", NotificationSettings.CONFIG_MAP, key, scrub(why));
                problemCounter("configuration");
            }
        });
        lookAtAll();
    }

    static Map<String, String> decode(Secret s) {
        Map<String, String> out = new LinkedHashMap<>();
        if (s != null && s.getData() != null) {
            s.getData()
                    .forEach((k, v) -> out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (s != null && s.getStringData() != null) {
            out.putAll(s.getStringData());
        }
        return out;
    }

    /** A text bound for a log line or an Event without the Secret's values in it. */
    String scrub(String text) {
        String out = text == null ? "" : text;
        for (String v : secretValues.values()) {
            if (v != null && v.length() >= 3) {
                out = out.replace(v, "***");
            }
        }
        return out;
    }

    // ---- the looking thread

    private void lookAtAll() {
        if (apps != null) {
            apps.getStore().list().forEach(a -> {
                if (appNamespaces.enabled(a.getMetadata().getNamespace())) {
                    enqueue(AppKey.of(a, namespace));
                }
            });
        }
    }

    private void enqueue(String key) {
        boolean first;
        synchronized (queued) {
            first = queued.add(key);
        }
        if (first) {
            look(() -> {
                synchronized (queued) {
                    queued.remove(key);
                }
                lookAt(key);
            });
        }
    }

    private void look(Runnable r) {
        if (!running) {
            return;
        }
        try {
            looker.execute(() -> {
                try {
                    r.run();
                } catch (RuntimeException | StackOverflowError e) {
                    LOG.warnf("Notifications: %s", scrub(String.valueOf(e.getMessage())));
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping
        }
    }

    private Application app(String key) {
        if (apps == null) {
            return null; // still starting: the first look at every app comes once the watch is up
        }
        String ns = AppKey.namespace(key, namespace);
        return apps.getStore().getByKey(ns + "/" + AppKey.name(key));
    }

    private void lookAt(String key) {
        Application app = app(key);
        if (app == null) {
            return;
        }
        String uid = app.getMetadata().getUid();
        if (!controller.claims(key)) {
            states.remove(uid);
            inFlight.remove(uid);
            return;
        }
        if (!settled(key, app)) {
            return;
        }
        NotificationSettings now = settings;
        AppProject project = projects.getStore().getByKey(namespace + "/" + projectOf(app));
        List<Subscriptions.Subscription> subs = Subscriptions.of(app, project, now);
        Map<String, String> annotations = app.getMetadata().getAnnotations();
        boolean hasState = annotations != null
                && (annotations.containsKey(NotifiedState.NOTIFIED) || annotations.containsKey(NotifiedState.PENDING));
        if (subs.isEmpty() && !hasState) {
            states.remove(uid);
            return;
        }
        NotifiedState state = current(uid, annotations);
        NotifiedState before = NotifiedState.of(state.annotations());
        boolean forged = state.dropForgedPending();
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = client.getKubernetesSerialization().convertValue(app, Map.class);
        TriggerEvaluator.Outcome outcome =
                TriggerEvaluator.evaluate(tree, subs, now, state, Instant.now().getEpochSecond());
        outcome.problems().forEach(p -> problem(app, p));
        if (outcome.changed() || forged) {
            if (!write(app, state)) {
                states.put(uid, before); // not recorded: nothing is sent, the next look decides again
                return;
            }
            states.put(uid, state);
            if (!outcome.due().isEmpty()) {
                FaultPoints.reach(
                        FaultPoint.NOTIFICATION_RECORDED, app.getMetadata().getName());
            }
        }
        // Due now, and recorded earlier but not delivered (a stopped controller, or an app that moved here).
        Set<String> flying = inFlight.computeIfAbsent(uid, u -> ConcurrentHashMap.newKeySet());
        for (Pending p : state.pending()) {
            if (flying.add(p.key())) {
                send(app, tree, p, now, state);
            }
        }
    }

    /**
     * Whether the app's status can be judged now. A sync whose revision is not known yet is waited for (its state
     * changes when it is). The status written with an operation's end carries the health seen before the sync's
     * changes took effect (Argo CD skips an app until it is reconciled after the operation finished), so an app
     * is judged {@value #SETTLE_SECONDS} s after its operation finished, on the status then known; a look is
     * scheduled for that moment.
     */
    private boolean settled(String key, Application app) {
        OperationState op = app.getStatus() == null ? null : app.getStatus().getOperationState();
        if (op == null) {
            return true;
        }
        if (OperationPhase.inProgress(op.getPhase())) {
            SyncOperationResult r = op.getSyncResult();
            return r != null
                    && (r.getRevision() != null
                            || r.getRevisions() != null && !r.getRevisions().isEmpty());
        }
        if (op.getFinishedAt() == null) {
            return true;
        }
        Instant judged;
        try {
            judged = Instant.parse(op.getFinishedAt()).plusSeconds(SETTLE_SECONDS);
        } catch (java.time.format.DateTimeParseException e) {
            return true;
        }
        long wait = java.time.Duration.between(Instant.now(), judged).toMillis();
        if (wait <= 0) {
            return true;
        }
        if (waiting.add(key)) {
            timer.schedule(
                    () -> {
                        waiting.remove(key);
                        enqueue(key);
                    },
                    wait + 50,
                    TimeUnit.MILLISECONDS);
        }
        return false;
    }

    private static String projectOf(Application app) {
        String p = app.getSpec() == null ? null : app.getSpec().getProject();
        return p == null || p.isBlank() ? "default" : p;
    }

    private void send(
            Application app, Map<String, Object> tree, Pending p, NotificationSettings now, NotifiedState state) {
        String key = AppKey.of(app, namespace);
        NotificationSettings.Service service = now.service(p.service()).orElse(null);
        NotificationSettings.Trigger trigger = now.trigger(p.trigger()).orElse(null);
        String error = null;
        Notification n = null;
        if (service == null) {
            error = "service " + p.service() + " is not configured any more";
        } else if (trigger == null || p.condition() >= trigger.conditions().size()) {
            error = "trigger " + p.trigger() + " is not configured any more";
        } else {
            try {
                n = Renderer.render(
                        trigger.conditions().get(p.condition()).send(), now, tree, p.service(), p.recipient());
            } catch (GoTemplate.TemplateException e) {
                error = e.getMessage();
            }
        }
        if (error == null
                && !deliveries.submit(new Deliveries.Job(
                        key,
                        service,
                        p.recipient(),
                        n,
                        new Tag(app.getMetadata().getUid(), p),
                        1))) {
            // Full (or stopping): the record stays pending on the app and is tried again in a while.
            Set<String> flying = inFlight.get(app.getMetadata().getUid());
            if (flying != null) {
                flying.remove(p.key());
            }
            if (running && waiting.add(key + " (queue)")) {
                LOG.warnf("Notifications: the send queue is full (%d); %s waits", Deliveries.QUEUE, key);
                timer.schedule(
                        () -> {
                            waiting.remove(key + " (queue)");
                            enqueue(key);
                        },
                        30,
                        TimeUnit.SECONDS);
            }
            return;
        }
        if (error != null) {
            // Not sendable as configured: a configuration problem of this app; its record goes (nothing to retry).
            problem(app, "Notification " + p.trigger() + " to " + destination(p) + " cannot be sent: " + error);
            Tag tag = new Tag(app.getMetadata().getUid(), p);
            look(() -> settle(key, tag));
        }
    }

    /** What a delivery job carries back: the app and its pending record. */
    private record Tag(String uid, Pending pending) {}

    private static String destination(Pending p) {
        return p.service() + (p.recipient().isEmpty() ? "" : ":" + p.recipient());
    }

    /** On the looking thread: a delivery ended; a failure is told, and its pending record goes. */
    private void delivered(Deliveries.Done done) {
        Tag tag = (Tag) done.job().tag();
        if (done.error() != null) {
            String message = "Notification " + tag.pending().trigger() + " to " + destination(tag.pending())
                    + " failed: " + scrub(done.error());
            LOG.warnf("Application %s: %s", done.job().app(), message);
            Application app = app(done.job().app());
            if (app != null) {
                events.post(app, "Warning", FAILED, message);
            }
        }
        settle(done.job().app(), tag);
    }

    /** On the looking thread: the pending record of a notification that ended (sent or not) is removed. */
    private void settle(String key, Tag tag) {
        Set<String> flying = inFlight.get(tag.uid());
        if (flying != null) {
            flying.remove(tag.pending().key());
            if (flying.isEmpty()) {
                inFlight.remove(tag.uid());
            }
        }
        Application app = app(key);
        if (app == null || !app.getMetadata().getUid().equals(tag.uid()) || !controller.claims(key)) {
            // Gone, or another replica's now: its state is the new owner's to write.
            states.remove(tag.uid());
            return;
        }
        NotifiedState state = current(tag.uid(), app.getMetadata().getAnnotations());
        if (state.removePending(tag.pending().key()) && write(app, state)) {
            states.put(tag.uid(), state);
        }
    }

    /**
     * The state to decide on: what this controller wrote last while the watch has not shown it yet, else the
     * watch's copy (so an edit by someone else, such as removing the notified annotation to send again, counts).
     */
    private NotifiedState current(String uid, Map<String, String> annotations) {
        NotifiedState watched = NotifiedState.of(annotations);
        NotifiedState written = states.get(uid);
        if (written == null || written.sameAs(watched)) {
            states.remove(uid);
            return watched;
        }
        return written;
    }

    /** One merge patch of the two annotations; false when it could not be written. */
    private boolean write(Application app, NotifiedState state) {
        Map<String, Object> patch = Map.of("metadata", Map.of("annotations", state.annotations()));
        try {
            io.sextant.kube.MergePatch.apply(
                    client,
                    Application.class,
                    app.getMetadata().getNamespace(),
                    app.getMetadata().getName(),
                    PATCH_JSON.writeValueAsString(patch));
            return true;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (KubernetesClientException e) {
            LOG.warnf(
                    "Application %s/%s: the notification state could not be written (%s); nothing is sent until it is",
                    app.getMetadata().getNamespace(),
                    app.getMetadata().getName(),
                    e.getCode() == 0 ? e.getClass().getSimpleName() : "HTTP " + e.getCode());
            return false;
        }
    }

    private void problem(Application app, String text) {
        String clean = scrub(text);
        if (reported.add("log:" + clean)) {
            LOG.warnf("Notifications: %s", clean);
            problemCounter("configuration");
        }
        if (reported.add(app.getMetadata().getUid() + ":" + clean)) {
            events.post(app, "Warning", CONFIG_ERROR, clean);
        }
    }

    private void problemCounter(String kind) {
        if (registry != null) {
            registry.counter("sextant.notifications.problems", "kind", kind).increment();
        }
    }

    /** Any add, change or delete of a watched object calls {@code changed} with it. */
    private static class Changes<T> implements ResourceEventHandler<T> {
        private final java.util.function.Consumer<T> changed;

        Changes(java.util.function.Consumer<T> changed) {
            this.changed = changed;
        }

        @Override
        public void onAdd(T obj) {
            changed.accept(obj);
        }

        @Override
        public void onUpdate(T oldObj, T newObj) {
            changed.accept(newObj);
        }

        @Override
        public void onDelete(T obj, boolean deletedFinalStateUnknown) {
            changed.accept(obj);
        }
    }

    /** How many deliveries wait or run (for the benchmark and tests). */
    public int backlog() {
        return deliveries == null ? 0 : deliveries.backlog();
    }

    /** Waits at most {@code millis} for the looking thread to pass everything queued before now. */
    void drain(long millis) throws InterruptedException {
        java.util.concurrent.CountDownLatch l = new java.util.concurrent.CountDownLatch(1);
        look(l::countDown);
        l.await(millis, TimeUnit.MILLISECONDS);
    }
}
