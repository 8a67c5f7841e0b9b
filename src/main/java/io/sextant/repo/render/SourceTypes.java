package io.sextant.repo.render;

import io.sextant.model.ApplicationSource;
import io.sextant.repo.RepoException;
import io.sextant.repo.RepoException.Reason;
import io.sextant.repo.git.RepoEntry;
import io.sextant.repo.git.RepoSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides how a source is rendered, with Argo CD's rules:
 * <ol>
 * <li>explicit settings win: exactly one of {@code kustomize}, {@code helm}, {@code directory},
 *     {@code plugin} set picks that type (even when empty, e.g. {@code directory: {}}); more than one is
 *     an error "multiple application sources defined"; a {@code chart} (Helm repository) is Helm;</li>
 * <li>otherwise the files directly in the application path decide, looked at in name order with the
 *     last match winning: a name ending in {@code Chart.yaml} means Helm, {@code kustomization.yaml},
 *     {@code kustomization.yml} or {@code Kustomization} means Kustomize (so Kustomize wins when both
 *     are there);</li>
 * <li>otherwise Directory.</li>
 * </ol>
 * Stateless.
 */
public final class SourceTypes {

    private SourceTypes() {}

    /** The type set explicitly on the source, if any. */
    public static Optional<SourceType> explicit(ApplicationSource source) {
        List<SourceType> types = new ArrayList<>();
        if (source.getKustomize() != null) {
            types.add(SourceType.KUSTOMIZE);
        }
        if (source.getHelm() != null) {
            types.add(SourceType.HELM);
        }
        if (source.getDirectory() != null) {
            types.add(SourceType.DIRECTORY);
        }
        if (source.getPlugin() != null) {
            types.add(SourceType.PLUGIN);
        }
        if (types.size() > 1) {
            throw new RepoException(
                    Reason.INVALID_ARGUMENT,
                    "multiple application sources defined: "
                            + types.stream().map(SourceType::argoName).collect(Collectors.joining(",")));
        }
        if (types.isEmpty() && source.getChart() != null && !source.getChart().isEmpty()) {
            return Optional.of(SourceType.HELM);
        }
        return types.stream().findFirst();
    }

    /** The type of {@code source} at {@code snapshot}: explicit, else from the files at the path. */
    public static SourceType detect(RepoSnapshot snapshot, ApplicationSource source) {
        Optional<SourceType> explicit = explicit(source);
        if (explicit.isPresent()) {
            return explicit.get();
        }
        return fromFileNames(snapshot.list(source.getPath(), false, RenderLimits.DEFAULTS.maxTreeEntries()).stream()
                .filter(e -> e.type() != RepoEntry.Type.DIRECTORY)
                .map(RepoEntry::name)
                .sorted()
                .toList());
    }

    /** The rule of step 2 on the (sorted) names of the files directly in the application path. */
    static SourceType fromFileNames(List<String> sortedNames) {
        SourceType type = SourceType.DIRECTORY;
        for (String name : sortedNames) {
            if (name.endsWith("Chart.yaml")) {
                type = SourceType.HELM;
            }
            if (name.equals("kustomization.yaml") || name.equals("kustomization.yml") || name.equals("Kustomization")) {
                type = SourceType.KUSTOMIZE;
            }
        }
        return type;
    }
}
