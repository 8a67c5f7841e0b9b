package io.sextant.auth;

import java.net.URI;

/**
 * Same-origin checks on a browser's {@code Origin} header, which browsers send on every cross-origin
 * POST and on same-origin POSTs too. Compared with the {@code Host} the request was sent to. Stateless.
 */
public final class Origins {

    private Origins() {}

    /**
     * Whether a state-changing request with this {@code Origin} may go on: no Origin at all (not a
     * browser, or an old one) may; {@code null} (a sandboxed frame, a {@code data:} page, a redirect
     * across sites) may not; otherwise its host (and port, when given) must be the request's Host.
     */
    public static boolean allowed(String origin, String host) {
        if (origin == null) {
            return true;
        }
        if (origin.equals("null") || host == null) {
            return false;
        }
        try {
            URI o = URI.create(origin);
            if (o.getHost() == null) {
                return false;
            }
            String authority = o.getPort() == -1 ? o.getHost() : o.getHost() + ":" + o.getPort();
            return host.equalsIgnoreCase(authority) || host.equalsIgnoreCase(o.getHost());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
