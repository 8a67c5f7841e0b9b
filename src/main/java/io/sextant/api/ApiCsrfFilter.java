package io.sextant.api;

import io.sextant.auth.Origins;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Cross-site request forgery on the API (Argo CD's CVE-2024-22424): a page on a sibling origin can
 * send a POST that carries the SameSite cookie without a CORS preflight, as long as its Content-Type is
 * absent or one of the "simple" ones, and RESTEasy parses a body with no Content-Type as JSON anyway.
 * So, as Argo CD does, every POST, PUT and PATCH under {@code /api/v1/} must say
 * {@code Content-Type: application/json} (415 otherwise), with or without a body; and a state-changing
 * call whose {@code Origin} is another host, or {@code null}, is 403. DELETE without a body needs no
 * Content-Type here (Argo wants one): browsers preflight DELETE across origins, so a forged one
 * cannot carry the cookie unseen. The webhook ({@code /api/webhook}) is not a cookie endpoint and is
 * left to its signature.
 */
public class ApiCsrfFilter {

    private static final Set<String> NEEDS_JSON = Set.of("POST", "PUT", "PATCH");
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    @ServerRequestFilter
    public Optional<Response> refuseForgeries(ContainerRequestContext request) {
        String method = request.getMethod();
        if (SAFE.contains(method) || !request.getUriInfo().getPath().startsWith("/api/v1/")) {
            return Optional.empty();
        }
        if (!Origins.allowed(request.getHeaderString("Origin"), request.getHeaderString(HttpHeaders.HOST))) {
            return Optional.of(ApiErrors.error(
                    Response.Status.FORBIDDEN,
                    7,
                    "cross-origin request refused: the Origin header names another site"));
        }
        if (NEEDS_JSON.contains(method) && !json(request.getHeaderString(HttpHeaders.CONTENT_TYPE))) {
            return Optional.of(ApiErrors.error(
                    Response.Status.UNSUPPORTED_MEDIA_TYPE,
                    3,
                    "invalid content type: " + method + " requests to the API need Content-Type: application/json"));
        }
        return Optional.empty();
    }

    private static boolean json(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.valueOf(contentType);
            return type.getType().equalsIgnoreCase("application")
                    && type.getSubtype().equalsIgnoreCase("json");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
