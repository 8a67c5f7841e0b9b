package io.sextant.api;

import io.sextant.auth.AuthenticationException;
import io.sextant.auth.InternalRequests;
import io.sextant.auth.Subject;
import io.sextant.service.CurrentSubject;
import io.sextant.service.SessionService;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every {@code /api/v1/} call needs a valid session token, as {@code Authorization: Bearer <token>}
 * or the {@code argocd.token} cookie; without one the answer is 401 with Argo's error body. Open:
 * logging in ({@code POST /api/v1/session}), {@code userinfo}, the public settings
 * ({@code /api/v1/settings}, which the login page needs), {@code /api/version} and the webhook (which
 * checks its own secret); open paths never get a subject, so RBAC allows them nothing.
 *
 * <p>A request carries exactly one identity. A credential that is present but does not verify is
 * 401, never a fallback to another one; a Bearer token and a cookie that name different users are 401
 * too. Pages are authenticated by {@link io.sextant.web.PageAuthFilter}, by the same rule
 * ({@link SessionService#identify}), not here.
 */
public class AuthFilter {

    public static final String COOKIE = "argocd.token";

    private final SessionService sessions;
    private final CurrentSubject subject;

    public AuthFilter(SessionService sessions, CurrentSubject subject) {
        this.sessions = sessions;
        this.subject = subject;
    }

    @ServerRequestFilter
    public Optional<Response> authenticate(ContainerRequestContext request) {
        subject.enterHttp(); // every HTTP request, pages and open paths too: RBAC holds it to its subject
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/v1/")) {
            return Optional.empty();
        }
        String internal = request.getHeaders().getFirst(InternalRequests.HEADER);
        if (internal != null) {
            // A Sextant server reading for a user it has authorised already: Sextant itself, reads only.
            URI uri = request.getUriInfo().getRequestUri();
            String pathAndQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            if (!sessions.internal().verify(internal, request.getMethod(), pathAndQuery)) {
                return Optional.of(ApiErrors.error(Response.Status.UNAUTHORIZED, 16, "internal request refused"));
            }
            subject.set(Subject.SYSTEM);
            return Optional.empty();
        }
        if (path.startsWith("/api/v1/session") || path.equals("/api/v1/settings")) {
            return Optional.empty();
        }
        try {
            Cookie cookie = request.getCookies().get(COOKIE);
            Optional<Subject> who = sessions.identify(
                    request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION),
                    cookie == null ? null : cookie.getValue());
            if (who.isEmpty()) {
                return Optional.of(
                        ApiErrors.error(Response.Status.UNAUTHORIZED, 16, "no session information: log in first"));
            }
            subject.set(who.get());
            return Optional.empty();
        } catch (AuthenticationException e) {
            return Optional.of(ApiErrors.error(Response.Status.UNAUTHORIZED, 16, e.getMessage()));
        }
    }

    static Optional<String> token(HttpHeaders headers) {
        return token(
                headers.getHeaderString(HttpHeaders.AUTHORIZATION),
                headers.getCookies().get(COOKIE));
    }

    private static Optional<String> token(String authorization, Cookie cookie) {
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String t = authorization.substring(7).trim();
            return t.isEmpty() ? Optional.empty() : Optional.of(t);
        }
        return cookie == null || cookie.getValue().isBlank() ? Optional.empty() : Optional.of(cookie.getValue());
    }
}
