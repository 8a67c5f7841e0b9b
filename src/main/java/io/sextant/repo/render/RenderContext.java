package io.sextant.repo.render;

import java.util.Objects;

/**
 * What a renderer needs besides the files and the source: the Application it renders for (Helm uses
 * the name as release name and the namespace as {@code --namespace}; the others use neither) and the limits. Immutable.
 *
 * @param appName   the Application's name, may be null
 * @param namespace the destination namespace, may be null
 * @param limits    hard limits of one render
 */
public record RenderContext(String appName, String namespace, RenderLimits limits) {

    public RenderContext {
        Objects.requireNonNull(limits, "limits");
    }

    /** A context with default limits and no Application details. */
    public static RenderContext defaults() {
        return new RenderContext(null, null, RenderLimits.DEFAULTS);
    }

    public static RenderContext of(String appName, String namespace) {
        return new RenderContext(appName, namespace, RenderLimits.DEFAULTS);
    }
}
