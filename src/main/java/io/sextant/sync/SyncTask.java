package io.sextant.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.model.ResourceKey;
import io.sextant.model.ResultCode;
import java.util.Objects;

/**
 * One thing to do to one resource in one phase. A hook listed for two phases gives two tasks. Immutable
 * apart from the Jackson objects, which the planner shares with its input and never changes.
 *
 * @param key        identity; for a hook with only a generateName, the name part is empty
 * @param target     manifest to apply or create; null for a prune
 * @param live       object in the cluster, if any
 * @param action     apply, prune or create hook
 * @param phase      phase the task runs in
 * @param wave       wave within the phase, after the planner's adjustments (prune order, PruneLast,
 *                   namespaces and CRDs pulled forward)
 * @param hook       the hook, or null for a plain resource
 * @param options    the resource's effective sync options (Application's, overridden by its annotation)
 * @param skipReason why the task is reported but not executed; null for tasks to execute
 */
public record SyncTask(
        ResourceKey key,
        ObjectNode target,
        ObjectNode live,
        Action action,
        SyncPhase phase,
        int wave,
        Hook hook,
        SyncOptions options,
        String skipReason) {

    /** Argo CD's result code for a prune the sync did not carry out. */
    public static final String PRUNE_SKIPPED = ResultCode.PRUNE_SKIPPED.code();

    public SyncTask {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(options, "options");
        if (action == Action.PRUNE ? live == null : target == null) {
            throw new IllegalArgumentException(
                    key + ": " + action + " needs " + (action == Action.PRUNE ? "a live object" : "a target"));
        }
    }

    /** The object whose metadata decides ordering: the target, or the live object of a prune. */
    public ObjectNode obj() {
        return target != null ? target : live;
    }

    public boolean isHook() {
        return hook != null;
    }

    /** The executor must create this hook with {@code metadata.generateName}; the API server picks the name. */
    public boolean needsGeneratedName() {
        return hook != null && hook.generateName() != null;
    }

    /** The name used for ordering: the resource name, or the generateName prefix of an unnamed hook. */
    public String sortName() {
        return needsGeneratedName() ? hook.generateName() : key.name();
    }

    /** Reported, not executed. */
    public boolean skipped() {
        return skipReason != null;
    }

    /** The result code to report for a skipped task ({@value #PRUNE_SKIPPED}); null for tasks to execute. */
    public String skipResultCode() {
        return skipReason == null ? null : PRUNE_SKIPPED;
    }

    SyncTask withPlacement(SyncPhase newPhase, int newWave) {
        return new SyncTask(key, target, live, action, newPhase, newWave, hook, options, skipReason);
    }

    @Override
    public String toString() {
        return phase + "/" + wave + " " + action + " " + key.kind() + " " + key.namespace() + "/" + sortName()
                + (skipReason == null ? "" : " (" + skipReason + ")");
    }
}
