package io.sextant.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.model.ResourceKey;

/**
 * One resource of an Application after comparison: its key and version, whether it is in sync,
 * its health, and the text diff (Secret values masked) for pages and the API.
 *
 * @param target what live should be (normalised, Secret values masked), or null for a live
 *               resource Git no longer has
 * @param live the object in the cluster (normalised, Secret values masked), or null when missing
 * @param sourceIndex of a multi-source app, the source (from 0) that rendered it; null for a single
 *                    source or a live resource Git no longer has
 */
public record ComparedResource(
        ResourceKey key,
        String version,
        String syncStatus,
        String healthStatus,
        String healthMessage,
        boolean requiresPruning,
        String diff,
        ObjectNode target,
        ObjectNode live,
        Integer sourceIndex) {}
