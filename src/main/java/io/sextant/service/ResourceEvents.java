package io.sextant.service;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;

/**
 * The Kubernetes events about one resource (the resource details panel's EVENTS tab), newest first.
 * Reads the API server directly: events are not cached by Sextant.
 */
@ApplicationScoped
public class ResourceEvents {

    /** One event as a page shows it. */
    public record Item(String type, String reason, String message, String lastSeen, int count) {}

    private final KubernetesClient client;

    public ResourceEvents(KubernetesClient client) {
        this.client = client;
    }

    public List<Item> of(String namespace, String kind, String name) {
        if (namespace == null || namespace.isBlank() || name == null) {
            return List.of();
        }
        try {
            return client
                    .v1()
                    .events()
                    .inNamespace(namespace)
                    .withField("involvedObject.name", name)
                    .list()
                    .getItems()
                    .stream()
                    .filter(e ->
                            kind == null || kind.equals(e.getInvolvedObject().getKind()))
                    .sorted(Comparator.comparing(ResourceEvents::when).reversed())
                    .limit(100)
                    .map(e -> new Item(
                            e.getType(),
                            e.getReason(),
                            e.getMessage(),
                            when(e),
                            e.getCount() == null ? 1 : e.getCount()))
                    .toList();
        } catch (KubernetesClientException e) {
            return List.of();
        }
    }

    private static String when(Event e) {
        String t = e.getLastTimestamp() != null
                ? e.getLastTimestamp()
                : e.getEventTime() != null
                        ? e.getEventTime().getTime()
                        : e.getMetadata().getCreationTimestamp();
        return t == null ? "" : t;
    }
}
