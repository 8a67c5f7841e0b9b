package io.sextant.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.controller.ControllerReads;
import io.sextant.health.BuiltInHealthChecks;
import io.sextant.model.AppKey;
import io.sextant.model.Application;
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

    private final ControllerReads controller;
    private final ApplicationResources resources;
    private final RemoteController remote;

    public TreeHealth(ControllerReads controller, ApplicationResources resources, RemoteController remote) {
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
    public Optional<ResourceTree> tree(String name) {
        boolean local = controller.runsController()
                && controller.comparison(AppKey.parse(name)).isPresent();
        boolean elsewhere = !controller.runsController() && remote.available();
        if (!local && !elsewhere) {
            return Optional.empty();
        }
        try {
            return Optional.of(resources.resourceTree(name));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * uid → health status ({@link io.sextant.model.HealthStatusCode}) for the nodes of the app's
     * {@code tree} that have none, read in the live state of the app's destination cluster.
     */
    public Map<String, String> missingHealth(Application app, ResourceTree tree) {
        Map<String, String> out = new HashMap<>();
        Optional<ControllerReads.LiveState> cache = tree == null ? Optional.empty() : controller.liveObjects(app);
        if (cache.isEmpty()) {
            return out;
        }
        for (ResourceTree.Node node : tree.nodes()) {
            if (node.health() != null) {
                continue;
            }
            Optional<ObjectNode> live = cache.get().get(node.key());
            if (live.isPresent()) {
                try {
                    BuiltInHealthChecks.assess(live.get(), cache.get()).ifPresent(h -> out.put(node.uid(), h.status()));
                } catch (RuntimeException e) {
                    // a rule that cannot read an odd object leaves the node without an icon
                }
            }
        }
        return out;
    }
}
