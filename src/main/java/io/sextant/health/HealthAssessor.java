package io.sextant.health;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.model.HookAnnotations;
import java.util.Optional;

/**
 * The health of one live object, as Argo CD's {@code GetResourceHealth}: an object being deleted
 * (deletionTimestamp set, without Argo's hook finalizer) is Progressing "Pending deletion"; else a
 * custom Lua check for its kind decides when there is one; else the built-in rule; else it has no
 * health (empty). Never throws. Thread-safe.
 */
public final class HealthAssessor {

    private final CustomHealthChecks custom;

    /** Built-in rules only. */
    public HealthAssessor() {
        this(null);
    }

    public HealthAssessor(CustomHealthChecks custom) {
        this.custom = custom;
    }

    /**
     * @param obj      the live object
     * @param children objects owned by others, for rules that look at a workload's pods
     *                 ({@link Children#NONE} when not known: the rules fall back to the object's status)
     */
    public Optional<Health> assess(ObjectNode obj, Children children) {
        if (!Fields.text(obj, "metadata", "deletionTimestamp").isEmpty() && !HookAnnotations.hasHookFinalizer(obj)) {
            return Optional.of(Health.progressing("Pending deletion"));
        }
        if (custom != null) {
            Optional<Health> h = custom.assess(obj);
            if (h.isPresent()) {
                return h;
            }
        }
        try {
            return BuiltInHealthChecks.assess(obj, children == null ? Children.NONE : children);
        } catch (RuntimeException e) {
            // The rules read defensively; this only guards against a bug turning into a failed refresh.
            return Optional.of(
                    Health.unknown("health assessment failed: " + e.getClass().getSimpleName()));
        }
    }
}
