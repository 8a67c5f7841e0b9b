package io.sextant.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * An Application's source rendered at a resolved commit: what Git says the cluster should hold.
 *
 * @param origins for a multi-source app, the index (from 0) of the source each manifest came from, in the
 *                order of {@code manifests}; empty for a single source
 */
public record Rendered(String revision, String sourceType, List<ObjectNode> manifests, List<Integer> origins) {

    public Rendered(String revision, String sourceType, List<ObjectNode> manifests) {
        this(revision, sourceType, manifests, List.of());
    }

    /** The index of the source manifest {@code i} came from; null for a single-source app. */
    public Integer originOf(int i) {
        return i < origins.size() ? origins.get(i) : null;
    }
}
