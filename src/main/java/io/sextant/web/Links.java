package io.sextant.web;

import java.net.URI;
import java.util.Locale;

/**
 * Which user-written URLs may become links: only absolute http and https ones. Anything else
 * ({@code javascript:}, {@code data:}, ssh or git URLs, garbage) is shown as text, never as href.
 */
final class Links {

    private Links() {}

    /** The URL when it is safe as an {@code href}, else null. */
    static String safeHref(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(url.trim());
            String scheme = uri.getScheme();
            if (scheme == null || uri.getHost() == null) {
                return null;
            }
            String s = scheme.toLowerCase(Locale.ROOT);
            return s.equals("http") || s.equals("https") ? uri.toString() : null;
        } catch (Exception e) {
            return null;
        }
    }
}
