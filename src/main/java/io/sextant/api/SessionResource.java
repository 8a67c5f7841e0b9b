package io.sextant.api;

import io.sextant.auth.AuthenticationException;
import io.sextant.auth.VerifiedToken;
import io.sextant.service.SessionService;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * {@code /api/v1/session}: log in with a local account ({@code POST {username, password}} →
 * {@code {token}}, also set as the {@code argocd.token} cookie, as Argo CD does), log out
 * ({@code DELETE}, revokes the token) and who am I ({@code GET /userinfo}).
 */
@Path("/api/v1/session")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    private final SessionService sessions;

    public SessionResource(SessionService sessions) {
        this.sessions = sessions;
    }

    public record SessionCreate(String username, String password) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response login(SessionCreate body, @Context HttpServerRequest request) {
        if (body == null || body.username() == null || body.password() == null) {
            throw new IllegalArgumentException("log in with {\"username\": ..., \"password\": ...}");
        }
        String token = sessions.login(body.username(), body.password(), SessionService.source(request));
        NewCookie cookie = new NewCookie.Builder(AuthFilter.COOKIE)
                .value(token)
                .path("/")
                .httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT)
                .maxAge(24 * 3600)
                .build();
        return Response.ok(Map.of("token", token)).cookie(cookie).build();
    }

    @DELETE
    public Response logout(@Context HttpHeaders headers) {
        AuthFilter.token(headers).ifPresent(sessions::logout);
        NewCookie gone = new NewCookie.Builder(AuthFilter.COOKIE)
                .value("")
                .path("/")
                .maxAge(0)
                .build();
        return Response.ok(Map.of()).cookie(gone).build();
    }

    @GET
    @Path("/userinfo")
    public Map<String, Object> userinfo(@Context HttpHeaders headers) {
        return AuthFilter.token(headers)
                .map(t -> {
                    try {
                        VerifiedToken v = sessions.verify(t);
                        return Map.<String, Object>of(
                                "loggedIn",
                                true,
                                "username",
                                v.username(),
                                "iss",
                                v.sso() ? v.ssoIssuer() : "sextant",
                                "groups",
                                v.groups());
                    } catch (AuthenticationException e) {
                        return Map.<String, Object>of("loggedIn", false);
                    }
                })
                .orElse(Map.of("loggedIn", false));
    }

    @ServerExceptionMapper
    public Response refused(AuthenticationException e) {
        return ApiErrors.error(Response.Status.UNAUTHORIZED, 16, e.getMessage());
    }
}
