package io.sextant.sync;

import io.sextant.model.ResourceKey;

/**
 * One entry of a selective sync ({@code operation.sync.resources}: group, kind, namespace, name). An
 * empty namespace matches any namespace, as in Argo CD; {@code *} in any part matches any run of
 * characters, so group {@code apps}, kind {@code Deployment}, name {@code *} selects every Deployment.
 * Immutable.
 */
public record ResourceFilter(String group, String kind, String namespace, String name) {

    public ResourceFilter {
        group = group == null ? "" : group;
        kind = kind == null ? "" : kind;
        namespace = namespace == null ? "" : namespace;
        name = name == null ? "" : name;
    }

    /** The filter that selects exactly this resource. */
    public static ResourceFilter of(ResourceKey key) {
        return new ResourceFilter(key.group(), key.kind(), key.namespace(), key.name());
    }

    /**
     * Parses the CLI form {@code GROUP:KIND:NAME} or {@code GROUP:KIND:NAMESPACE/NAME} ({@code argocd app
     * sync --resource}); the group of core kinds is empty ({@code :Service:guestbook-ui}).
     *
     * @throws IllegalArgumentException when the text is not of that form
     */
    public static ResourceFilter parse(String text) {
        String[] parts = text.split(":", 3);
        if (parts.length != 3 || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw new IllegalArgumentException("resource filter must be GROUP:KIND:NAME or "
                    + "GROUP:KIND:NAMESPACE/NAME, not " + Annotations.quote(text));
        }
        int slash = parts[2].indexOf('/');
        return slash < 0
                ? new ResourceFilter(parts[0], parts[1], "", parts[2])
                : new ResourceFilter(parts[0], parts[1], parts[2].substring(0, slash), parts[2].substring(slash + 1));
    }

    public boolean matches(ResourceKey key) {
        return glob(group, key.group())
                && glob(kind, key.kind())
                && (namespace.isEmpty() || glob(namespace, key.namespace()))
                && glob(name, key.name());
    }

    /** {@code *} matches any run of characters; everything else literally. Linear in practice. */
    static boolean glob(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int mark = 0;
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = t;
            } else if (p < pattern.length() && pattern.charAt(p) == text.charAt(t)) {
                p++;
                t++;
            } else if (star >= 0) {
                p = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
