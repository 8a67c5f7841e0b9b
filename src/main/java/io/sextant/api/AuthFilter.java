package io.sextant.api;

import io.sextant.auth.AuthenticationException;
import io.sextant.service.SessionService;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every {@code /api/v1/} call needs a valid session token, as {@code Authorization: Bearer <token>}
 * or the {@code argocd.token} cookie; without one the answer is 401 with Argo's error body. Open:
 * logging in ({@code POST /api/v1/session}), {@code userinfo}, the public settings
 * ({@code /api/v1/settings}, which the login page needs), {@code /api/version} and the webhook (which
 * checks its own secret).
 */
public class AuthFilter {

    static final String COOKIE = "argocd.token";

    private final SessionService sessions;
    private final io.sextant.service.CurrentSubject subject;

    public AuthFilter(SessionService sessions, io.sextant.service.CurrentSubject subject) {
        this.sessions = sessions;
        this.subject = subject;
    }

    @ServerRequestFilter
    public Optional<Response> authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        boolean open = !path.startsWith("/api/v1/") || path.startsWith("/api/v1/session") || path.equals("/api/v1/settings");
        String internal = request.getHeaders().getFirst(io.sextant.auth.InternalRequests.HEADER);
        if (internal != null) {
            // A Sextant server reading for a user it has authorised already: Sextant itself, reads only.
            java.net.URI uri = request.getUriInfo().getRequestUri();
            String pathAndQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            return sessions.internal().verify(internal, request.getMethod(), pathAndQuery) ? Optional.empty()
                    : Optional.of(ApiErrors.error(Response.Status.UNAUTHORIZED, 16, "internal request refused"));
        }
        Optional<String> token = token(request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION),
                request.getCookies().get(COOKIE));
        if (token.isEmpty()) {
            return open ? Optional.empty()
                    : Optional.of(ApiErrors.error(Response.Status.UNAUTHORIZED, 16, "no session information: log in first"));
        }
        try {
            // Whoever presents a valid token acts as themselves everywhere (pages too): RBAC checks them.
            subject.set(sessions.verify(token.get()).subject());
            return Optional.empty();
        } catch (AuthenticationException e) {
            return open ? Optional.empty() : Optional.of(ApiErrors.error(Response.Status.UNAUTHORIZED, 16, e.getMessage()));
        }
    }

    static Optional<String> token(HttpHeaders headers) {
        return token(headers.getHeaderString(HttpHeaders.AUTHORIZATION), headers.getCookies().get(COOKIE));
    }

    private static Optional<String> token(String authorization, Cookie cookie) {
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String t = authorization.substring(7).trim();
            return t.isEmpty() ? Optional.empty() : Optional.of(t);
        }
        return cookie == null || cookie.getValue().isBlank() ? Optional.empty() : Optional.of(cookie.getValue());
    }
}
