package io.sextant.sync;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * When the executor deletes a hook object: {@link #BEFORE_HOOK_CREATION} (the default) deletes the one
 * left by the previous sync just before creating the new one; the other two delete it once it has
 * finished with that outcome.
 */
public enum HookDeletePolicy {
    HOOK_SUCCEEDED("HookSucceeded", "hook-succeeded"),
    HOOK_FAILED("HookFailed", "hook-failed"),
    BEFORE_HOOK_CREATION("BeforeHookCreation", "before-hook-creation");

    private final String argoName;
    private final String helmName;

    HookDeletePolicy(String argoName, String helmName) {
        this.argoName = argoName;
        this.helmName = helmName;
    }

    public String argoName() {
        return argoName;
    }

    public String helmName() {
        return helmName;
    }

    /**
     * Parses an item of {@code argocd.argoproj.io/hook-delete-policy}.
     *
     * @throws IllegalArgumentException naming the value and the allowed policies
     */
    public static HookDeletePolicy parse(String name) {
        for (HookDeletePolicy p : values()) {
            if (p.argoName.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown hook delete policy " + Annotations.quote(name) + " in "
                + Annotations.HOOK_DELETE_POLICY + "; allowed: "
                + Arrays.stream(values()).map(HookDeletePolicy::argoName).collect(Collectors.joining(", ")));
    }

    /** An item of {@code helm.sh/hook-delete-policy}; empty for values Helm itself would not know. */
    public static Optional<HookDeletePolicy> parseHelm(String name) {
        return Arrays.stream(values()).filter(p -> p.helmName.equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return argoName;
    }
}
