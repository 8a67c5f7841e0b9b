/**
 * Rendering an Application source at a commit into Kubernetes manifests (Jackson {@code ObjectNode}s).
 *
 * <h2>Which renderer</h2>
 * {@link io.sextant.repo.render.SourceTypes} applies Argo CD's rules (explicit {@code helm} /
 * {@code kustomize} / {@code directory} / {@code plugin} settings win; otherwise {@code *Chart.yaml}
 * at the path means Helm and {@code kustomization.yaml|yml} / {@code Kustomization} means Kustomize;
 * otherwise Directory). {@link io.sextant.repo.render.Renderers} dispatches to the
 * {@link io.sextant.repo.render.Renderer} of that type: {@link io.sextant.repo.render.DirectoryRenderer}
 * (with {@link io.sextant.repo.render.JsonnetEvaluator} for {@code .jsonnet} files),
 * {@link io.sextant.repo.render.HelmRenderer} and {@link io.sextant.repo.render.KustomizeRenderer};
 * Plugin sources fail with {@code UNSUPPORTED} (never an empty result, which auto-prune would act on).
 *
 * <h2>Tools</h2>
 * Helm, Kustomize and Jsonnet run as their binaries, never in the controller's JVM (a native Helm call
 * cannot be stopped, and Go's fatal out-of-memory would abort the controller: the security review's
 * H4), each bounded in time, output and memory ({@code prlimit --as}), at most a few at once (Jsonnet as {@code sextant-jsonnet}, whose only importer serves the workspace's
 * repository copy: imports are confined by construction, whatever comments, escapes or code variables
 * a file uses) ({@link io.sextant.repo.render.RenderTools}: configured path, else {@code PATH}, else
 * the testbed's cache). Tools read files, so the part of the commit they need is copied from the
 * {@link io.sextant.repo.git.RepoSnapshot} into a private temporary
 * {@link io.sextant.repo.render.Workspace} (paths and symlinks already confined by the snapshot, files
 * written as plain files, counted against the limits) that is deleted after the render. Processes get an
 * argument list (never a shell), a minimal environment, a time bound that kills the process tree and an
 * output bound ({@link io.sextant.repo.render.ToolProcess}). Paths a source names (value files, bases,
 * imports, libs) are checked to stay in the repository before the tool runs; URLs are refused, except
 * the Helm repository a source names ({@link io.sextant.repo.render.HelmRepositoryChart}) and remote
 * Kustomize bases when allowed. Tool messages are shown with the temporary directory replaced by
 * repository paths.
 *
 * <h2>Directory sources</h2>
 * {@code *.yaml}, {@code *.yml}, {@code *.json} at the path (recursively with {@code directory.recurse}),
 * filtered by {@code directory.include}/{@code exclude} ({@link io.sextant.model.Glob}, Argo's
 * gobwas syntax, matched against the path relative to the application path, where {@code *} also
 * crosses {@code /}; a leading {@code ./} is dropped, absolute patterns and {@code ..} are refused), in
 * lexical path order (git's tree order); YAML documents split on {@code ---}; List kinds flattened;
 * every object needs apiVersion, kind and metadata.name (or generateName). YAML files holding no
 * Kubernetes object at all are ignored as Argo CD ignores them, and reported in
 * {@link io.sextant.repo.render.RenderResult#ignoredFiles()}.
 *
 * <h2>Limits</h2>
 * {@link io.sextant.repo.render.RenderLimits} bounds files, bytes (per file and in total), objects, YAML
 * aliases, nesting and the number of JSON values built (alias expansions included); exceeding any gives
 * {@code LIMIT_EXCEEDED} before memory is at risk. YAML is read by SnakeYAML's safe constructor (no
 * arbitrary types), without duplicate keys; timestamps stay strings as in Kubernetes.
 *
 * <h2>Cache</h2>
 * {@link io.sextant.repo.render.ManifestCache} keeps results by (repository, SHA, path, hash of tool
 * settings and context), LRU-bounded by entries and bytes; {@code invalidate(url)} serves hard refresh.
 *
 * <p>Threading: renderers, {@code Renderers} and {@code ManifestCache} are thread-safe; results are shared
 * and must be treated as read-only.
 */
package io.sextant.repo.render;
