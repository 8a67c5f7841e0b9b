package io.sextant.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Identifies a Kubernetes object independently of its API version. Null parts become empty
 * strings: the core group is {@code ""}, and so is the namespace of a cluster-scoped object.
 *
 * <p>{@link #toString()} is Argo CD's tracking-id form {@code group/kind:namespace/name}, the part
 * after {@code <app>:} in the {@code argocd.argoproj.io/tracking-id} annotation.
 */
public record ResourceKey(String group, String kind, String namespace, String name) {

    public ResourceKey {
        group = group == null ? "" : group;
        kind = kind == null ? "" : kind;
        namespace = namespace == null ? "" : namespace;
        name = name == null ? "" : name;
    }

    /** The key of an object, its group taken from {@code apiVersion}. */
    public static ResourceKey of(HasMetadata object) {
        String apiVersion = object.getApiVersion() == null ? "" : object.getApiVersion();
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        return new ResourceKey(
                group,
                object.getKind(),
                object.getMetadata().getNamespace(),
                object.getMetadata().getName());
    }

    /** The key of an object given as a JSON tree (a manifest or a live object). */
    public static ResourceKey of(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText("");
        int slash = apiVersion.indexOf('/');
        JsonNode meta = object.path("metadata");
        return new ResourceKey(
                slash < 0 ? "" : apiVersion.substring(0, slash),
                object.path("kind").asText(""),
                meta.path("namespace").asText(""),
                meta.path("name").asText(""));
    }

    /**
     * Parses {@code group/kind:namespace/name}. The name may itself contain {@code :} (RBAC names
     * such as {@code system:controller:x} do); group, kind and namespace cannot.
     *
     * @throws IllegalArgumentException if the text is not of that form
     */
    public static ResourceKey parse(String text) {
        int slash = text.indexOf('/');
        int colon = slash < 0 ? -1 : text.indexOf(':', slash + 1);
        int nameSlash = colon < 0 ? -1 : text.indexOf('/', colon + 1);
        if (nameSlash < 0 || colon == slash + 1 || nameSlash == text.length() - 1) {
            throw new IllegalArgumentException("not a resource key (group/kind:namespace/name): " + text);
        }
        return new ResourceKey(
                text.substring(0, slash),
                text.substring(slash + 1, colon),
                text.substring(colon + 1, nameSlash),
                text.substring(nameSlash + 1));
    }

    @Override
    public String toString() {
        return group + "/" + kind + ":" + namespace + "/" + name;
    }
}
