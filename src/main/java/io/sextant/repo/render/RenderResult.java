package io.sextant.repo.render;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * The target state one source renders to.
 *
 * <p>The manifests are shared (a {@link ManifestCache} hands the same instances to every caller): treat
 * them as read-only and {@code deepCopy()} one before changing it.
 *
 * @param manifests    the Kubernetes objects, in file order then document order (Lists flattened)
 * @param sourceType   Argo CD's name of the source type: "Directory", "Helm" or "Kustomize"
 * @param revision     the full commit SHA rendered
 * @param sizeBytes    bytes of input the manifests came from, an estimate of their weight in a cache
 * @param ignoredFiles files that matched but hold no Kubernetes object at all (plain config YAML), left out
 *                     as Argo CD leaves them out
 */
public record RenderResult(
        List<ObjectNode> manifests, String sourceType, String revision, long sizeBytes, List<String> ignoredFiles) {

    public RenderResult {
        manifests = List.copyOf(manifests);
        Objects.requireNonNull(sourceType, "sourceType");
        Objects.requireNonNull(revision, "revision");
        ignoredFiles = List.copyOf(ignoredFiles);
    }
}
