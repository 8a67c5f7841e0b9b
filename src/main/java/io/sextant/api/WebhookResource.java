package io.sextant.api;

import io.sextant.service.webhook.WebhookException;
import io.sextant.service.webhook.WebhookService;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * {@code POST /api/webhook}: Git push events from GitHub, GitLab, Bitbucket Cloud, Bitbucket Server
 * and Gogs. Answers 200 with an empty object (which apps a push refreshed is not for an
 * unauthenticated caller to learn), 400 for a malformed or unknown request, 401 for a bad signature
 * or a provider without a secret while others have one, 413 above the body limit
 * ({@code quarkus.http.limits.max-body-size}, 50M), 429 when too many calls are under way.
 */
@Path("/api/webhook")
public class WebhookResource {

    private final WebhookService webhooks;

    public WebhookResource(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, List<String>> receive(@Context HttpHeaders headers, byte[] body) {
        Map<String, String> lower = new HashMap<>();
        headers.getRequestHeaders()
                .forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v.isEmpty() ? "" : v.get(0)));
        webhooks.handle(lower, body == null ? new byte[0] : body);
        return Map.of();
    }

    @ServerExceptionMapper
    public Response refused(WebhookException e) {
        Response.Status status = Response.Status.fromStatusCode(e.status());
        return ApiErrors.error(
                status == null ? Response.Status.BAD_REQUEST : status, e.status() == 401 ? 16 : 3, e.getMessage());
    }
}
