package io.sextant.repo.render;

import io.sextant.model.ApplicationSource;
import io.sextant.repo.RepoException;
import io.sextant.repo.RepoException.Reason;
import io.sextant.repo.git.Redactor;
import io.sextant.repo.git.RepoSnapshot;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The entry point for rendering any source: detects its {@link SourceType} and hands it to the renderer
 * registered for that type. Types without a renderer (Plugin for now) fail with
 * {@link Reason#UNSUPPORTED}, never with an empty result (which auto-prune would act on).
 *
 * <p>Immutable and thread-safe.
 */
public final class Renderers implements Renderer {

    private final Map<SourceType, Renderer> byType;
    private final RenderTools tools;

    private Renderers(Map<SourceType, Renderer> byType, RenderTools tools) {
        this.byType = new EnumMap<>(byType);
        this.tools = tools;
    }

    /** The tool settings the renderers use. */
    public RenderTools tools() {
        return tools;
    }

    /** Whether {@code source} names a chart of a Helm repository rather than a path in git. */
    public static boolean isHelmRepositoryChart(ApplicationSource source) {
        return source.getChart() != null && !source.getChart().isEmpty();
    }

    /** The chart version {@code targetRevision} selects in a Helm repository source. */
    public String resolveChartVersion(ApplicationSource source, RenderContext ctx) {
        return HelmRepositoryChart.resolve(
                source.getRepoURL(), source.getChart(), source.getTargetRevision(), ctx.limits(), tools);
    }

    /** Renders a chart of a Helm repository at a {@linkplain #resolveChartVersion resolved} version. */
    public RenderResult renderChart(ApplicationSource source, String version, RenderContext ctx) {
        return new HelmRenderer(tools).renderRepositoryChart(source, version, ctx);
    }

    /** Every renderer, with default tool settings (binaries searched for, 90 s bound). */
    public static Renderers standard() {
        return standard(RenderTools.DEFAULTS);
    }

    /** Directory (with Jsonnet), Helm and Kustomize renderers using {@code tools}. */
    public static Renderers standard(RenderTools tools) {
        return new Renderers(
                Map.of(
                        SourceType.DIRECTORY, new DirectoryRenderer(new JsonnetEvaluator(tools)),
                        SourceType.HELM, new HelmRenderer(tools),
                        SourceType.KUSTOMIZE, new KustomizeRenderer(tools)),
                tools);
    }

    /** A copy of this with {@code renderer} handling {@code type}. */
    public Renderers with(SourceType type, Renderer renderer) {
        Map<SourceType, Renderer> copy = new EnumMap<>(byType);
        copy.put(Objects.requireNonNull(type), Objects.requireNonNull(renderer));
        return new Renderers(copy, tools);
    }

    @Override
    public RenderResult render(RepoSnapshot snapshot, ApplicationSource source, RenderContext ctx) {
        SourceType type = SourceTypes.detect(snapshot, source);
        Renderer renderer = byType.get(type);
        if (renderer == null) {
            String path = source.getPath() == null || source.getPath().isEmpty() ? "." : source.getPath();
            throw new RepoException(
                    Reason.UNSUPPORTED,
                    type.argoName() + " sources are not supported yet (path '"
                            + Redactor.printable(path) + "' of " + snapshot.url() + " at " + snapshot.sha() + " is a "
                            + type.argoName()
                            + " source)");
        }
        return renderer.render(snapshot, source, ctx);
    }
}
