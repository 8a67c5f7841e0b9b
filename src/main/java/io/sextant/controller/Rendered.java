package io.sextant.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** An Application's source rendered at a resolved commit: what Git says the cluster should hold. */
public record Rendered(String revision, String sourceType, List<ObjectNode> manifests) {}
