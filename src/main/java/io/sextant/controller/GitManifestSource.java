package io.sextant.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.sextant.model.Application;
import io.sextant.model.ApplicationSource;
import io.sextant.repo.RepoException;
import io.sextant.repo.git.CommitInfo;
import io.sextant.repo.git.Credentials;
import io.sextant.repo.git.CredentialsResolver;
import io.sextant.repo.git.FetchRound;
import io.sextant.repo.git.RepoCache;
import io.sextant.repo.git.RepoSnapshot;
import io.sextant.repo.render.ManifestCache;
import io.sextant.repo.render.RenderContext;
import io.sextant.repo.render.RenderResult;
import io.sextant.repo.render.Renderers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Git (or a Helm chart repository) → manifests for the reconcile loop: resolves an Application's source to a commit (one
 * fetch per repository per refresh round), then renders it. Repository credentials come from
 * the Secrets labelled {@code argocd.argoproj.io/secret-type}, watched, so a Secret added or changed
 * counts at once (as in Argo CD, where it is read at every fetch). Renders are
 * cached by repository, commit, path and source settings; a hard refresh drops the repository's.
 *
 * <p>Thread-safe: rounds are swapped atomically; a render in flight finishes in its round.
 */
public final class GitManifestSource {

    private final KubernetesClient client;
    private final String namespace;
    private final RepoCache repos;
    private volatile Renderers renderers;
    private final ManifestCache manifests;
    private volatile FetchRound round;
    /** Chart versions resolved in this round, by repository URL, chart and revision: one index.yaml read per round. */
    private volatile Map<String, String> chartVersions = new ConcurrentHashMap<>();

    private volatile CredentialsResolver credentials = new CredentialsResolver(List.of());
    private final SharedIndexInformer<Secret> secrets;

    public GitManifestSource(KubernetesClient client, String namespace, RepoCache repos, Renderers renderers) {
        this.client = client;
        this.namespace = namespace;
        this.repos = repos;
        this.renderers = renderers;
        this.manifests = new ManifestCache(ManifestCache.DEFAULT_MAX_ENTRIES * 10, ManifestCache.DEFAULT_MAX_BYTES);
        this.secrets = client.secrets()
                .inNamespace(namespace)
                .withLabel(CredentialsResolver.SECRET_TYPE_LABEL)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Secret s) {
                        readCredentials();
                    }

                    @Override
                    public void onUpdate(Secret before, Secret after) {
                        readCredentials();
                    }

                    @Override
                    public void onDelete(Secret s, boolean unknown) {
                        readCredentials();
                    }
                });
        readCredentials();
        newRound();
    }

    /** Starts a refresh round: the next request for each repository fetches it again. */
    public void newRound() {
        round = repos.newRound();
        chartVersions = new ConcurrentHashMap<>();
    }

    /**
     * Renders the Application's source.
     *
     * @param fetchNow fetch the repository now even if this round fetched it already (a refresh
     *                 the user asked for, after a push)
     * @param hard drop the repository's cached renders first (a hard refresh)
     */
    public Rendered render(Application app, boolean fetchNow, boolean hard) {
        return render(app, fetchNow ? System.nanoTime() : NO_REFRESH, hard);
    }

    /** No refresh was asked for: the round's fetch serves. */
    public static final long NO_REFRESH = Long.MIN_VALUE;

    /**
     * Renders the Application's source.
     *
     * @param refreshAsked when a refresh of the app was asked for ({@link System#nanoTime()}), or
     *                     {@link #NO_REFRESH}: a fetch that started after that moment serves it
     * @param hard drop the repository's cached renders first (a hard refresh)
     */
    public Rendered render(Application app, long refreshAsked, boolean hard) {
        if (MultiSource.of(app)) {
            return renderSources(app, app.getSpec().getSources(), null, refreshAsked, hard);
        }
        ApplicationSource source = app.getSpec().getSource();
        if (source == null) {
            throw new IllegalArgumentException("spec.source is missing: set repoURL, path and targetRevision");
        }
        return render(app, source, source.getTargetRevision(), refreshAsked, hard);
    }

    /**
     * Renders {@code source} at {@code revision} for the Application (a sync to a given revision, a
     * rollback to a history entry's source).
     */
    public Rendered render(Application app, ApplicationSource source, String revision, boolean fetchNow, boolean hard) {
        return render(app, source, revision, fetchNow ? System.nanoTime() : NO_REFRESH, hard);
    }

    /**
     * Renders {@code sources} together (a multi-source Application, a sync or rollback of one) at
     * {@code revisions}, one per source, a null or blank entry (or a null list) meaning the source's
     * targetRevision. Each source resolves to a commit (or chart version); {@code $<ref>/} value files are
     * read at the commit of the source with that ref; the manifests of all sources together are the target.
     * The revision of the result holds every source's, in order ({@link SourceRevisions}).
     */
    public Rendered renderSources(
            Application app, List<ApplicationSource> sources, List<String> revisions, boolean fetchNow, boolean hard) {
        return renderSources(app, sources, revisions, fetchNow ? System.nanoTime() : NO_REFRESH, hard);
    }

    private Rendered renderSources(
            Application app, List<ApplicationSource> sources, List<String> revisions, long refreshAsked, boolean hard) {
        try {
            MultiSource.check(sources);
        } catch (IllegalArgumentException e) {
            // A render error, not a crash: the last good state is kept and shown, as for any render error.
            throw new RepoException(RepoException.Reason.INVALID_ARGUMENT, e.getMessage());
        }
        RenderContext ctx = context(app);
        FetchRound r = refreshAsked != NO_REFRESH ? repos.newRound(refreshAsked) : round;
        int n = sources.size();
        List<Target> targets = new ArrayList<>(n);
        Map<String, RepoSnapshot> refs = new HashMap<>();
        for (int i = 0; i < n; i++) {
            ApplicationSource s = sources.get(i);
            String wanted = revisions != null
                            && i < revisions.size()
                            && revisions.get(i) != null
                            && !revisions.get(i).isBlank()
                    ? revisions.get(i)
                    : s.getTargetRevision();
            try {
                Target t = resolve(s, wanted, r, refreshAsked != NO_REFRESH, hard, ctx);
                targets.add(t);
                if (MultiSource.hasRef(s)) {
                    refs.put("$" + s.getRef(), repos.snapshot(t.url(), t.revision()));
                }
            } catch (RepoException e) {
                throw MultiSource.inSource(e, i, n, s);
            }
        }
        RenderContext withRefs = ctx.withRefs(refs);
        List<ObjectNode> all = new ArrayList<>();
        List<Integer> origins = new ArrayList<>();
        Map<String, Integer> origin = new HashMap<>();
        List<String> types = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ApplicationSource s = sources.get(i);
            if (MultiSource.refOnly(s)) {
                types.add("");
                continue;
            }
            RenderResult result;
            try {
                // Only a source that reads other sources' files depends on their commits (and caches by them).
                result = render(targets.get(i), MultiSource.readsRefs(s) ? withRefs : ctx);
            } catch (RepoException e) {
                throw MultiSource.inSource(e, i, n, s);
            }
            types.add(result.sourceType());
            for (ObjectNode m : result.manifests()) {
                Integer first = origin.putIfAbsent(MultiSource.identity(m), i);
                if (first != null && first != i) {
                    throw new RepoException(
                            RepoException.Reason.INVALID_ARGUMENT, MultiSource.renderedTwice(m, first, i, sources));
                }
            }
            all.addAll(result.manifests());
            origins.addAll(java.util.Collections.nCopies(result.manifests().size(), i));
        }
        return new Rendered(
                SourceRevisions.join(targets.stream().map(Target::revision).toList()),
                SourceRevisions.join(types),
                all,
                origins);
    }

    private Rendered render(
            Application app, ApplicationSource source, String revision, long refreshAsked, boolean hard) {
        boolean fetchNow = refreshAsked != NO_REFRESH;
        RenderContext ctx = context(app);
        Target t = resolve(source, revision, fetchNow ? repos.newRound(refreshAsked) : round, fetchNow, hard, ctx);
        RenderResult result = render(t, ctx);
        return new Rendered(t.revision(), result.sourceType(), result.manifests());
    }

    private static RenderContext context(Application app) {
        String destinationNamespace = app.getSpec().getDestination() == null
                ? null
                : app.getSpec().getDestination().getNamespace();
        return RenderContext.of(app.getMetadata().getName(), destinationNamespace);
    }

    /** A source resolved: to a commit of its Git repository, or to a chart version of its Helm repository. */
    private record Target(ApplicationSource source, String url, String revision, boolean chart) {}

    private Target resolve(
            ApplicationSource source,
            String revision,
            FetchRound r,
            boolean fetchNow,
            boolean hard,
            RenderContext ctx) {
        if (Renderers.isHelmRepositoryChart(source)) {
            // A chart of a Helm repository: no git; the "revision" is the chart version the index resolves.
            ApplicationSource chartSource = source;
            if (revision != null && !revision.equals(source.getTargetRevision())) {
                chartSource = new ApplicationSource();
                chartSource.setRepoURL(source.getRepoURL());
                chartSource.setChart(source.getChart());
                chartSource.setHelm(source.getHelm());
                chartSource.setTargetRevision(revision);
            }
            String memoKey = source.getRepoURL() + "\n" + source.getChart() + "\n" + chartSource.getTargetRevision();
            String version = fetchNow ? null : chartVersions.get(memoKey);
            if (version == null) {
                version = renderers.resolveChartVersion(chartSource, ctx);
                chartVersions.put(memoKey, version);
            }
            if (hard) {
                manifests.invalidate(source.getRepoURL());
            }
            return new Target(chartSource, source.getRepoURL(), version, true);
        }
        String url = source.getRepoURL();
        Credentials found = credentials.forUrl(url).orElse(null);
        String sha = r.resolve(url, revision, found);
        if (hard) {
            manifests.invalidate(url);
        }
        return new Target(source, url, sha, false);
    }

    /** Apps sharing a commit (or chart version), path and settings share one render; the comparator copies what it changes. */
    private RenderResult render(Target t, RenderContext ctx) {
        ManifestCache.Key key = ManifestCache.key(t.url(), t.revision(), t.source(), ctx);
        return t.chart()
                ? manifests.computeIfAbsent(key, () -> renderers.renderChart(t.source(), t.revision(), ctx))
                : manifests.computeIfAbsent(
                        key, () -> renderers.render(repos.snapshot(t.url(), t.revision()), t.source(), ctx));
    }

    /**
     * The commit {@code revision} names in the Application's repository (fetched in this round if
     * needed): for the API's revision metadata.
     */
    public CommitInfo commit(Application app, String revision) {
        return commit(app, revision, 0);
    }

    /** As above, in the repository of source {@code index} (from 0) of a multi-source Application. */
    public CommitInfo commit(Application app, String revision, int index) {
        ApplicationSource source;
        if (MultiSource.of(app)) {
            List<ApplicationSource> sources = app.getSpec().getSources();
            if (index < 0 || index >= sources.size()) {
                throw new IllegalArgumentException("sourceIndex " + index + " is out of range: the application has "
                        + sources.size() + " sources (counting from 0)");
            }
            source = sources.get(index);
            if (Renderers.isHelmRepositoryChart(source)) {
                throw new IllegalArgumentException("source " + index + " is a chart of a Helm repository: it has no"
                        + " commits; ask for a Git source's sourceIndex");
            }
        } else {
            source = app.getSpec().getSource();
        }
        if (source == null) {
            throw new IllegalArgumentException("spec.source is missing: set repoURL, path and targetRevision");
        }
        String url = source.getRepoURL();
        // A user asks about a revision now: a branch named must be resolved against the server's
        // current state, not this round's fetch (one fetch per call; these calls are rare).
        String sha =
                repos.newRound().resolve(url, revision, credentials.forUrl(url).orElse(null));
        return repos.commit(url, sha);
    }

    /**
     * The files of {@code url} at {@code revision}, resolved in this refresh round with the
     * repository's credentials (for settings kept in Git, such as health checks).
     */
    public RepoSnapshot snapshot(String url, String revision) {
        String sha = round.resolve(url, revision, credentials.forUrl(url).orElse(null));
        return repos.snapshot(url, sha);
    }

    /** Renders with {@code next} from now on (sextant-cm changed a tool setting); renders in flight finish. */
    public void setRenderers(Renderers next) {
        this.renderers = Objects.requireNonNull(next);
    }

    /** The renderers in use. */
    public Renderers renderers() {
        return renderers;
    }

    /** The render cache (its hit and miss counts serve the benchmarks). */
    public ManifestCache cache() {
        return manifests;
    }

    /** Rebuilds the resolver from the informer's Secrets (cheap: a handful of Secrets). */
    private void readCredentials() {
        if (secrets == null) {
            return; // called while the informer starts; the constructor reads once it is up
        }
        credentials = new CredentialsResolver(secrets.getStore().list().stream()
                .map(s -> (JsonNode) client.getKubernetesSerialization().convertValue(s, JsonNode.class))
                .toList());
    }

    /** Stops watching Secrets. */
    public void close() {
        secrets.close();
    }
}
