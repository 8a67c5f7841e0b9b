package io.sextant.appset;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sextant.kube.ClusterSecret;
import io.sextant.repo.git.CredentialsResolver;
import io.sextant.repo.git.RepoCache;
import io.sextant.repo.git.RepoSnapshot;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What one generation of a set reads: the clusters of the cluster Secrets {@code secrets} gives (the role's
 * informer, or a list for a preview) and Git through {@code repos}, each repository fetched once per
 * generation with the credentials of the repository Secrets. Not thread-safe: one per generation.
 */
final class AppSetSources implements GeneratorSources {

    static final String CLUSTER_LABEL = "argocd.argoproj.io/secret-type";

    private final KubernetesClient client;
    private final String namespace;
    private final Supplier<List<Secret>> secrets;
    private final RepoCache repos;
    private final Map<String, RepoSnapshot> fetched = new HashMap<>();

    AppSetSources(KubernetesClient client, String namespace, Supplier<List<Secret>> secrets, RepoCache repos) {
        this.client = client;
        this.namespace = namespace;
        this.secrets = secrets;
        this.repos = repos;
    }

    @Override
    public List<Cluster> clusters() {
        return secrets.get().stream()
                .filter(s -> ClusterSecret.value(s, "server") != null)
                .map(s -> {
                    String server = ClusterSecret.value(s, "server").strip();
                    String n = Optional.ofNullable(ClusterSecret.value(s, "name"))
                            .map(String::strip)
                            .filter(v -> !v.isEmpty())
                            .orElse(server);
                    return new Cluster(
                            n,
                            server,
                            new LinkedHashMap<>(nz(s.getMetadata().getLabels())),
                            new LinkedHashMap<>(nz(s.getMetadata().getAnnotations())));
                })
                .sorted(java.util.Comparator.comparing(Cluster::name))
                .toList();
    }

    @Override
    public RepoSnapshot git(String url, String revision) {
        return fetched.computeIfAbsent(url + "\n" + revision, k -> {
            repos.fetch(
                    url, CredentialsResolver.read(client, namespace).forUrl(url).orElse(null));
            return repos.snapshot(url, repos.resolve(url, revision));
        });
    }

    private static Map<String, String> nz(Map<String, String> m) {
        return m == null ? Map.of() : m;
    }
}
