package io.sextant.health;

import io.sextant.model.ResourceKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An application's health and the health of each resource that has one, in the order given (what
 * {@code status.resources[].health} shows; hooks and resources whose health is ignored are absent).
 */
public record AppHealth(String status, Map<ResourceKey, Health> resources) {

    public AppHealth {
        resources = Collections.unmodifiableMap(new LinkedHashMap<>(resources));
    }
}
