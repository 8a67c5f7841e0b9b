package io.sextant.appset;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sextant.model.Application;
import io.sextant.model.ApplicationSet;
import io.sextant.repo.git.RepoCache;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The Applications a set would generate now, without writing anything: what Argo CD's
 * {@code POST /api/v1/applicationsets/generate} and {@code argocd appset generate} answer. It runs the
 * generators and the template as the role does (the same refusals of fields not implemented, the same
 * bound of {@code sextant.applicationset.max-apps}), with its own repository cache, so a preview never
 * waits on the role's fetches. One preview at a time (previews are rare; Git fetches are the cost).
 */
public final class AppSetPreview implements AutoCloseable {

    private final KubernetesClient client;
    private final String namespace;
    private final int maxApps;
    private final RepoCache repos;
    private final ObjectMapper json = new ObjectMapper();

    /** @param cacheDir the repository cache directory ({@code sextant.repo.cache-dir}); previews use a folder of it */
    public AppSetPreview(KubernetesClient client, String namespace, Path cacheDir, Duration fetchTimeout, int maxApps) {
        this.client = client;
        this.namespace = namespace;
        this.maxApps = maxApps;
        this.repos = new RepoCache(cacheDir.resolve("applicationset-preview"), new RepoCache.Settings(fetchTimeout));
    }

    /**
     * The apps {@code set} generates, sorted by name, in the namespace the set would write them to.
     *
     * @throws IllegalArgumentException saying why the set cannot generate (the message its ErrorOccurred
     *     condition would carry), or naming the apps whose template fails
     */
    public synchronized List<Application> generate(ApplicationSet set) {
        AppSetPlan plan;
        try {
            plan = AppSetPlan.of(
                    set,
                    new AppSetSources(
                            client,
                            namespace,
                            () -> client.secrets()
                                    .inNamespace(namespace)
                                    .withLabel(AppSetSources.CLUSTER_LABEL, "cluster")
                                    .list()
                                    .getItems(),
                            repos),
                    maxApps,
                    json);
        } catch (AppSetException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (!plan.problems().isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", plan.problems()));
        }
        return plan.apps().stream()
                .sorted(java.util.Comparator.comparing(a -> a.getMetadata().getName()))
                .toList();
    }

    @Override
    public void close() {
        repos.close();
    }
}
