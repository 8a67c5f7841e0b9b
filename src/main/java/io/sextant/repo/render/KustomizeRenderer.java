package io.sextant.repo.render;

import io.sextant.model.ApplicationSource;
import io.sextant.repo.git.RepoPaths;
import io.sextant.repo.git.RepoSnapshot;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Renders a Kustomize source with the {@code kustomize} binary ({@link RenderTools#kustomize()}):
 * the repository is copied into a {@link Workspace} (bases may be anywhere in it), remote bases are
 * refused unless allowed ({@link KustomizeBases}), the settings of {@code source.kustomize} go into a
 * generated overlay ({@link KustomizeOverlay}) rather than edits of the repository's files, and
 * {@code kustomize build} runs through {@link ToolProcess} (argument list, time and output bounds).
 * Kustomize's default load restrictor stays on, and neither plugins nor Helm inflation are enabled.
 * Stateless and thread-safe.
 */
public final class KustomizeRenderer implements Renderer {

    private final RenderTools tools;

    public KustomizeRenderer(RenderTools tools) {
        this.tools = tools;
    }

    @Override
    public RenderResult render(RepoSnapshot snapshot, ApplicationSource source, RenderContext ctx) {
        String path = RepoPaths.normalize(source.getPath(), "application path");
        Path binary = tools.kustomize();
        try (Workspace ws = Workspace.create(ctx.limits())) {
            ws.copyRepository(snapshot, path);
            KustomizeBases.requireLocal(ws, path, ctx.limits(), tools.remoteBases());
            // Components of source.kustomize are kustomizations of the repository too: held to the same rules.
            for (String component : KustomizeOverlay.components(path, source.getKustomize())) {
                KustomizeBases.requireLocal(ws, component, ctx.limits(), tools.remoteBases());
            }
            Path target = ws.inRepo(path);
            if (KustomizeOverlay.needed(source.getKustomize())) {
                target = KustomizeOverlay.write(ws, target, source.getKustomize());
            }
            byte[] output = ToolProcess.run(
                    "kustomize build",
                    List.of(binary.toString(), "build", target.toString()),
                    ws.root(),
                    Map.of(),
                    ws,
                    tools);
            RenderBudget budget = new RenderBudget(ToolOutput.outputLimits(ctx.limits()));
            return new RenderResult(
                    ToolOutput.read("kustomize build " + (path.isEmpty() ? "." : path), output, budget),
                    SourceType.KUSTOMIZE.argoName(),
                    snapshot.sha(),
                    output.length,
                    List.of());
        }
    }
}
