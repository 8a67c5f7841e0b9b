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
 * registered for that type. Types without a renderer (Helm, Kustomize and Plugin for now) fail with
 * {@link Reason#UNSUPPORTED}, never with an empty result (which auto-prune would act on).
 *
 * <p>Immutable and thread-safe.
 */
public final class Renderers implements Renderer {

    private final Map<SourceType, Renderer> byType;

    private Renderers(Map<SourceType, Renderer> byType) {
        this.byType = new EnumMap<>(byType);
    }

    /** The renderers Sextant has today: Directory only. */
    public static Renderers standard() {
        return new Renderers(Map.of(SourceType.DIRECTORY, new DirectoryRenderer()));
    }

    /** A copy of this with {@code renderer} handling {@code type}. */
    public Renderers with(SourceType type, Renderer renderer) {
        Map<SourceType, Renderer> copy = new EnumMap<>(byType);
        copy.put(Objects.requireNonNull(type), Objects.requireNonNull(renderer));
        return new Renderers(copy);
    }

    @Override
    public RenderResult render(RepoSnapshot snapshot, ApplicationSource source, RenderContext ctx) {
        SourceType type = SourceTypes.detect(snapshot, source);
        Renderer renderer = byType.get(type);
        if (renderer == null) {
            String path = source.getPath() == null || source.getPath().isEmpty() ? "." : source.getPath();
            throw new RepoException(Reason.UNSUPPORTED, type.argoName() + " sources are not supported yet (path '"
                    + Redactor.printable(path) + "' of " + snapshot.url() + " at " + snapshot.sha() + " is a " + type.argoName()
                    + " source); only plain directories of YAML/JSON manifests are rendered for now");
        }
        return renderer.render(snapshot, source, ctx);
    }
}
