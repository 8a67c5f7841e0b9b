package io.sextant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sextant.cache.TrackingId;
import io.sextant.config.ClusterSettings;
import io.sextant.diff.Differ;
import io.sextant.diff.IgnoreRules;
import io.sextant.diff.ResourceDiff;
import io.sextant.diff.SecretMasker;
import io.sextant.model.Application;
import io.sextant.model.ResourceKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Core mode's {@code app diff}: renders the app locally ({@link LocalSource}), reads each resource
 * from the cluster and compares the fields Git sets, with the app's and the system's
 * ignoreDifferences, through the controller's {@link Differ}. The answer has the shape of the
 * server's managed-resources (Secrets masked). Resources the cluster has but Git no longer has are
 * not looked for here (the server's diff shows them).
 */
final class LocalDiff {

    private LocalDiff() {}

    static ObjectNode managedResources(KubernetesClient client, String namespace, Application app) {
        LocalSource.Result rendered = LocalSource.render(client, namespace, app, null);
        Map<String, String> settings = ClusterSettings.read(client, namespace).all();
        SecretMasker.useSettings(settings);
        IgnoreRules rules = IgnoreRules.of(app.getSpec().getIgnoreDifferences(), settings);
        String destination = app.getSpec().getDestination() == null
                ? ""
                : app.getSpec().getDestination().getNamespace();
        Differ differ = new Differ();
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode items = out.putArray("items");
        Map<String, List<APIResource>> discovery = new HashMap<>();
        for (ObjectNode manifest : rendered.manifests()) {
            ObjectNode target = manifest.deepCopy();
            String apiVersion = target.path("apiVersion").asText();
            boolean namespaced = discovery
                    .computeIfAbsent(apiVersion, v -> {
                        var list = client.getApiResources(v);
                        return list == null ? List.of() : list.getResources();
                    })
                    .stream()
                    .filter(r -> r.getKind().equals(target.path("kind").asText()))
                    .findFirst()
                    .map(r -> Boolean.TRUE.equals(r.getNamespaced()))
                    .orElse(true);
            // As the controller does: a namespaced manifest without a namespace goes to the destination's.
            if (namespaced && target.path("metadata").path("namespace").asText().isEmpty()) {
                target.with("metadata").put("namespace", destination);
            }
            ResourceKey key = ResourceKey.of(target);
            ObjectNode annotations = target.with("metadata").with("annotations");
            annotations.put(
                    TrackingId.ANNOTATION, TrackingId.of(app.getMetadata().getName(), key));
            String ns = key.namespace().isEmpty() ? destination : key.namespace();
            GenericKubernetesResource live = client.genericKubernetesResources(
                            target.path("apiVersion").asText(), key.kind())
                    .inNamespace(ns)
                    .withName(key.name())
                    .get();
            ObjectNode liveJson =
                    live == null ? null : client.getKubernetesSerialization().convertValue(live, ObjectNode.class);
            ResourceDiff diff = differ.diff(
                    SecretMasker.maskIfSecret(target),
                    null,
                    liveJson == null ? null : SecretMasker.maskIfSecret(liveJson),
                    rules);
            ObjectNode item = items.addObject();
            item.put("group", key.group());
            item.put("kind", key.kind());
            item.put("namespace", ns);
            item.put("name", key.name());
            item.put("diff", diff.diff());
            item.put("modified", diff.modified() || diff.missing());
        }
        return out;
    }

    /** Whether an item of a managed-resources answer differs. */
    static boolean differs(JsonNode item) {
        return !item.path("diff").asText().isEmpty() || item.path("modified").asBoolean(false);
    }
}
