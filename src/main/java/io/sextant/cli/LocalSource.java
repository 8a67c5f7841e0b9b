package io.sextant.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sextant.model.Application;
import io.sextant.model.ApplicationSource;
import io.sextant.repo.git.CredentialsResolver;
import io.sextant.repo.git.RepoCache;
import io.sextant.repo.render.RenderContext;
import io.sextant.repo.render.RenderResult;
import io.sextant.repo.render.Renderers;
import java.nio.file.Path;
import java.util.List;

/**
 * Core mode's repo server: fetches an Application's repository into the CLI's own cache
 * ({@code ~/.cache/sextant/cli-repos}) with the credentials of the cluster's repository Secrets, and
 * renders its source with the same renderers the controller uses, so {@code app manifests} and
 * {@code app diff} need no Sextant server.
 */
final class LocalSource {

    /** What a render gave: the commit and the manifests. */
    record Result(String revision, String sourceType, List<ObjectNode> manifests) {}

    private LocalSource() {}

    static Result render(KubernetesClient client, String namespace, Application app, String revision) {
        String appName = app.getMetadata().getName();
        if (app.getSpec().hasMultipleSources()) {
            throw new CliException("application '" + appName + "' has several sources: --core mode renders a single"
                    + " Git source only; log in to a Sextant server (sextant login HOST) to render or diff it");
        }
        ApplicationSource source = app.getSpec().getSource();
        if (source != null && source.getChart() != null && !source.getChart().isBlank()) {
            throw new CliException("application '" + appName + "' takes chart " + source.getChart() + " from a Helm"
                    + " repository: --core mode renders Git sources only; log in to a Sextant server"
                    + " (sextant login HOST) to render or diff it");
        }
        if (source == null) {
            throw new CliException("application '" + app.getMetadata().getName() + "' has no spec.source");
        }
        String url = source.getRepoURL();
        String wanted = revision == null || revision.isBlank() ? source.getTargetRevision() : revision;
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "sextant", "cli-repos");
        try (RepoCache repos = new RepoCache(cache)) {
            repos.fetch(
                    url, CredentialsResolver.read(client, namespace).forUrl(url).orElse(null));
            String sha = repos.resolve(url, wanted);
            String destination = app.getSpec().getDestination() == null
                    ? null
                    : app.getSpec().getDestination().getNamespace();
            RenderResult result = Renderers.standard()
                    .render(
                            repos.snapshot(url, sha),
                            source,
                            RenderContext.of(app.getMetadata().getName(), destination));
            return new Result(sha, result.sourceType(), result.manifests());
        }
    }
}
