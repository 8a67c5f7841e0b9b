package io.sextant.repo.render;

import io.sextant.model.ApplicationSource;
import io.sextant.repo.git.RepoSnapshot;

/**
 * Turns one Application source at one commit into Kubernetes manifests. One implementation per source
 * type (Directory with Jsonnet, Helm, Kustomize), chosen by {@link Renderers}.
 *
 * <p>Contract for implementations: read files only through the {@link RepoSnapshot} (a tool that needs
 * files on disk gets a {@link Workspace} copy of snapshot content, never the checkout or a path derived from
 * repository content outside it), honour every limit of {@link RenderContext#limits()}, never
 * pass a repository-controlled string to a shell, fail with a {@link io.sextant.repo.RepoException}
 * that names the file and what is wrong, be stateless and thread-safe, and return the same result for
 * the same inputs (results are cached by commit SHA).
 */
public interface Renderer {

    RenderResult render(RepoSnapshot snapshot, ApplicationSource source, RenderContext ctx);
}
