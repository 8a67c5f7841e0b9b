package io.sextant.sync;

import io.sextant.model.ResourceKey;
import java.util.List;

/**
 * What the user (or auto-sync) asked for: the relevant fields of an Application's {@code operation.sync}
 * and {@code spec.syncPolicy}. Immutable.
 *
 * @param prune       delete live resources Git no longer has
 * @param dryRun      plan and validate only; nothing is changed
 * @param resources   selective sync; empty means all resources (a full sync)
 * @param syncOptions Application-level options, {@code Name=value} items
 * @param allowEmpty  {@code syncPolicy.automated.allowEmpty}: a render with no resources may prune all
 * @param skipHooks   the {@code apply} sync strategy (the dashboard's APPLY ONLY, a rollback): resources are
 *                    applied, no hook runs (Argo CD's "Sync strategies", gitops-engine's WithSkipHooks)
 */
public record SyncRequest(
        boolean prune,
        boolean dryRun,
        List<ResourceFilter> resources,
        List<String> syncOptions,
        boolean allowEmpty,
        boolean skipHooks) {

    public SyncRequest {
        resources = resources == null ? List.of() : List.copyOf(resources);
        syncOptions = syncOptions == null ? List.of() : List.copyOf(syncOptions);
    }

    /** A full sync without pruning, dry run or options. */
    public static SyncRequest defaults() {
        return new SyncRequest(false, false, List.of(), List.of(), false, false);
    }

    /** No resource selection: every resource is considered and hooks run. */
    public boolean fullSync() {
        return resources.isEmpty();
    }

    /** The resource is part of this sync. */
    public boolean selects(ResourceKey key) {
        return fullSync() || resources.stream().anyMatch(f -> f.matches(key));
    }

    public SyncRequest withPrune(boolean value) {
        return new SyncRequest(value, dryRun, resources, syncOptions, allowEmpty, skipHooks);
    }

    public SyncRequest withResources(List<ResourceFilter> value) {
        return new SyncRequest(prune, dryRun, value, syncOptions, allowEmpty, skipHooks);
    }

    public SyncRequest withSyncOptions(List<String> value) {
        return new SyncRequest(prune, dryRun, resources, value, allowEmpty, skipHooks);
    }
}
