/**
 * Sync planning: how Sextant decides what a sync does, and in which order. This is the user manual of
 * sync ordering; everything here behaves as in Argo CD unless it says otherwise. Plain Java, no CDI, no
 * Kubernetes client; every public type is immutable or stateless, so thread-safe.
 *
 * <h2>Entry point</h2>
 * <pre>
 * SyncPlan plan = new SyncPlanner().plan(candidates, request);   // throws SyncPlanException
 * for (SyncStep step : plan.steps()) {                             // PreSync, Sync, PostSync; waves ascending
 *     for (List&lt;SyncTask&gt; group : step.applyGroups()) { ...run the group's tasks together... }
 *     ...wait until the step's resources are healthy, hooks finished, pruned objects gone...
 * }
 * on failure: run plan.syncFailTasks();   report plan.skipped() as PruneSkipped
 * </pre>
 * A {@link io.sextant.sync.SyncCandidate} is one resource after comparison: the manifest from Git (null
 * when Git dropped it), the live object (null when missing), whether they differ, and whether it is to
 * be pruned. Hooks are candidates too. A {@link io.sextant.sync.SyncRequest} carries prune, dry run, the
 * selected resources, the Application's sync options, allowEmpty and whether hooks are skipped.
 *
 * <h2>Phases</h2>
 * A sync runs up to three phases, each only after the one before succeeded:
 * <ol>
 * <li><b>PreSync</b>: hooks annotated {@code argocd.argoproj.io/hook: PreSync} (a database migration, say);</li>
 * <li><b>Sync</b>: every ordinary resource, plus hooks annotated {@code Sync}, plus prunes;</li>
 * <li><b>PostSync</b>: hooks annotated {@code PostSync}, once everything before is applied and healthy.</li>
 * </ol>
 * Hooks annotated {@code SyncFail} run only when the sync failed; they are listed apart in
 * {@link io.sextant.sync.SyncPlan#syncFailTasks()}. PreSync and PostSync hold only hooks.
 *
 * <h2>Waves</h2>
 * Within a phase, resources go in waves: {@code argocd.argoproj.io/sync-wave: "-1"}. The value is an
 * integer and may be negative; without it a resource is in wave 0 (Helm's {@code helm.sh/hook-weight}
 * counts as the wave when there is no sync-wave annotation). The executor ({@link io.sextant.operation.SyncRun}) applies one wave, waits until it
 * is healthy, then moves on; a resource that never gets healthy holds back every later wave. A sync-wave
 * that is not an integer is an error naming the resource (Argo CD silently reads it as 0).
 * Each (phase, wave) pair is one {@link io.sextant.sync.SyncStep}.
 *
 * <h2>Order inside a wave</h2>
 * Prunes first, then by kind, then by name. The kind order is Helm's install order
 * ({@link io.sextant.model.KindOrder#KINDS}): Namespace, NetworkPolicy, ResourceQuota, LimitRange,
 * PodSecurityPolicy, PodDisruptionBudget, ServiceAccount, Secret, SecretList, ConfigMap, StorageClass,
 * PersistentVolume, PersistentVolumeClaim, CustomResourceDefinition, ClusterRole(List),
 * ClusterRoleBinding(List), Role(List), RoleBinding(List), Service, DaemonSet, Pod, ReplicationController,
 * ReplicaSet, Deployment, HorizontalPodAutoscaler, StatefulSet, Job, CronJob, IngressClass, Ingress,
 * APIService. Any other kind (custom resources) comes after these, all such kinds together by name. Only
 * the kind's name counts, not its group. Remaining ties are broken by kind, namespace, group and input
 * position, so the same input always gives the same plan.
 *
 * <p>Within a step the executor runs {@link io.sextant.sync.SyncStep#applyGroups()} one after another:
 * the step's prunes, then each run of same-kind tasks. It does not wait for health between groups; the
 * groups only make sure that, say, a Namespace is created before what goes into it.
 *
 * <h2>Namespaces and CRDs come first</h2>
 * A Namespace in the sync is applied before the first resource that lives in it, and a
 * CustomResourceDefinition before the first custom resource of its group and kind, even when their own
 * waves (or phases) say otherwise: such a Namespace or CRD is moved into the step of the first resource
 * that needs it, ahead of it. So a PreSync hook Job in namespace {@code shop} pulls the Namespace
 * {@code shop} into PreSync. Within one wave the kind order already puts them first.
 *
 * <h2>Hooks</h2>
 * A hook is any manifest with {@code argocd.argoproj.io/hook} (or {@code helm.sh/hook}, below), as
 * {@link io.sextant.model.HookAnnotations} decides for the comparison and the health aggregation too;
 * {@link io.sextant.sync.Hook} then reads its types and delete policies. It is created fresh for its phase (action
 * CREATE_HOOK) rather than kept in step with Git. The value is a comma-separated list of PreSync, Sync,
 * PostSync, SyncFail, Skip, PreDelete and PostDelete (case-sensitive; anything else is an error). A hook
 * listing two phases runs in both, one task each. {@code Skip} alone means the manifest is never applied
 * (listed with other types it is ignored). PreDelete and PostDelete hooks would run when the Application
 * is deleted; Sextant does not run them yet, so a sync leaves them out and the comparison refuses an app
 * that has one (a ComparisonError saying so) rather than delete it without them. A hook may have {@code metadata.generateName} instead of a name:
 * {@link io.sextant.sync.SyncTask#needsGeneratedName()} tells the executor to name it as gitops-engine's
 * sync context does: the generateName, the synced revision's first 7 characters, the phase and the
 * operation's {@code startedAt} in Unix seconds, lower-cased (a retry, which keeps {@code startedAt} as in
 * Argo CD, appends its attempt number, so it runs its hooks anew). The operation is stored as Running
 * before its first step, as Argo CD's controller stores it before syncing, and every hook it creates is
 * annotated {@code sextant.io/hook-operation} with that start: a controller that stopped after creating a
 * hook and before recording it is followed by one that finds the hook by its name and stamp and adopts it,
 * never creating (or deleting and recreating) it again. Hooks do not run in a selective sync, nor with the {@code apply} sync strategy
 * ({@link io.sextant.sync.SyncRequest#skipHooks()}), and a live hook object is never part of the app's sync
 * status, never pruned (in Git or not); its delete policy cleans it up.
 *
 * <p>{@code argocd.argoproj.io/hook-delete-policy} (comma-separated): BeforeHookCreation deletes the
 * previous sync's object just before the new one is created; HookSucceeded and HookFailed delete the object
 * once it finished that way. Without any policy a hook gets BeforeHookCreation.
 *
 * <h2>Helm hooks</h2>
 * Charts rendered by Helm keep their {@code helm.sh/hook} annotations, read as Argo CD's Helm guide says,
 * only when there is no Argo hook annotation (then all Helm hook events are ignored):
 * pre-install and pre-upgrade become PreSync, post-install and post-upgrade PostSync (every sync is both
 * an install and an upgrade, so both run), pre-delete PreDelete, post-delete PostDelete. pre-rollback,
 * post-rollback, test, test-success and test-failure have no equivalent: a manifest with only those is
 * never applied ({@link io.sextant.sync.Hook#ignoredHelmTypes()} names them). {@code crd-install} alone is
 * not a hook; the CRD is applied like any resource. {@code helm.sh/hook-weight} is the wave when there is
 * no sync-wave. {@code helm.sh/hook-delete-policy} before-hook-creation, hook-succeeded and hook-failed add
 * to the Argo policies. Helm's own annotations are read as leniently as Helm reads them: unknown events
 * and weights that are not integers are ignored.
 *
 * <h2>Sync options</h2>
 * Set for the whole Application in {@code spec.syncPolicy.syncOptions} ({@code - PruneLast=true}) or for
 * one resource in {@code argocd.argoproj.io/sync-options: Prune=false,ServerSideApply=true}; for that
 * resource its own value wins. Names are case-sensitive; values true/false/... are not. An unknown name or
 * value is an error listing what is allowed (Argo CD would ignore it). See {@link io.sextant.sync.SyncOptions}:
 * <ul>
 * <li>{@code CreateNamespace=true}: create the destination namespace when missing.</li>
 * <li>{@code Prune=false}: never prune this resource; the sync reports it PruneSkipped with reason
 *     "Prune=false".</li>
 * <li>{@code PruneLast=true}: prune after everything else, in a final wave of the Sync phase.</li>
 * <li>{@code PrunePropagationPolicy=foreground|background|orphan}: how the pruned object's dependents go
 *     (default foreground).</li>
 * <li>{@code Delete=false} (or Helm's {@code helm.sh/resource-policy: keep}): keep the resource when the
 *     Application is deleted.</li>
 * <li>{@code ApplyOutOfSyncOnly=true}: resources already in sync are left out of the plan (hooks still
 *     run, prunes still happen).</li>
 * <li>{@code ServerSideApply=false}: apply client-side. Sextant applies server-side by default, unlike
 *     Argo CD; {@code Replace=true} (replace or create instead of apply) takes precedence over it.</li>
 * <li>{@code Force=true}: delete and recreate when an update is refused.</li>
 * <li>{@code FailOnSharedResource=true}, {@code ClientSideApplyMigration=false}: as in Argo CD.</li>
 * <li>Not implemented, so refused with what to do instead ({@link io.sextant.sync.SyncOptions#UNSUPPORTED}):
 *     {@code Validate=false}, {@code SkipDryRunOnMissingResource=true}, {@code RespectIgnoreDifferences=true},
 *     {@code Prune=confirm}, {@code Delete=confirm}.</li>
 * </ul>
 *
 * <h2>Pruning</h2>
 * A live resource Git no longer has is pruned (action PRUNE) only when the sync asks for pruning; otherwise
 * it is listed in {@link io.sextant.sync.SyncPlan#skipped()} as "ignored (requires pruning)". With
 * {@code Prune=false} on the live object it is listed there too, with reason "Prune=false". Options and
 * wave of a prune come from the live object's annotations. Deleting runs in reverse creation order: the
 * waves of the resources to prune are mirrored, so what was created in the highest wave is deleted in the
 * lowest of those waves and the other way round (skipped prunes count in that mirror, as in Argo CD).
 * Within a step prunes run before anything is applied. With PruneLast (Application-wide or on the live
 * object) a prune moves to one wave after the last wave of the Sync phase (at least wave 1).
 *
 * <h2>Selective sync</h2>
 * When the request names resources (group, kind, namespace, name; empty namespace = any, {@code *} =
 * anything), only those are applied or pruned and no hooks run.
 *
 * <h2>Empty render guard</h2>
 * When pruning is requested, Git renders no resource at all (hooks do not count) and live resources would be
 * pruned, the planner refuses with {@code the source renders no resources; refusing to prune all N resources
 * (set syncPolicy.automated.allowEmpty to allow it)} unless the request allows empty. A broken render must
 * not wipe an application.
 *
 * <h2>Dry run</h2>
 * The plan is the same; {@link io.sextant.sync.SyncPlan#dryRun()} tells the executor to change nothing.
 *
 * <h2>Which rule follows which page</h2>
 * Argo CD's documentation is the specification (pages of its user guide, stable release); where it is
 * silent, gitops-engine's sync context decides. Each rule is tested by the test named.
 * <table>
 * <caption>Hook and auto-sync rules</caption>
 * <tr><th>Rule</th><th>Argo CD page</th><th>Test</th></tr>
 * <tr><td>PreSync, Sync, PostSync, SyncFail, Skip; a hook runs once per operation</td>
 *     <td>Resource Hooks (user-guide/resource_hooks)</td><td>SyncRulesTest, ArgoExamplesConformanceTest,
 *     SyncRunTest (resumed by another controller, generateName included; a hook created and not recorded
 *     is adopted), FaultInjectionIT (controller killed or stopped at named points)</td></tr>
 * <tr><td>No delete policy means BeforeHookCreation; fixed-name hooks replaced on the next sync;
 *     HookSucceeded / HookFailed delete a hook once it ended that way</td>
 *     <td>Resource Hooks, "Hook deletion policies"</td><td>ArgoExamplesConformanceTest (second sync), SyncRunTest</td></tr>
 * <tr><td>A failed hook or write fails the sync and runs the SyncFail hooks; a retry starts afresh</td>
 *     <td>Resource Hooks ("SyncFail"); Sync Options / retry</td><td>SyncRunTest</td></tr>
 * <tr><td>A hook is never in the app's sync status, resources or pruning</td>
 *     <td>Resource Hooks; gitops-engine's hook filter</td><td>ArgoExamplesConformanceTest, live-hooks-not-pruned.yaml</td></tr>
 * <tr><td>Waves ascending within a phase, each healthy before the next</td>
 *     <td>Sync Phases and Waves (user-guide/sync-waves)</td><td>waves.yaml, SyncRulesTest</td></tr>
 * <tr><td>helm.sh/hook pre-/post-install|upgrade, hook-weight, hook-delete-policy</td>
 *     <td>Helm (user-guide/helm), "Helm Hooks"</td><td>helm-hooks.yaml, ArgoExamplesConformanceTest</td></tr>
 * <tr><td>The apply strategy runs no hook; force deletes and re-creates</td>
 *     <td>Sync Options / argocd app sync --strategy, --force; gitops-engine WithSkipHooks</td>
 *     <td>apply-strategy-skips-hooks.yaml, SyncRulesTest</td></tr>
 * <tr><td>Automated sync: once per commit; a failed commit is not retried by itself; selfHeal syncs drift
 *     of managed resources back</td><td>Automated Sync Policy (user-guide/auto_sync)</td>
 *     <td>SyncRulesTest, ArgoExamplesConformanceTest (no new operation for 60 s)</td></tr>
 * <tr><td>Prune only when asked; empty render with prune refused unless allowEmpty</td>
 *     <td>Automated Sync Policy, "Automatic Pruning", "Automatic Pruning with Allow-Empty"</td>
 *     <td>empty-render-guard.yaml, SyncRulesTest</td></tr>
 * <tr><td>Sync options per Application and per resource</td><td>Sync Options (user-guide/sync-options)</td>
 *     <td>SyncOptionsTest, SyncRulesTest</td></tr>
 * <tr><td>A refresh follows every operation</td><td>Automated Sync Policy; the CLI's app wait</td>
 *     <td>ArgoExamplesConformanceTest (reconciledAt)</td></tr>
 * </table>
 *
 * <h2>Project bounds</h2>
 * {@link io.sextant.sync.ProjectBounds} says what an AppProject allows (source repositories,
 * destinations, cluster-scoped and namespaced kinds) with Argo CD's semantics; the controller checks
 * an app and every resource of a sync, hooks included, before anything is applied. Destinations name the
 * cluster Sextant runs in or a cluster of a cluster Secret ({@link io.sextant.sync.KnownClusters};
 * {@link io.sextant.sync.Destinations}: exactly one of server and name, Argo's messages for unknown ones); a
 * destination by name matches project entries by its server too, as Argo CD resolves the name first; with
 * {@code permitOnlyProjectScopedClusters} only clusters whose Secret names the project are allowed
 * (user-guide/projects.md, "Project scoped clusters"). {@code ProjectBoundsTest} holds these rules.
 */
package io.sextant.sync;
