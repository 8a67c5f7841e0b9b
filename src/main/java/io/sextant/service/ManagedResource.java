package io.sextant.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.sextant.model.ResourceKey;

/**
 * One resource of an Application as its latest comparison saw it: what Git wants and what the cluster
 * has, both normalised and with Secret values masked. The API writes a list of these as Argo's
 * ManagedResourcesResponse; the pages show the states and their diff. The JSON trees are not to be
 * modified.
 *
 * @param version the version part of its apiVersion (may be null)
 * @param target the desired state, null for a live resource Git no longer has
 * @param live the object in the cluster, null when it is missing (or not to be read: outside the project)
 * @param diff the text diff of the comparison (may be null)
 * @param sourceIndex of a multi-source app, the source (from 0) that rendered it; null otherwise
 */
public record ManagedResource(
        ResourceKey key,
        String version,
        JsonNode target,
        JsonNode live,
        String diff,
        boolean requiresPruning,
        Integer sourceIndex) {}
