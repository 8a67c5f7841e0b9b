package io.sextant.api;

import io.sextant.auth.AuthenticationException;
import io.sextant.auth.RbacPolicy;
import io.sextant.auth.Subject;
import io.sextant.model.Application;
import io.sextant.service.ApplicationService;
import io.sextant.service.ApplicationStore;
import io.sextant.service.Authorizer;
import io.sextant.service.SessionService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Argo CD's server-sent event streams: {@code /api/v1/stream/applications} (each event
 * {@code {"result":{"type":"ADDED|MODIFIED|DELETED","application":{...}}}}, filters {@code name} and
 * {@code projects}) and {@code /api/v1/stream/applications/{name}/resource-tree} (each event
 * {@code {"result": <tree>}}, sent when the tree changes).
 */
@Path("/api/v1/stream")
public class StreamResource {

    private final ApplicationStreams streams;
    private final ResourceTreeStreams trees;
    private final ApplicationService applications;
    private final Authorizer authorizer;
    private final SessionService sessions;
    private final ApplicationStore store;

    public StreamResource(
            ApplicationStreams streams,
            ResourceTreeStreams trees,
            ApplicationService applications,
            Authorizer authorizer,
            SessionService sessions,
            ApplicationStore store) {
        this.store = store;
        this.streams = streams;
        this.trees = trees;
        this.applications = applications;
        this.authorizer = authorizer;
        this.sessions = sessions;
    }

    /** How often an open stream checks again that its session is still valid. */
    static final long RECHECK_NANOS = TimeUnit.SECONDS.toNanos(5);

    /**
     * Whether the stream may go on: its token still verifies (not logged out, expired or revoked),
     * checked every {@link #RECHECK_NANOS} at most, and once false, false for good (security review L3).
     */
    private BooleanSupplier sessionAlive(HttpHeaders headers) {
        String token = AuthFilter.token(headers).orElse(null);
        AtomicLong checkedAt = new AtomicLong(System.nanoTime());
        AtomicBoolean alive = new AtomicBoolean(token != null);
        return () -> {
            long now = System.nanoTime();
            long at = checkedAt.get();
            if (alive.get() && now - at >= RECHECK_NANOS && checkedAt.compareAndSet(at, now)) {
                try {
                    sessions.verify(token);
                } catch (AuthenticationException e) {
                    alive.set(false);
                }
            }
            return alive.get();
        };
    }

    @GET
    @Path("/applications")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void applications(
            @Context SseEventSink sink,
            @Context Sse sse,
            @QueryParam("name") String name,
            @QueryParam("projects") List<String> projects,
            @QueryParam("project") List<String> project,
            @Context HttpHeaders headers) {
        List<String> wanted = new ArrayList<>(projects == null ? List.of() : projects);
        if (project != null) {
            wanted.addAll(project);
        }
        // The subject is taken now: events arrive outside this request. Each app is checked as it
        // comes, so a policy change applies to open streams too.
        Subject subject = authorizer.subject();
        Predicate<Application> filter = app ->
                (name == null || name.isBlank() || name.equals(app.getMetadata().getName()))
                        && (wanted.isEmpty()
                                || (app.getSpec() != null
                                        && wanted.contains(app.getSpec().getProject())))
                        && authorizer.can(subject, RbacPolicy.APPLICATIONS, "get", ApplicationService.rbacObject(app));
        streams.open(sink, sse, filter, sessionAlive(headers));
    }

    @GET
    @Path("/applications/{name}/resource-tree")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void resourceTree(
            @Context SseEventSink sink,
            @Context Sse sse,
            @PathParam("name") String path,
            @QueryParam("appNamespace") String appNamespace,
            @Context HttpHeaders headers) {
        String name = ApplicationsResource.ref(path, appNamespace);
        applications.get(name); // 404 before the stream opens
        // Re-read on a timer outside this request: the user's right to the app is checked at every read,
        // with the subject taken now, and the session every few seconds (security review L3).
        Subject subject = authorizer.subject();
        BooleanSupplier alive = sessionAlive(headers);
        trees.open(
                sink,
                sse,
                name,
                () -> alive.getAsBoolean()
                        && store.find(name)
                                .map(app -> authorizer.can(
                                        subject, RbacPolicy.APPLICATIONS, "get", ApplicationService.rbacObject(app)))
                                .orElse(false));
    }
}
