package io.sextant.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.ShutdownEvent;
import io.sextant.service.ApplicationResources;
import io.sextant.service.NotFoundException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Resource-tree streams: every 500 ms each open stream's tree is built again and sent when it
 * differs from the last one sent (pods come and go without the Application changing, so watching
 * the Application alone would miss them). A tree that cannot be built yet (not compared) is
 * skipped until it can; a closed client is dropped.
 */
@ApplicationScoped
public class ResourceTreeStreams {

    private final class Stream {
        final SseEventSink sink;
        final Sse sse;
        final String app;
        final BooleanSupplier allowed;
        JsonNode last;

        Stream(SseEventSink sink, Sse sse, String app, BooleanSupplier allowed) {
            this.sink = sink;
            this.sse = sse;
            this.app = app;
            this.allowed = allowed;
        }
    }

    private final ApplicationResources resources;
    private final ObjectMapper json;
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sextant-tree-streams");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean started;

    public ResourceTreeStreams(ApplicationResources resources, ObjectMapper json) {
        this.resources = resources;
        this.json = json;
    }

    /** @param allowed whether the stream's user may still read the app; the stream closes once not */
    public void open(SseEventSink sink, Sse sse, String app, BooleanSupplier allowed) {
        Stream stream = new Stream(sink, sse, app, allowed);
        streams.add(stream);
        synchronized (this) {
            if (!started) {
                timer.scheduleWithFixedDelay(this::tick, 0, 500, TimeUnit.MILLISECONDS);
                started = true;
            }
        }
        timer.execute(() -> push(stream));
    }

    private void tick() {
        streams.forEach(this::push);
    }

    private void push(Stream stream) {
        if (stream.sink.isClosed()) {
            streams.remove(stream);
            return;
        }
        if (!stream.allowed.getAsBoolean()) {
            streams.remove(stream);
            stream.sink.close();
            return;
        }
        JsonNode tree;
        try {
            tree = ResourceJson.tree(resources.resourceTree(stream.app));
        } catch (NotFoundException e) {
            streams.remove(stream);
            stream.sink.close();
            return;
        } catch (RuntimeException e) {
            return; // not compared yet, or no controller here: try again at the next tick
        }
        if (tree.equals(stream.last)) {
            return;
        }
        stream.last = tree;
        ObjectNode body = json.createObjectNode();
        body.set("result", tree);
        stream.sink
                .send(stream.sse
                        .newEventBuilder()
                        .data(body.toString())
                        .mediaType(MediaType.TEXT_PLAIN_TYPE)
                        .build())
                .whenComplete((ok, failure) -> {
                    if (failure != null) {
                        streams.remove(stream);
                        stream.sink.close();
                    }
                });
    }

    void onStop(@Observes ShutdownEvent event) {
        timer.shutdownNow();
        streams.forEach(s -> s.sink.close());
    }
}
