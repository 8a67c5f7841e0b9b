package io.sextant.controller.shard;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * This replica's share of the Applications and, for each, from when it may act on it: the hand-over
 * rules of package-info, as plain state updated from outside with the time passed in (nanoseconds of
 * one monotonic clock).
 *
 * <p>An Application this replica keeps stays actable. One it gains is actable at once when nobody else
 * can be acting on it: its previous owner (in this replica's last view) has expired or left, or no other
 * member is live at all. Otherwise (a member joined, the load bound moved it between live members, it is
 * new, this replica just started beside others or just got its lease back) it is held for
 * {@code hold}, long enough for the previous owner to see the same change and stop.
 *
 * <p>Not thread-safe: one thread calls {@link #update}; readers use the immutable {@link View} it returns.
 */
final class Ownership {

    /** What one update decided. */
    record Change(View view, List<String> actableNow, Map<String, Long> heldUntil, List<String> dropped) {}

    /**
     * Immutable: the Applications this replica owns and the time from which it may act on each; every
     * Application known at the time with its owner.
     */
    record View(Map<String, Long> actableAt, Set<String> known) {
        static final View NONE = new View(Map.of(), Set.of());

        boolean owns(String app, long now) {
            Long at = actableAt.get(app);
            return at != null && now - at >= 0;
        }
    }

    private final String self;
    private final long hold;
    private Map<String, String> previousOwners = Map.of();
    private Map<String, Long> actableAt = Map.of();
    private boolean fenced;

    Ownership(String self, long holdNanos) {
        this.self = self;
        this.hold = holdNanos;
    }

    /**
     * Recomputes the owners.
     *
     * @param live    the other members whose Leases are unexpired now (this replica excluded)
     * @param apps    the names of all Applications
     * @param leaseOk whether this replica renewed its own Lease within the renew deadline
     * @param now     the monotonic time
     */
    Change update(Set<String> live, Collection<String> apps, boolean leaseOk, long now) {
        if (!leaseOk) {
            List<String> dropped = new ArrayList<>(actableAt.keySet());
            fenced = true;
            actableAt = Map.of();
            return new Change(View.NONE, List.of(), Map.of(), dropped);
        }
        Set<String> members = new HashSet<>(live);
        members.add(self);
        Map<String, String> owners = HashRing.assign(members, apps);
        Map<String, Long> next = new HashMap<>();
        List<String> actableNow = new ArrayList<>();
        Map<String, Long> held = new HashMap<>();
        for (Map.Entry<String, String> e : owners.entrySet()) {
            if (!e.getValue().equals(self)) {
                continue;
            }
            String app = e.getKey();
            Long kept = actableAt.get(app);
            if (kept != null && self.equals(previousOwners.get(app))) {
                next.put(app, kept);
                continue;
            }
            String before = previousOwners.get(app);
            boolean nobodyElse =
                    !fenced && (live.isEmpty() || (before != null && !live.contains(before) && !before.equals(self)));
            if (nobodyElse) {
                next.put(app, now);
                actableNow.add(app);
            } else {
                next.put(app, now + hold);
                held.put(app, now + hold);
            }
        }
        List<String> dropped =
                actableAt.keySet().stream().filter(a -> !next.containsKey(a)).toList();
        previousOwners = owners;
        actableAt = Map.copyOf(next);
        fenced = false;
        return new Change(new View(actableAt, Set.copyOf(owners.keySet())), actableNow, held, dropped);
    }
}
