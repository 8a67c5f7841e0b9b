package io.sextant.sync;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The values of {@code argocd.argoproj.io/hook}. Names are case-sensitive, as Argo CD's. Only the four
 * sync phases run during a sync; {@link #SKIP} means "never apply", and the deletion hooks run when the
 * Application is deleted, not during a sync.
 */
public enum HookType {
    PRE_SYNC("PreSync", SyncPhase.PRE_SYNC),
    SYNC("Sync", SyncPhase.SYNC),
    POST_SYNC("PostSync", SyncPhase.POST_SYNC),
    SYNC_FAIL("SyncFail", SyncPhase.SYNC_FAIL),
    SKIP("Skip", null),
    PRE_DELETE("PreDelete", null),
    POST_DELETE("PostDelete", null);

    private final String argoName;
    private final SyncPhase phase;

    HookType(String argoName, SyncPhase phase) {
        this.argoName = argoName;
        this.phase = phase;
    }

    public String argoName() {
        return argoName;
    }

    /** The sync phase the hook runs in, or null for Skip and the deletion hooks. */
    public SyncPhase phase() {
        return phase;
    }

    /**
     * Parses one annotation item.
     *
     * @throws IllegalArgumentException naming the value and the allowed names
     */
    public static HookType parse(String name) {
        for (HookType t : values()) {
            if (t.argoName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown hook type " + Annotations.quote(name) + " in " + Annotations.HOOK
                + "; allowed: "
                + Arrays.stream(values()).map(HookType::argoName).collect(Collectors.joining(", "))
                + " (names are case-sensitive)");
    }

    @Override
    public String toString() {
        return argoName;
    }
}
