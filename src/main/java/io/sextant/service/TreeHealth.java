package io.sextant.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.cache.LiveStateCache;
import io.sextant.controller.ApplicationController;
import io.sextant.health.BuiltInHealthChecks;
import io.sextant.health.Health;
import io.sextant.model.AppKey;
import io.sextant.model.ResourceKey;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Health of the resource tree's nodes that the comparison does not cover (what managed resources own:
 * ReplicaSets, Pods), so the dashboard can show a health icon on every node. Assessed from the live
 * cache with the built-in rules, on demand; empty in a process without a controller.
 */
@ApplicationScoped
public class TreeHealth {

    private final ApplicationController controller;
    private final ApplicationResources resources;
    private final ControllerReads remote;

    public TreeHealth(ApplicationController controller, ApplicationResources resources, ControllerReads remote) {
        this.controller = controller;
        this.resources = resources;
        this.remote = remote;
    }

    /**
     * The app's resource tree (from a controller elsewhere when this process has none and
     * {@code sextant.controller-url} is set), or empty when there is none or the app was not compared
     * yet: checked first, so a server-only process does not read the app from the API server just to
     * be refused.
     */
    public Optional<JsonNode> tree(String name) {
        boolean local = controller.liveState().isPresent()
                && controller.comparisons().get(AppKey.parse(name)).isPresent();
        if (!local && !(controller.liveState().isEmpty() && remote.available())) {
            return Optional.empty();
        }
        try {
            return Optional.of(resources.resourceTree(name));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** uid → health for the nodes of {@code tree} (a resourceTree answer) that have none. */
    public Map<String, Health> missingHealth(JsonNode tree) {
        Map<String, Health> out = new HashMap<>();
        Optional<LiveStateCache> cache = controller.liveState();
        if (cache.isEmpty() || tree == null) {
            return out;
        }
        for (JsonNode node : tree.path("nodes")) {
            if (node.has("health")) {
                continue;
            }
            ResourceKey key = new ResourceKey(
                    node.path("group").asText(""),
                    node.path("kind").asText(),
                    node.path("namespace").asText(""),
                    node.path("name").asText());
            Optional<ObjectNode> live = cache.get().get(key);
            if (live.isPresent()) {
                try {
                    BuiltInHealthChecks.assess(live.get(), cache.get()::childrenOf)
                            .ifPresent(h -> out.put(node.path("uid").asText(), h));
                } catch (RuntimeException e) {
                    // a rule that cannot read an odd object leaves the node without an icon
                }
            }
        }
        return out;
    }
}
