package io.sextant.web;

import io.sextant.auth.AuthenticationException;
import io.sextant.auth.VerifiedToken;
import io.sextant.service.CurrentSubject;
import io.sextant.service.SessionService;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every dashboard page and stream needs a valid session cookie ({@code argocd.token}, the one the
 * API accepts too). Without one, a page GET is sent to the login page (with where to come back),
 * anything else gets 401. The API ({@code /api/}) has its own filter; health and metrics
 * ({@code /q/}), the login page and the SSO login ({@code /auth/}) are open.
 *
 * <p>This filter is the one place a page request gets its RBAC subject: the cookie's user. A request
 * also carrying an {@code Authorization} header that does not verify to that same user is 401, never
 * served as anyone (the rule of {@link SessionService#identify}).
 */
public class PageAuthFilter {

    static final String COOKIE = "argocd.token";

    private final SessionService sessions;
    private final WebSession session;
    private final CurrentSubject subject;

    public PageAuthFilter(SessionService sessions, WebSession session, CurrentSubject subject) {
        this.sessions = sessions;
        this.session = session;
        this.subject = subject;
    }

    @ServerRequestFilter
    public Optional<Response> authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!isPage(path)) {
            return Optional.empty();
        }
        Cookie cookie = request.getCookies().get(COOKIE);
        String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            try {
                sessions.identify(authorization, cookie == null ? null : cookie.getValue());
            } catch (AuthenticationException e) {
                return Optional.of(Response.status(Response.Status.UNAUTHORIZED)
                        .entity(e.getMessage())
                        .build());
            }
        }
        if (cookie != null && !cookie.getValue().isBlank()) {
            try {
                VerifiedToken v = sessions.verify(cookie.getValue());
                session.set(v.username(), cookie.getValue());
                subject.set(v.subject());
                return Optional.empty();
            } catch (AuthenticationException e) {
                // fall through: an expired or revoked session logs in again
            }
        }
        if ("GET".equals(request.getMethod()) && !path.startsWith("/stream/")) {
            String back = request.getUriInfo().getRequestUri().getRawPath();
            String query = request.getUriInfo().getRequestUri().getRawQuery();
            if (query != null) {
                back += "?" + query;
            }
            return Optional.of(Response.seeOther(
                            URI.create("/login?return_url=" + URLEncoder.encode(back, StandardCharsets.UTF_8)))
                    .build());
        }
        return Optional.of(Response.status(Response.Status.UNAUTHORIZED)
                .entity("log in first")
                .build());
    }

    /** Pages are everything this process serves through JAX-RS except the API, Quarkus' own paths and login. */
    static boolean isPage(String path) {
        return !(path.startsWith("/api/")
                || path.equals("/api")
                || path.startsWith("/q/")
                || path.equals("/login")
                || path.startsWith("/auth/"));
    }
}
