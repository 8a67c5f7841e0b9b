package io.sextant.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.sextant.auth.OidcException;
import io.sextant.auth.SsoLogins;
import io.sextant.service.SessionService;
import io.sextant.service.SsoService;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The dashboard's SSO login, Argo CD's paths: {@code GET /auth/login?return_url=...} sends the
 * browser to the provider (authorization code with PKCE; state, nonce and verifier in a short-lived
 * HttpOnly cookie), and {@code GET /auth/callback} finishes it: the session cookie
 * {@code argocd.token} is set and the browser continues to the return URL, a local path only.
 *
 * <p>The login-state cookie is SameSite=Lax, since the provider's redirect back is a cross-site
 * navigation that a Strict cookie would not ride; the session cookie stays Strict, so the callback
 * answers with a page of ours that moves on (a same-site navigation that carries it).
 */
@Path("/auth")
@Produces(MediaType.TEXT_HTML)
public class SsoPages {

    static final String STATE_COOKIE = "sextant.sso-state";
    private static final Logger LOG = Logger.getLogger(SsoPages.class);

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance continueTo(String target);
    }

    private final SessionService sessions;

    public SsoPages(SessionService sessions) {
        this.sessions = sessions;
    }

    @GET
    @Path("login")
    public Response login(@QueryParam("return_url") String returnUrl) {
        String back = LoginPage.safeReturn(returnUrl);
        try {
            SsoService.Redirect r = sessions.ssoBegin(back);
            return Response.seeOther(r.location())
                    .cookie(stateCookie(r.stateCookie(), (int) SsoLogins.LIFETIME.toSeconds()))
                    .header("Cache-Control", "no-store")
                    .build();
        } catch (OidcException e) {
            LOG.warnf("SSO login cannot start: %s", e.getMessage());
            return refused(back, "SSO login cannot start: " + e.getMessage()).build();
        }
    }

    /** The error codes of OAuth 2.0 and OpenID Connect authorization responses. */
    private static final Set<String> OAUTH_ERRORS = Set.of(
            "invalid_request",
            "unauthorized_client",
            "access_denied",
            "unsupported_response_type",
            "invalid_scope",
            "server_error",
            "temporarily_unavailable",
            "interaction_required",
            "login_required",
            "account_selection_required",
            "consent_required",
            "invalid_request_uri",
            "invalid_request_object",
            "request_not_supported",
            "request_uri_not_supported",
            "registration_not_supported");

    @GET
    @Path("callback")
    public Response callback(
            @QueryParam("code") String code,
            @QueryParam("state") String state,
            @QueryParam("error") String error,
            @QueryParam("error_description") String description,
            @CookieParam(STATE_COOKIE) String stateCookie) {
        NewCookie clear = stateCookie("", 0);
        if (error != null) {
            // Anyone can send a browser here with any text: only the provider's error code is shown, and
            // only one OAuth defines; the description goes to the log (security review L9).
            LOG.warnf(
                    "SSO provider refused a login: %s (%s)",
                    shorten(error), description == null ? "" : shorten(description));
            String shown = OAUTH_ERRORS.contains(error) ? " (" + error + ")" : "";
            return refused(
                            "/applications",
                            "The SSO provider refused the login" + shown + ". Try again, or ask "
                                    + "your administrator.")
                    .cookie(clear)
                    .build();
        }
        try {
            SessionService.SsoSession s = sessions.ssoSession(code, state, stateCookie);
            NewCookie session = new NewCookie.Builder(PageAuthFilter.COOKIE)
                    .value(s.token())
                    .path("/")
                    .httpOnly(true)
                    .sameSite(NewCookie.SameSite.STRICT)
                    .maxAge(24 * 3600)
                    .build();
            String target = LoginPage.safeReturn(s.returnUrl());
            return Response.ok(Templates.continueTo(target))
                    .cookie(session, clear)
                    .header("Cache-Control", "no-store")
                    .build();
        } catch (OidcException e) {
            LOG.warnf("SSO login refused: %s", e.getMessage());
            return refused("/applications", "SSO login failed: " + e.getMessage())
                    .cookie(clear)
                    .build();
        }
    }

    private static Response.ResponseBuilder refused(String back, String message) {
        return Response.status(Response.Status.UNAUTHORIZED)
                .entity(LoginPage.Templates.login(back, "", message, true))
                .type(MediaType.TEXT_HTML);
    }

    private static NewCookie stateCookie(String value, int maxAge) {
        return new NewCookie.Builder(STATE_COOKIE)
                .value(value)
                .path("/auth")
                .httpOnly(true)
                .sameSite(NewCookie.SameSite.LAX)
                .maxAge(maxAge)
                .build();
    }

    /** The provider's own words, bounded (they come from the query string). */
    private static String shorten(String s) {
        String t = s.replaceAll("\\p{Cntrl}", " ");
        return t.length() > 200 ? t.substring(0, 200) + "…" : t;
    }
}
