package io.sextant.controller;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sextant.model.Application;
import io.sextant.model.Operation;
import io.sextant.model.OperationPhase;
import io.sextant.model.OperationState;
import io.sextant.repo.git.Redactor;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Kubernetes Events on the Application when a sync starts and ends, with Argo CD's reasons:
 * {@code OperationStarted} (Normal), {@code OperationCompleted} (Normal when it succeeded,
 * Warning otherwise). {@code kubectl describe application} and the API's {@code events} show them.
 *
 * <p>Best effort and bounded, so Events never slow or fail a sync: they are written by one thread
 * of their own from a queue of {@value #QUEUE} (Events beyond are dropped and counted in the log),
 * and a failed write is only logged. Once the queue is half full, only {@code OperationCompleted} is
 * queued: under a burst of syncs each app's outcome is worth more than the news that it started.
 * Normal Events (a sync started, a sync succeeded) are also held to {@value #NORMAL_PER_SECOND} a second
 * with bursts of {@value #NORMAL_BURST}; those beyond are dropped and counted, Warnings always queue. A push
 * that syncs 10,000 apps would otherwise write 10,000–20,000 Events, each a create costing the API server
 * about a fifth of the sync it reports (issue 28: Events are to cost under a tenth of a round). What every
 * sync did stays in the Application's history and operationState; Argo CD writes both Events for every
 * sync (its event recorder has no such bound).
 * Messages carry the revision and the operation's own message, already free of Secret values, with
 * credentials in URLs redacted once more and the length capped.
 */
public final class OperationEvents implements OperationObserver, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(OperationEvents.class);
    static final String STARTED = "OperationStarted";
    static final String COMPLETED = "OperationCompleted";
    static final String COMPONENT = "sextant-application-controller";
    static final int QUEUE = 256;
    static final int MAX_MESSAGE = 1024;
    static final int NORMAL_PER_SECOND = 20;
    static final int NORMAL_BURST = 100;

    private final KubernetesClient client;
    private final String instance;
    private final ThreadPoolExecutor writer;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong overBudget = new AtomicLong();
    /** Normal Events that may be queued now (a token bucket), and when it was last filled. */
    private double normalTokens = NORMAL_BURST;

    private long normalFilledAt = System.nanoTime();

    public OperationEvents(KubernetesClient client) {
        this.client = client;
        this.instance = System.getenv().getOrDefault("HOSTNAME", "sextant");
        this.writer = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUE),
                r -> {
                    Thread t = new Thread(r, "sextant-events");
                    t.setDaemon(true);
                    return t;
                },
                (r, pool) -> drop());
    }

    private void drop() {
        if (dropped.incrementAndGet() % 100 == 1) {
            LOG.warnf("Kubernetes Events are written slower than they come: %d dropped so far", dropped.get());
        }
    }

    @Override
    public void started(Application app, Operation op) {
        boolean automated = op.getInitiatedBy() != null
                && Boolean.TRUE.equals(op.getInitiatedBy().getAutomated());
        String revision = op.getSync() != null
                        && op.getSync().getRevision() != null
                        && !op.getSync().getRevision().isBlank()
                ? op.getSync().getRevision()
                : op.getSync() != null
                                && op.getSync().getRevisions() != null
                                && !op.getSync().getRevisions().isEmpty()
                        ? String.join(",", op.getSync().getRevisions())
                        : MultiSource.of(app)
                                ? String.join(
                                        ",",
                                        MultiSource.sourcesOf(app).stream()
                                                .map(s ->
                                                        s.getTargetRevision() == null ? "HEAD" : s.getTargetRevision())
                                                .toList())
                                : app.getSpec().getSource() != null
                                                && app.getSpec().getSource().getTargetRevision() != null
                                        ? app.getSpec().getSource().getTargetRevision()
                                        : "HEAD";
        String who = op.getInitiatedBy() == null || op.getInitiatedBy().getUsername() == null
                ? "Unknown user"
                : op.getInitiatedBy().getUsername();
        String message =
                automated ? "Initiated automated sync to '" + revision + "'" : who + " initiated sync to " + revision;
        post(app, "Normal", STARTED, message);
    }

    @Override
    public void finished(Application app, OperationState state) {
        boolean partial = state.getOperation() != null
                && state.getOperation().getSync() != null
                && state.getOperation().getSync().getResources() != null
                && !state.getOperation().getSync().getResources().isEmpty();
        StringBuilder message = new StringBuilder(partial ? "Partial sync operation" : "Sync operation");
        if (state.getSyncResult() != null && state.getSyncResult().getRevision() != null) {
            message.append(" to ").append(state.getSyncResult().getRevision());
        }
        boolean ok = OperationPhase.SUCCEEDED.is(state.getPhase());
        if (ok) {
            message.append(" succeeded");
        } else {
            message.append(" failed: ").append(state.getMessage() == null ? state.getPhase() : state.getMessage());
        }
        post(app, ok ? "Normal" : "Warning", COMPLETED, message.toString());
    }

    /** Queues an Event on the Application (others' reasons too, e.g. the notifications'); never blocks. */
    public void post(Application app, String type, String reason, String message) {
        if (STARTED.equals(reason) && writer.getQueue().size() >= QUEUE / 2) {
            drop(); // room kept for outcomes
            return;
        }
        if ("Normal".equals(type) && !takeNormal()) {
            if (overBudget.incrementAndGet() % 1000 == 1) {
                LOG.infof(
                        "A burst of syncs: Normal Events beyond %d a second are not written (%d so far); "
                                + "each app's history and operationState keep what its sync did",
                        NORMAL_PER_SECOND, overBudget.get());
            }
            return;
        }
        writer.execute(new Write(event(app, type, reason, message)));
    }

    private synchronized boolean takeNormal() {
        long now = System.nanoTime();
        normalTokens = Math.min(NORMAL_BURST, normalTokens + (now - normalFilledAt) / 1e9 * NORMAL_PER_SECOND);
        normalFilledAt = now;
        if (normalTokens < 1) {
            return false;
        }
        normalTokens--;
        return true;
    }

    /** The reasons of the Events waiting to be written, oldest first. */
    List<String> queuedReasons() {
        return writer.getQueue().stream()
                .map(r -> ((Write) r).event.getReason())
                .toList();
    }

    /** One queued Event write; a class of its own so the queue can be read. */
    private final class Write implements Runnable {
        final Event event;

        Write(Event event) {
            this.event = event;
        }

        @Override
        public void run() {
            try {
                client.v1()
                        .events()
                        .inNamespace(event.getMetadata().getNamespace())
                        .resource(event)
                        .create();
            } catch (RuntimeException e) {
                LOG.debugf(
                        "Event %s on Application %s not written: %s",
                        event.getReason(),
                        event.getInvolvedObject().getName(),
                        Redactor.redact(String.valueOf(e.getMessage())));
            }
        }
    }

    Event event(Application app, String type, String reason, String message) {
        String ns = app.getMetadata().getNamespace();
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        return new EventBuilder()
                .withNewMetadata()
                .withGenerateName(app.getMetadata().getName() + ".")
                .withNamespace(ns)
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion("argoproj.io/v1alpha1")
                        .withKind("Application")
                        .withNamespace(ns)
                        .withName(app.getMetadata().getName())
                        .withUid(app.getMetadata().getUid())
                        .withResourceVersion(app.getMetadata().getResourceVersion())
                        .build())
                .withType(type)
                .withReason(reason)
                .withMessage(bounded(Redactor.redact(message)))
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .withNewSource()
                .withComponent(COMPONENT)
                .endSource()
                .withReportingComponent(COMPONENT)
                .withReportingInstance(instance)
                .build();
    }

    static String bounded(String message) {
        return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE - 1) + "…";
    }

    @Override
    public void close() {
        writer.shutdown();
    }
}
