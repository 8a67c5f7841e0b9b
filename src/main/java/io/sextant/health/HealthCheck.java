package io.sextant.health;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * One health rule. Implementations are stateless and thread-safe, read the object and its children
 * only, and never throw on a malformed object: absent fields read as Kubernetes' zero values.
 */
@FunctionalInterface
public interface HealthCheck {

    /**
     * The health of {@code obj}, or empty when this rule has nothing to say about it.
     *
     * @param children the objects owned by others, for rules that look below the object (never null;
     *                 {@link Children#NONE} when unknown)
     */
    Optional<Health> assess(ObjectNode obj, Children children);
}
