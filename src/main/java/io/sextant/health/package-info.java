/**
 * Resource and application health as Argo CD assesses it, with custom checks in Lua and one deliberate
 * improvement: a rollout whose new pods cannot pull their image is Degraded at once. Plain Java, no CDI;
 * every public type is thread-safe.
 *
 * <h2>Entry points</h2>
 * <pre>
 * LuaHealthRunner lua = new LuaHealthRunner();                       // one per process; close() at shutdown
 * HealthAssessor assessor = new HealthAssessor(
 *         new CustomHealthChecks(HealthCustomizations.fromSettings(settingsCmData), lua));
 * Optional&lt;Health&gt; h = assessor.assess(liveObject, cache::childrenOf);   // empty: the kind has no health
 * AppHealth app = new HealthAggregator(assessor).aggregate(appKey, managedResources, cache::childrenOf);
 * app.status()      // "Degraded"          app.resources()   // ResourceKey -&gt; Health, in input order
 * </pre>
 * Rebuild the {@link io.sextant.health.CustomHealthChecks} (and the assessor) when the settings change;
 * keep the {@link io.sextant.health.LuaHealthRunner}, which caches compiled scripts by their text.
 *
 * <h2>Health of one object ({@link io.sextant.health.HealthAssessor})</h2>
 * In order, as Argo CD's {@code GetResourceHealth}:
 * <ol>
 * <li>deletionTimestamp set (and no {@code argocd.argoproj.io/hook-finalizer}): Progressing
 *     "Pending deletion";</li>
 * <li>a custom Lua check for the object's group and kind, when the settings have one (a
 *     {@code resource.customizations.health.*} key of sextant-cm, else a file of the
 *     {@link io.sextant.health.HealthCheckTree} in the Git repository {@code health.checks.repoURL} names —
 *     Sextant's own addition) — it overrides the built-in rule (a script that returns nil or an empty table gives no health, and the rule below
 *     decides, as gitops-engine falls back);</li>
 * <li>the built-in rule ({@link io.sextant.health.BuiltInHealthChecks}), one small class per kind
 *     following gitops-engine: Deployment, StatefulSet, DaemonSet, ReplicaSet, Pod, Service, Ingress,
 *     PersistentVolumeClaim, Job, CronJob, HorizontalPodAutoscaler, APIService, argoproj.io Application
 *     (its {@code status.health}, for app of apps) and Workflow;</li>
 * <li>for a custom resource (a group outside Kubernetes' own) without a rule: its status conditions
 *     ({@link io.sextant.health.ConditionsHealth}: observedGeneration, Stalled/Failed, Synced, Ready or
 *     Available, Reconciling) — beyond Argo CD, which gives such objects no health without a Lua check;</li>
 * <li>otherwise no health (empty), as Argo CD.</li>
 * </ol>
 * Rules read absent fields as Go's zero values and never throw. The API version is not consulted.
 *
 * <h2>Beyond Argo CD: stuck pods</h2>
 * Argo CD keeps a Deployment whose new pods wait in ImagePullBackOff Progressing until its
 * {@code progressDeadlineSeconds} (10 minutes by default) runs out. Here a Deployment, StatefulSet,
 * DaemonSet or ReplicaSet that would be Progressing is Degraded once a pod of its current revision,
 * at least 10 s old, waits in ErrImagePull, ImagePullBackOff, CrashLoopBackOff or InvalidImageName
 * (younger pods get the grace of a retried pull, and people see the rollout Progressing first; the
 * controller re-checks Progressing apps every 5 s, so the change needs no event), with a message naming
 * pod, container, reason and image: {@code Pod worker-7d9c-abc: container worker waiting in
 * ImagePullBackOff for image dockercoins/worker:v0.3}. The current revision is the ReplicaSet whose
 * {@code deployment.kubernetes.io/revision} equals the Deployment's, the StatefulSet's
 * {@code status.updateRevision} (pod label {@code controller-revision-hash}), the DaemonSet's generation
 * (pod label {@code pod-template-generation}). Pods are found through {@link io.sextant.health.Children}
 * ({@code ownerReferences} uid, Deployment → ReplicaSets → Pods); with {@link
 * io.sextant.health.Children#NONE} the verdict is Argo CD's. Pods of older revisions never count, and
 * Suspended or Healthy verdicts are never changed.
 *
 * <h2>Application health ({@link io.sextant.health.HealthAggregator})</h2>
 * As Argo CD 3's controller: the worst ({@link io.sextant.health.Health#isWorse}: Healthy &lt;
 * Suspended &lt; Progressing &lt; Missing &lt; Degraded &lt; Unknown) over resources that count. Hooks
 * and {@code hook: Skip} objects, target or live ({@link io.sextant.model.HookAnnotations}, the classifier
 * the comparison and the sync planner use too), {@code argocd.argoproj.io/ignore-healthcheck:
 * "true"} and the app's own Application are left out; resources without a health rule do not count; a
 * missing resource is shown Missing but counts only when nothing of the app exists (then the app is
 * Missing); a child Application that is Missing or Unknown does not count. Unknown counts, and is worst.
 *
 * <h2>Custom checks in Lua</h2>
 * Settings keys as Argo CD's argocd-cm ({@link io.sextant.health.HealthCustomizations}):
 * {@code resource.customizations.health.<group>_<kind>}, {@code resource.customizations.health.<kind>}
 * for core kinds, globs ({@code *.aws.crossplane.io_*}), and the older {@code resource.customizations}
 * YAML block. A script sees the object as the global {@code obj} and returns {@code {status=...,
 * message=...}}. It runs with LuaJ in a sandbox ({@link io.sextant.health.LuaSandbox}: base functions
 * for data, {@code string}, {@code table}, {@code math}, and Argo CD's safe {@code os.time}/{@code os.date};
 * no {@code io}, {@code os.execute}, {@code require}, {@code load}, {@code dofile}, {@code debug},
 * {@code package}, {@code luajava}), on a worker thread, limited to 100 ms of CPU time and 64 MiB of
 * allocation by default ({@link io.sextant.health.LuaWatchdog}), the caller waiting at most about twice
 * the time limit. A script that fails — error, timeout ("health check script timed out"), memory,
 * invalid status, no table — gives Unknown with a message saying why; it never fails the refresh.
 *
 * <h2>Hostile input</h2>
 * Objects are read defensively (no recursion on object content except the Lua conversion, capped at
 * 100 levels). Glob keys match in O(pattern × text) without regular expressions. The legacy YAML block
 * is parsed with alias, depth and size limits. Scripts over 256 KiB are refused; script messages are cut
 * at 8 KiB. Known gaps: a runaway script stuck inside a library call (a pathological
 * {@code string.find} pattern) is stopped with {@code Thread.stop} on Java 17–19; on later JVMs its
 * thread is abandoned, counted, and after four such threads custom checks are refused until restart.
 */
package io.sextant.health;
