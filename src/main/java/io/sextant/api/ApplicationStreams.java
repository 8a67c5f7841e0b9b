package io.sextant.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.sextant.model.AppKey;
import io.sextant.model.Application;
import io.sextant.service.ApplicationEvent;
import io.sextant.service.ApplicationStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The open application streams and what feeds them: one subscription to the {@link ApplicationStore}
 * for all clients, each change serialised once and sent to every stream whose filter takes it. A
 * client that falls too far behind (its sends pile up) is disconnected rather than buffered
 * without bound; a heartbeat comment every 15 s finds connections that went away.
 */
@ApplicationScoped
public class ApplicationStreams {

    private static final Logger LOG = Logger.getLogger(ApplicationStreams.class);
    /** Sends in flight per client before it counts as stuck. */
    static final int MAX_PENDING = 1_000;

    /** One open stream. */
    final class Stream {
        final SseEventSink sink;
        final Sse sse;
        final Predicate<Application> filter;
        final BooleanSupplier alive;
        final AtomicInteger pending = new AtomicInteger();
        /** Set once the first state is sent; changes before then are in it (guarded by this stream). */
        boolean ready;

        Stream(SseEventSink sink, Sse sse, Predicate<Application> filter, BooleanSupplier alive) {
            this.sink = sink;
            this.sse = sse;
            this.filter = filter;
            this.alive = alive;
        }

        void send(OutboundSseEvent event) {
            if (sink.isClosed() || !alive.getAsBoolean()) {
                close();
                return;
            }
            if (pending.incrementAndGet() > MAX_PENDING) {
                LOG.debugf("Closing a stream that is %d events behind", MAX_PENDING);
                close();
                return;
            }
            sink.send(event).whenComplete((ok, failure) -> {
                pending.decrementAndGet();
                if (failure != null) {
                    close();
                }
            });
        }

        void close() {
            if (streams.remove(this)) {
                try {
                    sink.close();
                } catch (RuntimeException e) {
                    // already gone
                }
            }
        }
    }

    private final ApplicationStore store;
    private final ObjectMapper json;
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final Map<String, String[]> serializedApps = new ConcurrentHashMap<>();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sextant-sse-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private volatile AutoCloseable subscription;

    public ApplicationStreams(ApplicationStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    /**
     * Opens a stream: every app the filter takes is sent at once as ADDED, then every change to one
     * the filter takes (a DELETED for one it took).
     */
    /** @param alive whether the stream's session still holds: checked before each send, closed once not */
    public void open(SseEventSink sink, Sse sse, Predicate<Application> filter, BooleanSupplier alive) {
        started();
        Stream stream = new Stream(sink, sse, filter, alive);
        streams.add(stream);
        // The first state is read under the stream's lock, and changes wait for it: a change that
        // lands meanwhile is either in that state or sent after it, never before it (a client would
        // otherwise keep the older copy).
        synchronized (stream) {
            for (Application app : store.all()) {
                if (filter.test(app)) {
                    stream.send(event(sse, ApplicationEvent.Type.ADDED, app));
                }
            }
            stream.ready = true;
        }
    }

    /** How many streams are open (for tests and metrics). */
    public int open() {
        return streams.size();
    }

    private void started() {
        if (subscription != null) {
            return;
        }
        synchronized (this) {
            if (subscription == null) {
                subscription = store.subscribe(this::publish);
                heartbeat.scheduleWithFixedDelay(this::beat, 15, 15, TimeUnit.SECONDS);
            }
        }
    }

    private void publish(ApplicationEvent change) {
        OutboundSseEvent event = null;
        for (Stream stream : streams) {
            if (stream.filter.test(change.application())) {
                synchronized (stream) {
                    if (!stream.ready) {
                        continue; // its first state, read after this change, holds it
                    }
                    if (event == null) {
                        event = event(stream.sse, change.type(), change.application());
                    }
                    stream.send(event);
                }
            }
        }
        if (change.type() == ApplicationEvent.Type.DELETED) {
            serializedApps.remove(change.name());
        }
    }

    private void beat() {
        for (Stream stream : streams) {
            stream.send(stream.sse.newEventBuilder().comment("heartbeat").build());
        }
    }

    private OutboundSseEvent event(Sse sse, ApplicationEvent.Type type, Application app) {
        String data = "{\"result\":{\"type\":\"" + type.name() + "\",\"application\":" + serialized(app) + "}}";
        return sse.newEventBuilder()
                .data(data)
                .mediaType(MediaType.TEXT_PLAIN_TYPE)
                .build();
    }

    /**
     * The app as JSON, written once per resourceVersion whatever the number of streams: 200 clients
     * connecting at once would otherwise serialise every app 200 times.
     */
    private String serialized(Application app) {
        String name = AppKey.of(app);
        String version = String.valueOf(app.getMetadata().getResourceVersion());
        String[] cached = serializedApps.get(name);
        if (cached != null && cached[0].equals(version)) {
            return cached[1];
        }
        try {
            String text = json.writeValueAsString(app);
            serializedApps.put(name, new String[] {version, text});
            return text;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write application " + name, e);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        heartbeat.shutdownNow();
        streams.forEach(Stream::close);
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception e) {
                // shutting down
            }
        }
    }
}
