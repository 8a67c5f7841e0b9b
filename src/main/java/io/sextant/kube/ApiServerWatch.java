package io.sextant.kube;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Whether this process currently sees its own API server: the server role's watch of Applications says
 * so (fabric8's informer knows at once when its watch connection is gone, and keeps trying). Readers on a
 * page's path (RBAC policy, accounts, revoked tokens, cluster names) ask before refreshing a cached
 * setting: while the API server is unreachable they keep serving what they read last instead of making
 * every page wait through the client's retries of a request that cannot succeed.
 *
 * <p>Process-wide, set once by the process that watches; without a watcher the API server counts as
 * reachable (the CLI, a controller-only process), so nothing changes there. Thread-safe.
 */
public final class ApiServerWatch {

    private static volatile BooleanSupplier watching = () -> true;

    private ApiServerWatch() {}

    /** Makes {@code isWatching} the answer: whether the process's watch of its API server is up. */
    public static void watchedBy(BooleanSupplier isWatching) {
        watching = Objects.requireNonNull(isWatching, "isWatching");
    }

    /** Whether the API server is known to be unreachable right now. */
    public static boolean down() {
        return !watching.getAsBoolean();
    }
}
