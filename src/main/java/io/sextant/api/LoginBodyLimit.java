package io.sextant.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The login endpoints take a user name and a password from anyone, before any identity is known, so the
 * server's body limit for authenticated calls ({@code quarkus.http.limits.max-body-size}, 50 MB for
 * application specs) must not apply there: a stranger could make every replica buffer 50 MB per request
 * (security review L13). {@code POST /api/v1/session} and {@code POST /login} take at most
 * {@value #MAX_BYTES} bytes, declared up front in {@code Content-Length} (413 beyond; 411 without a
 * length, for a chunked body could grow without bound). Checked by a Vert.x route ahead of the REST
 * layer, before a byte of the body is read.
 */
@ApplicationScoped
public class LoginBodyLimit {

    /** A login of a 253-character name and a long password, with JSON around it, is under 1 KiB. */
    static final long MAX_BYTES = 16 * 1024;

    void install(@Observes Router router) {
        router.post("/api/v1/session").order(-10).handler(LoginBodyLimit::check);
        router.post("/login").order(-10).handler(LoginBodyLimit::check);
    }

    private static void check(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            if (ctx.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
                refuse(ctx, 411, "a login must say its Content-Length");
                return;
            }
            ctx.next(); // no body at all
            return;
        }
        long bytes;
        try {
            bytes = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            refuse(ctx, 400, "Content-Length is not a number");
            return;
        }
        if (bytes > MAX_BYTES) {
            refuse(ctx, 413, "a login body is at most " + MAX_BYTES + " bytes");
            return;
        }
        ctx.next();
    }

    private static void refuse(RoutingContext ctx, int status, String message) {
        // Close the connection: the body the client is still sending is never read.
        ctx.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end("{\"error\":\"" + message + "\",\"code\":" + (status == 413 ? 8 : 3) + ",\"message\":\"" + message
                        + "\"}");
    }
}
