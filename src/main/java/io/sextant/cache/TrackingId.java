package io.sextant.cache;

import com.fasterxml.jackson.databind.JsonNode;
import io.sextant.model.Annotations;
import io.sextant.model.ResourceKey;
import java.util.Optional;

/**
 * Argo CD's resource tracking: the annotation
 * {@code argocd.argoproj.io/tracking-id: <app>:<group>/<kind>:<namespace>/<name>} names the
 * Application an object belongs to. An annotation copied onto another object (a Deployment
 * cloned with kubectl) does not count: the id must name the object that carries it.
 */
public final class TrackingId {

    public static final String ANNOTATION = Annotations.TRACKING_ID;
    public static final String INSTANCE_LABEL = "app.kubernetes.io/instance";

    private TrackingId() {}

    /** The tracking id for {@code key} in application {@code app}. */
    public static String of(String app, ResourceKey key) {
        return app + ":" + key;
    }

    /** The application an object belongs to by its annotation (or label, when that method is chosen). */
    public static Optional<String> appOf(JsonNode obj, ResourceKey key, TrackingMethod method) {
        JsonNode meta = obj.path("metadata");
        if (method == TrackingMethod.LABEL) {
            String label = meta.path("labels").path(INSTANCE_LABEL).asText("");
            return label.isEmpty() ? Optional.empty() : Optional.of(label);
        }
        String id = meta.path("annotations").path(ANNOTATION).asText("");
        int colon = id.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String app = id.substring(0, colon);
        return id.equals(of(app, key)) || id.equals(of(app, clusterScoped(key))) ? Optional.of(app) : Optional.empty();
    }

    private static ResourceKey clusterScoped(ResourceKey key) {
        return new ResourceKey(key.group(), key.kind(), "", key.name());
    }
}
