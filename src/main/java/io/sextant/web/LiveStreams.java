package io.sextant.web;

import io.quarkus.runtime.ShutdownEvent;
import io.sextant.auth.AuthenticationException;
import io.sextant.model.AppKey;
import io.sextant.model.Application;
import io.sextant.service.ApplicationService;
import io.sextant.service.ApplicationStore;
import io.sextant.service.ClusterService;
import io.sextant.service.SessionService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The pages' own server-sent event streams (not the API's): {@code /stream/applications?<list query>}
 * sends the tile (or row) of each app of that page when it changes, {@code /stream/applications/<name>}
 * the status panel, operation and resources of one app. Each event's data is HTML that
 * {@code sextant.js} swaps in by element id. Fed by {@link ApplicationStore#subscribe}; each
 * connection first sends the current state (a change between page render and connect is not lost),
 * holds at most a bounded queue (overflow ends the stream; the browser reconnects and gets a fresh
 * state), pings every 15 s, and unsubscribes when the client goes away.
 */
@Path("/stream/applications")
@Singleton
public class LiveStreams {

    static final int QUEUE = 256;

    private final ExecutorService RENDER = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "sextant-live-render");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService PING = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sextant-live-ping");
        t.setDaemon(true);
        return t;
    });

    private final ApplicationStore store;
    private final ApplicationPage details;
    private final WebSession session;
    private final SessionService sessions;

    private final ApplicationService applications;
    private final ClusterService clusters;

    public LiveStreams(
            ApplicationStore store,
            ApplicationPage details,
            WebSession session,
            SessionService sessions,
            ApplicationService applications,
            ClusterService clusters) {
        this.clusters = clusters;
        this.applications = applications;
        this.store = store;
        this.details = details;
        this.session = session;
        this.sessions = sessions;
    }

    // Blocking: a Multi would run on the event loop, and the first page read may wait for the watch.
    @GET
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> list(@Context UriInfo uri, @Context Sse sse) {
        ApplicationQuery query = ApplicationQuery.from(uri.getQueryParameters());
        Viewer viewer = session.viewer();
        Set<String> onPage = query.run(applications.permitted(store.all()), clusters.names()).page().stream()
                .map(AppKey::of)
                .collect(Collectors.toUnmodifiableSet());
        Function<String, String> render = name -> store.find(name)
                .map(app -> ApplicationsPage.fragment(app, query, viewer, clusters.names())
                        .render())
                .orElse(null);
        return stream(sse, onPage::contains, render, List.copyOf(onPage), session.token());
    }

    @GET
    @Path("{name}")
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> app(
            @PathParam("name") String name, @QueryParam("view") String view, @Context Sse sse) {
        Viewer viewer = session.viewer();
        store.find(name).ifPresent(applications::permitted); // the stream shows only what the page may
        // Checked at every render, not only at connect: an app created (or moved to another project) after
        // the stream opened is shown only if this user may see it (security review L3).
        Function<String, String> render = n -> {
            Application app = store.find(n).orElse(null);
            return app == null
                            || app.getSpec() == null
                            || !viewer.can("get", app.getSpec().getProject(), n)
                    ? null
                    : details.liveFragments(app, view, viewer);
        };
        return stream(sse, name::equals, render, List.of(name), session.token());
    }

    private Multi<OutboundSseEvent> stream(
            Sse sse,
            Predicate<String> interested,
            Function<String, String> render,
            List<String> initial,
            String token) {
        return Multi.createFrom()
                .<OutboundSseEvent>emitter(
                        emitter -> {
                            LiveConnection connection = new LiveConnection(interested, render, emitter, sse, RENDER);
                            AutoCloseable subscription = store.subscribe(connection);
                            // The ping also ends the stream once the session is logged out or expired.
                            ScheduledFuture<?> ping = PING.scheduleAtFixedRate(
                                    () -> {
                                        try {
                                            sessions.verify(token);
                                            emitter.emit(sse.newEventBuilder()
                                                    .comment("ping")
                                                    .build());
                                        } catch (AuthenticationException e) {
                                            emitter.complete();
                                        } catch (RuntimeException e) {
                                            emitter.emit(sse.newEventBuilder()
                                                    .comment("ping")
                                                    .build());
                                        }
                                    },
                                    15,
                                    15,
                                    TimeUnit.SECONDS);
                            emitter.onTermination(() -> {
                                ping.cancel(false);
                                try {
                                    subscription.close();
                                } catch (Exception e) {
                                    // removing a listener cannot fail
                                }
                            });
                            emitter.emit(
                                    sse.newEventBuilder().comment("connected").build());
                            initial.forEach(connection::offer);
                        },
                        BackPressureStrategy.ERROR)
                .onOverflow()
                .buffer(QUEUE);
    }

    void onStop(@Observes ShutdownEvent event) {
        PING.shutdownNow();
        RENDER.shutdownNow();
    }
}
