package io.sextant.repo.render;

import io.sextant.repo.git.RepoSnapshot;
import java.util.Map;
import java.util.Objects;

/**
 * What a renderer needs besides the files and the source: the Application it renders for (Helm uses
 * the name as release name and the namespace as {@code --namespace}; the others use neither), the limits, and
 * the other sources of a multi-source Application that Helm value files may name ({@code $values/path}).
 * Immutable.
 *
 * @param appName   the Application's name, may be null
 * @param namespace the destination namespace, may be null
 * @param limits    hard limits of one render
 * @param refs      the sources with a {@code ref}, by {@code $<ref>}, each at the commit it resolved to; empty for
 *                  a single-source Application
 */
public record RenderContext(String appName, String namespace, RenderLimits limits, Map<String, RepoSnapshot> refs) {

    public RenderContext {
        Objects.requireNonNull(limits, "limits");
        refs = refs == null ? Map.of() : Map.copyOf(refs);
    }

    public RenderContext(String appName, String namespace, RenderLimits limits) {
        this(appName, namespace, limits, Map.of());
    }

    /** A context with default limits and no Application details. */
    public static RenderContext defaults() {
        return new RenderContext(null, null, RenderLimits.DEFAULTS);
    }

    public static RenderContext of(String appName, String namespace) {
        return new RenderContext(appName, namespace, RenderLimits.DEFAULTS);
    }

    /** This context with the ref sources {@code refs}. */
    public RenderContext withRefs(Map<String, RepoSnapshot> refs) {
        return new RenderContext(appName, namespace, limits, refs);
    }
}
