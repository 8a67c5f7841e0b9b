/**
 * Carrying out sync operations against a cluster: {@link io.sextant.operation.SyncRun} takes the plan the
 * {@code sync} package made (pure planning, no cluster access), runs the steps that have no result yet
 * through {@link io.sextant.kube.ClusterWriter}, and says where the operation stands (Running with what it
 * waits for, Succeeded or Failed). It never blocks a thread on the cluster: whatever it must wait for (a
 * wave's health, a hook, the previous hook's deletion) ends the call with {@code Running}, and the
 * controller calls again later. Plain Java, no CDI; one call per Application at a time.
 *
 * <p>{@link io.sextant.operation.SyncRun} decides what runs when; package-private helpers do the work: one
 * task's write ({@code TaskWriter}), a step's writes side by side on a pool shared per destination cluster
 * ({@code StepWrites}), reading how far a step got ({@code StepProgress}), the namespace of
 * CreateNamespace=true ({@code ManagedNamespace}) and the recorded results a run resumes from
 * ({@code TaskResults}). {@link io.sextant.operation.RequestedSync} reads what an Application's operation asks
 * of the planner and of the run.
 *
 * <p>Before each task it starts, and before SyncFail hooks, a run checks {@link io.sextant.operation.Fence}: a
 * controller replica that lost the Application while it was stalled stops there. A write the API server did
 * not answer, or answered 401, 429 or 5xx ({@code ResourceWriter.transientFailure}), is not the object's
 * result: the run ends {@code Running}, "waiting for the API server", and tries again. Test-only fault points
 * ({@link io.sextant.operation.FaultPoints}) hold a run at named places for the fault tests.
 *
 * <p>The rules it follows (phases, waves, hooks, deletion policies, SyncFail, retries) and the Argo CD pages
 * they come from are the manual of {@code io.sextant.sync}.
 */
package io.sextant.operation;
