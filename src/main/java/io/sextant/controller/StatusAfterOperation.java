package io.sextant.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The comparison status to write in the same patch as the end of an operation, so a sync that
 * finishes within one reconcile costs one Application write for both (the live-state cache has seen
 * what the sync applied, so the comparison already shows its result).
 */
interface StatusAfterOperation {

    /** The status fields to write; null when there is nothing to add (a comparison that failed). */
    ObjectNode status();

    /** Called once {@code status} is stored. */
    void written(ObjectNode status);
}
