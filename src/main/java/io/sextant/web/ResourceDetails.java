package io.sextant.web;

import io.sextant.service.ResourceEvents;
import java.util.List;

/**
 * The resource details panel: summary, live manifest (Secret values masked), desired manifest,
 * diff, events, and for a Pod its containers' states.
 */
public record ResourceDetails(
        ResourceRef ref,
        String tab,
        StatusView sync,
        StatusView health,
        String healthMessage,
        String liveYaml,
        String desiredYaml,
        DiffView diff,
        List<ResourceEvents.Item> events,
        List<ContainerState> containers,
        String podPhase) {

    /** One container of a Pod: name, image, ready, restarts and its state in words. */
    public record ContainerState(String name, String image, boolean ready, int restarts, String state) {}

    public String tabHref(String t) {
        return "?resource=" + ref.param() + "&tab=" + t;
    }
}
