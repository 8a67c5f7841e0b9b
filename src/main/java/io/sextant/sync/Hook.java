package io.sextant.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.sextant.model.HookAnnotations;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What the hook annotations of one manifest say: when it runs ({@link #types()}), when its object is
 * deleted ({@link #deletePolicies()}), and whether the API server has to name it ({@link
 * #generateName()}). Immutable.
 *
 * @param types            hook types in annotation order, without repeats; empty for a Helm hook whose
 *                         events Argo CD does not support (such a manifest is never applied)
 * @param deletePolicies   never empty: BeforeHookCreation when no policy is given
 * @param helm             the types came from {@code helm.sh/hook} (there was no Argo hook annotation)
 * @param ignoredHelmTypes Helm events that have no Argo CD equivalent (test, pre-rollback ...), as written
 * @param generateName     {@code metadata.generateName} when the manifest has no {@code metadata.name}: the
 *                         executor creates the object and the API server names it; null otherwise
 */
public record Hook(
        List<HookType> types,
        Set<HookDeletePolicy> deletePolicies,
        boolean helm,
        List<String> ignoredHelmTypes,
        String generateName) {

    public Hook {
        types = List.copyOf(types);
        deletePolicies = deletePolicies.isEmpty()
                ? Set.of(HookDeletePolicy.BEFORE_HOOK_CREATION)
                : Collections.unmodifiableSet(EnumSet.copyOf(deletePolicies));
        ignoredHelmTypes = List.copyOf(ignoredHelmTypes);
    }

    /**
     * The hook of a manifest, or empty when it is a plain resource. A manifest annotated only
     * {@code hook: Skip} gives a hook whose {@link #isSkip()} is true. When the Argo annotation is present,
     * the Helm hook annotation is ignored (Argo CD's rule); delete policies of both are honoured.
     *
     * @throws IllegalArgumentException for an unknown or empty Argo hook type or delete policy, or a hook
     *                                  with neither a name nor a generateName
     */
    public static Optional<Hook> of(JsonNode manifest) {
        if (HookAnnotations.roleOf(manifest) == HookAnnotations.Role.RESOURCE) {
            return Optional.empty();
        }
        String argo = Annotations.get(manifest, Annotations.HOOK);
        String helmHook = Annotations.get(manifest, Annotations.HELM_HOOK);
        List<HookType> types = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        boolean helm = false;
        if (argo != null) {
            List<String> items = Annotations.csv(argo);
            if (items.isEmpty()) {
                throw new IllegalArgumentException(Annotations.HOOK + " is empty; give one or more of "
                        + "PreSync, Sync, PostSync, SyncFail, Skip, PreDelete, PostDelete");
            }
            for (String item : items) {
                addOnce(types, HookType.parse(item));
            }
        } else {
            helm = true;
            for (String item : Annotations.csv(helmHook)) {
                HelmHookEvents.argoType(item.toLowerCase(Locale.ROOT))
                        .ifPresentOrElse(t -> addOnce(types, t), () -> ignored.add(item));
            }
        }
        return Optional.of(new Hook(types, deletePolicies(manifest), helm, ignored, generateName(manifest)));
    }

    /** Annotated {@code Skip} and nothing else: the manifest is never applied. */
    public boolean isSkip() {
        return types.equals(List.of(HookType.SKIP));
    }

    /** The sync phases this hook runs in, one task each; Skip and deletion hooks have none. */
    public List<SyncPhase> phases() {
        List<SyncPhase> phases = new ArrayList<>();
        for (HookType t : types) {
            if (t.phase() != null && !phases.contains(t.phase())) {
                phases.add(t.phase());
            }
        }
        return phases;
    }

    public boolean hasDeletePolicy(HookDeletePolicy policy) {
        return deletePolicies.contains(policy);
    }

    private static Set<HookDeletePolicy> deletePolicies(JsonNode manifest) {
        Set<HookDeletePolicy> policies = EnumSet.noneOf(HookDeletePolicy.class);
        for (String item : Annotations.csv(Annotations.get(manifest, Annotations.HOOK_DELETE_POLICY))) {
            policies.add(HookDeletePolicy.parse(item));
        }
        for (String item : Annotations.csv(Annotations.get(manifest, Annotations.HELM_HOOK_DELETE_POLICY))) {
            HookDeletePolicy.parseHelm(item.toLowerCase(Locale.ROOT)).ifPresent(policies::add);
        }
        return policies;
    }

    private static String generateName(JsonNode manifest) {
        JsonNode meta = manifest.path("metadata");
        if (!meta.path("name").asText("").isBlank()) {
            return null;
        }
        String generateName = meta.path("generateName").asText("");
        if (generateName.isBlank()) {
            throw new IllegalArgumentException("a hook needs metadata.name or metadata.generateName");
        }
        return generateName;
    }

    private static void addOnce(List<HookType> types, HookType type) {
        if (!types.contains(type)) {
            types.add(type);
        }
    }
}
