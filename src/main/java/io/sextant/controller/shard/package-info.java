/**
 * Scale-out of the controller: several replicas share the Applications through Lease objects
 * (coordination.k8s.io/v1) in the control-plane namespace, and nothing else.
 *
 * <h2>Membership and ownership</h2>
 * Each replica holds its own Lease {@code sextant-controller-<replica id>} (label
 * {@code sextant.io/controller-member=true}), renewed every {@code lease-renew-period} (5 s), lasting
 * {@code lease-duration} (15 s). It watches the others' Leases ({@link io.sextant.controller.shard.Members});
 * a member is live while its last renewal, as seen on this replica's monotonic clock, is younger than its
 * lease duration. The owners come from {@link io.sextant.controller.shard.HashRing}: consistent hashing
 * with bounded loads over the sorted live members and the Application names, so replicas that see the same
 * members and Applications agree without talking to each other. Each replica labels the Applications it
 * works on with {@code sextant.io/controller-replica=<id>}
 * ({@code kubectl get applications -L sextant.io/controller-replica}). The reconcile queue asks
 * {@link io.sextant.controller.shard.Sharding#claim} before every reconcile; Applications gained are
 * enqueued, so a new owner picks up where the old one stopped: a sync in progress is resumed from
 * {@code status.operationState}, an auto-sync not yet started is started.
 *
 * <h2>Why no Application is worked on by two replicas</h2>
 * Working on an Application (comparing, syncing) must stop on the old owner before it starts on the new one.
 * Ownership moves for three reasons, each with its rule ({@link io.sextant.controller.shard.Ownership}):
 * <ol>
 * <li><b>A replica dies or is cut off.</b> It stops working on everything when its last successful renewal
 * started more than {@code renew deadline = lease duration - renew period} ago (fencing by time: its own
 * clock, no API call needed, so a replica cut off from the API server stops too). The others count its Lease
 * as expired one full lease duration after they saw that same renewal, which is later than when it stopped;
 * they take its Applications at once. The margin (one renew period) covers a reconcile step under way when
 * the deadline passes.
 * <li><b>A replica joins, or the load bound moves an Application between live replicas.</b> The old owner
 * is alive and drops the Application as soon as it sees the same change (a watch event: milliseconds).
 * The new owner holds the Application for one renew period before working on it, time for the old one to
 * see the change and finish the step it is in. Applications created while several replicas run are held
 * the same way (the replicas may see the set of Applications change a moment apart).
 * <li><b>This replica gets its Lease back after missing its deadline.</b> The others may have taken its
 * Applications meanwhile; they give them back when they see the renewal, so everything it owns is held
 * for one renew period.
 * </ol>
 * A replica that starts alone (no other live Lease once its own is written) owns everything at once: two
 * replicas starting together each write their Lease before listing, so at least one of them sees the
 * other and holds. A replica stopping cleanly stops its workers, then deletes its Lease, so the others
 * take over at once.
 *
 * <p><b>Fencing within a step.</b> A replica may also stall in the middle of a step (a stopped process, a long
 * pause) for longer than its Lease, while another replica takes its Applications. When it wakes, the step it
 * was in must not write on. Each reconcile runs under a fence ({@link io.sextant.controller.shard.Sharding#fence},
 * checked through {@code io.sextant.operation.Fence} before every write of a sync step, every operation
 * state write and every status write): it holds while the Lease has not passed its renew deadline on this
 * replica's monotonic clock (which also counts the time a stopped process stood still), while the renewal
 * epoch is the one the reconcile began in (a renewal after a lapse moves it, so a woken replica that renews
 * at once does not revive old work), and while the Application is still this replica's to act on. No API
 * call: this replica's member Lease is written by no one else, so its holder cannot change under it; what
 * can change is whether the others still count it, and that is what the deadline and the epoch answer
 * (SplitBrainIT).
 *
 * <p>Assumed: a watch event reaches the other replicas well within one renew period, one reconcile step
 * (one sync wave's apply) ends within one renew period, and clocks run at the same rate (machines' wall
 * clocks only matter for a Lease first seen long expired). Behind these, the writes of an operation's
 * state carry the resourceVersion they read, so two writers of one Application's status conflict instead
 * of silently overwriting each other.
 *
 * <h2>Leader</h2>
 * One replica also holds {@code sextant-controller-leader} ({@link io.sextant.controller.shard.Leader},
 * fabric8's LeaderElector) and deletes the Leases of replicas gone for good. Reading the settings and the
 * periodic refresh round are not singletons: every replica needs the settings, and each refreshes the
 * Applications it owns (fetching only their repositories).
 *
 * <h2>Off</h2>
 * {@code sextant.controller.sharding=off} (and {@code auto} outside a pod) writes no Lease and owns every
 * Application: a single controller, as before.
 */
package io.sextant.controller.shard;
