/**
 * Git access for the repo server, with JGit only (no git binary, no shell).
 *
 * <h2>Clones and fetches</h2>
 * {@link io.sextant.repo.git.RepoCache} keeps one bare clone per repository under its root directory,
 * named by a hash of {@link io.sextant.repo.git.RepoUrls#cacheKey} (user-info, case of scheme and host,
 * trailing {@code /} and {@code .git} do not matter). A fetch takes every branch and tag with prune and
 * moves the clone's HEAD to the server's default branch. A {@link io.sextant.repo.git.FetchRound} makes
 * sure the controller fetches each repository once per refresh round however many Applications use it:
 * concurrent requests for one repository in one round wait for a single fetch and share its result or
 * error. {@link io.sextant.repo.git.RepoCache#resolve} then turns a revision into a commit SHA offline:
 * empty/{@code HEAD}, a full or 7+ abbreviated SHA, {@code refs/...}, a branch, a tag (peeled). A round
 * keeps a failed fetch's error only until a fetch of that repository works (in any round): an error
 * never outlives the outage it reports.
 *
 * <h2>When things fail</h2>
 * A fetch is bounded by {@code sextant.repo.fetch-timeout} of silence (JGit's read timeout). Its errors
 * say what to fix: a 404 (deleted or renamed), an answer that is not git (a proxy or login page), the
 * timeout with the setting's name, a full cache disk with the cache directory. A clone damaged on disk
 * (a pack overwritten or cut short, an object lost, a config or HEAD that does not parse) is found by the
 * read or the open that fails on it; {@link io.sextant.repo.git.BareClone} remembers it, and the next
 * fetch deletes the clone and clones afresh. A reader of an older clone that fails after that does not
 * throw the new one away (a generation count). What was fetched stays readable while a fetch fails.
 *
 * <h2>URLs and arguments</h2>
 * {@link io.sextant.repo.git.RepoUrls#validate} admits https, http, ssh, git and scp-like URLs only;
 * {@code file:}, {@code ext::}, local paths, a leading {@code -}, whitespace and control characters are
 * refused before JGit sees the URL. Revisions are checked the same way (no leading {@code -}, valid ref
 * name syntax). ssh and scp-like URLs are valid but not fetched yet ({@code UNSUPPORTED}): JGit's ssh
 * transport needs {@code org.eclipse.jgit.ssh.apache}, which is not a dependency.
 *
 * <h2>Credentials</h2>
 * {@link io.sextant.repo.git.CredentialsResolver} reads Secrets labelled
 * {@code argocd.argoproj.io/secret-type: repository} (exact URL) or {@code repo-creds} (longest URL
 * prefix), as Argo CD does. HTTP uses basic auth. {@link io.sextant.repo.git.Redactor} strips
 * {@code user:password@} and known secret values from every message; exceptions from JGit are attached
 * only in redacted form.
 *
 * <h2>Reading a commit</h2>
 * {@link io.sextant.repo.git.RepoSnapshot} lists and reads files of one commit straight from the object
 * database. Paths are normalized ({@link io.sextant.repo.git.RepoPaths}); absolute paths, {@code ..}
 * above the root and symlinks whose target is absolute or leaves the root are refused
 * ({@code PATH_ESCAPE}); symlinks inside are followed (at most 8 hops); submodules are skipped.
 *
 * <p>Threading: all public classes are thread-safe; fetches of one repository are serialised, reads never
 * wait for fetches.
 *
 * <p><b>Reverting</b>: {@link io.sextant.repo.git.GitReverter} rolls a branch back by pushing one commit
 * whose files are those of an earlier commit of the branch, listing the undone commits; it pushes with
 * {@code repository-write} / {@code repo-write-creds} credentials
 * ({@link io.sextant.repo.git.CredentialsResolver#forWriteUrl}) and never forces.
 */
package io.sextant.repo.git;
