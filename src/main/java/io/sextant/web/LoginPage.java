package io.sextant.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.sextant.auth.AuthenticationException;
import io.sextant.auth.Origins;
import io.sextant.service.SessionService;
import io.sextant.service.SsoSettings;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * Log in with a local account (a form POST; the session goes into the HttpOnly, SameSite=Strict
 * cookie {@code argocd.token}, the one the API accepts) and log out. {@code LOG IN VIA SSO} shows
 * when SSO is configured.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class LoginPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance login(String returnUrl, String username, String error, boolean sso);
    }

    private final SessionService sessions;
    private final SsoSettings sso;
    private final WebSession session;

    public LoginPage(SessionService sessions, SsoSettings sso, WebSession session) {
        this.sessions = sessions;
        this.sso = sso;
        this.session = session;
    }

    @GET
    @Path("login")
    public TemplateInstance form(@QueryParam("return_url") String returnUrl) {
        return Templates.login(safeReturn(returnUrl), "", null, sso.configured());
    }

    @POST
    @Path("login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response login(
            @FormParam("username") String username,
            @FormParam("password") String password,
            @FormParam("return_url") String returnUrl,
            @HeaderParam("Origin") String origin,
            @HeaderParam("Host") String host,
            @Context HttpServerRequest request) {
        String back = safeReturn(returnUrl);
        // Login CSRF: a browser always sends Origin on a cross-site POST; refuse one from elsewhere, or "null".
        if (!Origins.allowed(origin, host)) {
            return Response.status(Response.Status.FORBIDDEN)
                    .entity("cross-site login refused")
                    .build();
        }
        try {
            String token = sessions.login(
                    username == null ? "" : username, password == null ? "" : password, SessionService.source(request));
            NewCookie cookie = new NewCookie.Builder(PageAuthFilter.COOKIE)
                    .value(token)
                    .path("/")
                    .httpOnly(true)
                    .sameSite(NewCookie.SameSite.STRICT)
                    .maxAge(24 * 3600)
                    .build();
            return Response.seeOther(URI.create(back)).cookie(cookie).build();
        } catch (AuthenticationException e) {
            return Response.status(Response.Status.UNAUTHORIZED)
                    .entity(Templates.login(back, username == null ? "" : username, e.getMessage(), sso.configured()))
                    .type(MediaType.TEXT_HTML)
                    .build();
        }
    }

    @POST
    @Path("logout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response logout(@FormParam(Csrf.FIELD) String csrf) {
        session.requireCsrf(csrf);
        boolean sso = sessions.verify(session.token()).sso();
        sessions.logout(session.token());
        NewCookie gone = new NewCookie.Builder(PageAuthFilter.COOKIE)
                .value("")
                .path("/")
                .maxAge(0)
                .httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT)
                .build();
        // An SSO session also ends at the provider, when it has a logout URL.
        URI next = sso ? sessions.ssoLogoutUrl().map(URI::create).orElse(URI.create("/login")) : URI.create("/login");
        return Response.seeOther(next).cookie(gone).build();
    }

    /** Only a local path: an open redirect to another site after login is a phishing aid. */
    static String safeReturn(String url) {
        // Browsers drop tabs and newlines inside URLs and read a backslash as a slash: "/<TAB>/evil" would leave.
        if (url == null
                || !url.startsWith("/")
                || url.startsWith("//")
                || url.contains("\\")
                || url.chars().anyMatch(c -> c < 0x20 || c == 0x7f)
                || url.startsWith("/login")
                || url.length() > 2048) {
            return "/applications";
        }
        return url;
    }
}
