/**
 * The repo server: from a repository URL and a target revision to the Kubernetes manifests of an
 * Application source. Plain Java (no CDI); the controller wires it.
 *
 * <ul>
 * <li>{@link io.sextant.repo.git} — a cache of bare JGit clones (one per repository, one fetch per
 *     repository per refresh round), credentials from Argo CD-style Secrets, revision resolution, and
 *     read-only access to a commit's files without a checkout.</li>
 * <li>{@link io.sextant.repo.render} — source type detection, renderers behind one interface
 *     (plain YAML/JSON directories, Kustomize, Helm charts from Git, Helm
 *     repositories and OCI registries, Jsonnet), hard limits against hostile repositories, and a manifest cache keyed by commit.</li>
 * </ul>
 *
 * <p>A refresh, as the controller does it:
 * <pre>{@code
 * FetchRound round = repoCache.newRound();                         // once per refresh cycle
 * Credentials creds = credentialsResolver.forUrl(url).orElse(null);
 * String sha = round.resolve(url, source.getTargetRevision(), creds); // fetches url at most once per round
 * ManifestCache.Key key = ManifestCache.key(url, sha, source, ctx);
 * RenderResult target = manifestCache.computeIfAbsent(key,
 *         () -> Renderers.standard().render(repoCache.snapshot(url, sha), source, ctx));
 * }</pre>
 *
 * <p>Every failure is a {@link io.sextant.repo.RepoException} with a {@link io.sextant.repo.RepoException.Reason}
 * and a message meant for the Application's conditions: it names the URL (without credentials), the
 * revision, the file and document, and never holds a password, token, key or a Secret's value.
 */
package io.sextant.repo;
