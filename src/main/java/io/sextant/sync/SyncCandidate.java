package io.sextant.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.model.ResourceKey;
import java.util.Objects;

/**
 * One resource as the comparison left it, the planner's input. Hooks are candidates too: manifests from
 * Git carrying hook annotations. The planner neither copies nor changes the objects.
 *
 * @param key             identity of the resource
 * @param target          manifest from Git; null when Git no longer has it
 * @param live            object in the cluster; null when missing
 * @param outOfSync       the comparison found a difference (or the object is missing)
 * @param requiresPruning live but no longer in Git: a candidate for pruning
 */
public record SyncCandidate(
        ResourceKey key, ObjectNode target, ObjectNode live, boolean outOfSync, boolean requiresPruning) {

    public SyncCandidate {
        Objects.requireNonNull(key, "key");
        if (target == null && live == null) {
            throw new IllegalArgumentException(key + ": a candidate needs a target, a live object or both");
        }
    }

    /** A resource from Git, with its live object if any; out of sync unless the caller knows better. */
    public static SyncCandidate of(ObjectNode target, ObjectNode live, boolean outOfSync) {
        return new SyncCandidate(ResourceKey.of(target), target, live, outOfSync, false);
    }

    /** A live resource Git no longer has. */
    public static SyncCandidate orphan(ObjectNode live) {
        return new SyncCandidate(ResourceKey.of(live), null, live, true, true);
    }

    /** The object the resource's annotations are read from: the target when there is one, else the live. */
    public ObjectNode obj() {
        return target != null ? target : live;
    }
}
