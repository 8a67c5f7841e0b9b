package io.sextant.sync;

import java.util.Map;
import java.util.Optional;

/**
 * Helm hook events as Argo CD reads them (its Helm guide, "Helm Hooks"). Argo CD has no install/upgrade
 * distinction, so both pre- events run before every sync and both post- events after it. Rollback and test
 * events have no equivalent and are ignored, as are names Helm itself does not know (Helm ignores those
 * too). {@code crd-install} alone does not make a hook at all: the CRD is applied like any resource.
 */
final class HelmHookEvents {

    private static final Map<String, HookType> SUPPORTED = Map.of(
            "pre-install", HookType.PRE_SYNC,
            "pre-upgrade", HookType.PRE_SYNC,
            "post-install", HookType.POST_SYNC,
            "post-upgrade", HookType.POST_SYNC,
            "pre-delete", HookType.PRE_DELETE,
            "post-delete", HookType.POST_DELETE);

    private HelmHookEvents() {}

    /** The Argo hook type of a lower-case Helm event, or empty when Argo CD does not run it. */
    static Optional<HookType> argoType(String event) {
        return Optional.ofNullable(SUPPORTED.get(event));
    }
}
