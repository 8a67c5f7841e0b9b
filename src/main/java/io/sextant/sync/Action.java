package io.sextant.sync;

/** What the executor does with a task's resource. */
public enum Action {
    /** Apply the target (server-side by default; see {@link SyncOptions#useServerSideApply()}). */
    APPLY,
    /** Delete the live object, with {@link SyncOptions#prunePropagationPolicy()}. */
    PRUNE,
    /** Create the hook object, deleting last sync's first when its policies include BeforeHookCreation. */
    CREATE_HOOK
}
