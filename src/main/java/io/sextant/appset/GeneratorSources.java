package io.sextant.appset;

import io.sextant.repo.git.RepoSnapshot;
import java.util.List;
import java.util.Map;

/** What generators read: the clusters Sextant knows and Git repositories at a revision. */
interface GeneratorSources {

    /** A cluster for the clusters generator: a cluster Secret's name, server, labels and annotations. */
    record Cluster(String name, String server, Map<String, String> labels, Map<String, String> annotations) {}

    /** The clusters of cluster Secrets ({@code argocd.argoproj.io/secret-type: cluster}), in name order. */
    List<Cluster> clusters();

    /**
     * The repository at {@code url} at {@code revision} (fetched at most once per reconcile of a set).
     *
     * @throws io.sextant.repo.RepoException when it cannot be fetched or the revision is unknown
     */
    RepoSnapshot git(String url, String revision);
}
