package io.sextant.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A resource of an app as pages address it: {@code group/kind/namespace/name} in the
 * {@code resource} query parameter (an empty group or namespace stays empty).
 */
public record ResourceRef(String group, String kind, String namespace, String name) {

    static ResourceRef parse(String s) {
        if (s == null) {
            return null;
        }
        String[] p = s.split("/", 4);
        return p.length == 4 && !p[1].isEmpty() && !p[3].isEmpty() ? new ResourceRef(p[0], p[1], p[2], p[3]) : null;
    }

    public String param() {
        return URLEncoder.encode(group + "/" + kind + "/" + namespace + "/" + name, StandardCharsets.UTF_8);
    }

    boolean matches(String g, String k, String ns, String n) {
        return group.equals(g == null ? "" : g)
                && kind.equals(k)
                && namespace.equals(ns == null ? "" : ns)
                && name.equals(n);
    }
}
