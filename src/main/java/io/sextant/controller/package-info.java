/**
 * The reconcile loop. {@link io.sextant.controller.ApplicationController} wires the engine and
 * starts it when this process has the {@code controller} role.
 *
 * <p>When an Application is refreshed: it is created or its spec/operation changes
 * ({@link io.sextant.controller.ApplicationWatcher}); a live object it tracks or targets, or a
 * descendant of one, changes ({@link io.sextant.cache.LiveStateCache} listeners); it carries
 * {@code argocd.argoproj.io/refresh} (the repository is fetched at once, the annotation removed
 * afterwards); a Git push reaches the server in the same process ({@link io.sextant.controller.PushAsks}:
 * fetched at once, no annotation written); and every {@code timeout.reconciliation} of sextant-cm (default
 * 180 s, jitter up to 10 %), each such round fetching every repository once. Argo CD's controller starts its
 * refreshes by the same clock; a round here waits while more than 5 % of the apps are still queued from the
 * previous one (one period at most), so an overloaded controller does not compare apps twice while others
 * wait. A restarted controller leaves unwritten an app whose stored status is what it finds (compared within
 * one period): its {@code reconciledAt} moves at the next round, where Argo CD writes it at every refresh.
 *
 * <p>A refresh ({@link io.sextant.controller.Reconciler}): render from Git
 * ({@link io.sextant.controller.GitManifestSource}), compare with the live state
 * ({@link io.sextant.controller.AppComparator}: server-side dry-run prediction, diff, health),
 * write Argo's status fields with a merge patch ({@link io.sextant.controller.StatusBuilder},
 * {@link io.sextant.controller.StatusWriter}, which skips a status equal to the one it wrote less
 * than a minute before; {@link io.sextant.controller.StatusBudget} keeps {@code status.resources} and the
 * stored sync result under byte budgets, so an app of thousands of resources never has a status etcd
 * refuses, which would be written again on every reconcile; Argo CD has no such bound and its users
 * meet "etcdserver: request is too large"). Failures become a ComparisonError condition with sync status Unknown; an app
 * outside its AppProject's bounds ({@link io.sextant.controller.ProjectWatcher},
 * {@link io.sextant.sync.ProjectBounds}) an InvalidSpecError condition. A refresh writes no cluster
 * object, except for an automated sync it starts: written together with the status
 * ({@link io.sextant.controller.AutoSync} decides), run by {@link io.sextant.controller.OperationRunner}
 * in the same reconcile, its end written with the status after it. An operation's step is planned by
 * {@link io.sextant.controller.SyncPreparer} (render, project bounds, plan), carried out by the
 * {@code operation} package, and recorded by {@link io.sextant.controller.OperationRecorder} through
 * {@link io.sextant.controller.OperationStateWriter} (guarded writes, history).
 *
 * <p>Several sources ({@code spec.sources}, Argo CD's user-guide/multiple_sources): {@link
 * io.sextant.controller.MultiSource} holds the rules (a non-empty {@code sources} wins over {@code source}; ref
 * sources render nothing and lend their repository to {@code $<ref>/} Helm value files, read at their commit);
 * {@link io.sextant.controller.GitManifestSource#renderSources} renders them together, and
 * {@link io.sextant.controller.SourceRevisions} carries every source's revision as one value through the loop,
 * split into Argo CD's {@code revisions[]} where status, operations and history are written.
 *
 * <p>Which Applications: those of the control-plane namespace and of the namespaces of
 * {@code sextant.application-namespaces} ({@link io.sextant.sync.ApplicationNamespaces}; one cluster-wide
 * watch then, filtered). An app outside the control plane is compared and synced only when its project's
 * {@code spec.sourceNamespaces} matches its namespace, else it gets an InvalidSpecError condition; this
 * follows Argo CD's "Applications in any namespace" page (operator-manual/app-any-namespace). Inside the
 * loop an app is named by its {@link io.sextant.model.AppKey} ({@code name}, or {@code namespace_name}, Argo
 * CD's instance name, which is also the {@code <app>} of the tracking ids it stamps).
 *
 * <p>Where: each app's destination cluster ({@link io.sextant.controller.DestinationClusters}): the cluster
 * Sextant runs in, or that of a cluster Secret, resolved by {@code server} or {@code name} as Argo CD resolves
 * them (user-guide/application-specification, "destination"; operator-manual/declarative-setup, "Clusters"),
 * each with its own client, discovery, live-state cache, dry runs and writer
 * ({@link io.sextant.controller.DestinationCluster}), opened on first need and closed when its Secret changes.
 *
 * <p>Work runs on {@code sextant.controller.workers} threads through
 * {@link io.sextant.controller.RefreshQueue}, which never runs one Application twice at once. A reconcile
 * never sleeps, schedules nor writes its status: it returns a {@link io.sextant.controller.ReconcileResult}
 * with the write it decided on ({@link io.sextant.controller.StatusUpdate}: the status, and the automated
 * sync's operation to start in the same write, made by the pure {@link io.sextant.controller.StatusPlanner})
 * and when to look again (a running operation after 1 s, a Progressing app after 5 s); the loop has
 * {@link io.sextant.controller.StatusApplier}, the one writer, carry out the write (conflicts included) and
 * schedules the look-again, as java-operator-sdk's {@code UpdateControl}. Whatever a sync waits for (health,
 * a hook, the previous hook's deletion) ends the call and comes back that way. Two writes stay where the
 * work is: a sync that ends within one call is run where it is decided and recorded with its result
 * ({@link io.sextant.controller.OperationRunner#syncAtOnce}), and operations in progress record their own
 * steps.
 *
 * <p>What the loop does is observable: {@link io.sextant.controller.Metrics} records every Prometheus
 * series of the controller (refreshes, syncs, Git fetches, apps by status, queue depth, each cache's size
 * against its bound), and {@link io.sextant.controller.OperationEvents} writes Kubernetes Events on the
 * Application when a sync starts and ends (Argo CD's reasons, per its event recorder; Normal ones held to a
 * rate so a burst of syncs does not double the API server's work); both hear of operations through
 * {@link io.sextant.controller.OperationObserver}.
 */
package io.sextant.controller;
