package io.sextant.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.NewCookie;
import java.util.List;
import java.util.Locale;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Marks every cookie Sextant sets (the session, the SSO state) {@code Secure} when the browser reached
 * it over HTTPS: directly, or through a TLS-terminating proxy that says so with
 * {@code X-Forwarded-Proto: https}. A Secure cookie is never sent over plain HTTP, so a session made over
 * TLS cannot leak on an http:// link to the same host (security review M5). Over plain HTTP (the
 * local default) cookies stay as they are, or the browser would drop them.
 */
public class SecureCookies {

    @ServerResponseFilter
    public void secure(ContainerRequestContext request, ContainerResponseContext response) {
        List<Object> cookies = response.getHeaders().get("Set-Cookie");
        if (cookies == null || cookies.isEmpty() || !overTls(request)) {
            return;
        }
        for (int i = 0; i < cookies.size(); i++) {
            Object c = cookies.get(i);
            if (c instanceof NewCookie cookie && !cookie.isSecure()) {
                // The Builder's copy takes only a Cookie's fields: the rest is carried over by hand.
                cookies.set(
                        i,
                        new NewCookie.Builder(cookie)
                                .comment(cookie.getComment())
                                .maxAge(cookie.getMaxAge())
                                .expiry(cookie.getExpiry())
                                .httpOnly(cookie.isHttpOnly())
                                .sameSite(cookie.getSameSite())
                                .secure(true)
                                .build());
            } else if (c instanceof String text
                    && !text.toLowerCase(Locale.ROOT).contains("; secure")) {
                cookies.set(i, text + "; Secure");
            }
        }
    }

    /**
     * Whether the browser came over TLS. The header can only add {@code Secure}, never take it away from a
     * request that reached Sextant over TLS: an {@code X-Forwarded-Proto: http} sent by anyone is no reason to
     * send a session cookie that could then travel in clear text.
     */
    static boolean overTls(ContainerRequestContext request) {
        if ("https".equalsIgnoreCase(request.getUriInfo().getRequestUri().getScheme())) {
            return true;
        }
        String forwarded = request.getHeaderString("X-Forwarded-Proto");
        return forwarded != null && forwarded.split(",")[0].trim().equalsIgnoreCase("https");
    }
}
