package io.sextant.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Keeps the two long lists of an Application's status, {@code status.resources} and
 * {@code status.operationState.syncResult.resources}, under a size the API server can store. etcd refuses
 * an object over 1.5 MiB (the API server answers 500 "etcdserver: request is too large"), and a status
 * that could never be written would be tried again on every reconcile. An app of a few thousand
 * resources with long names reaches that, so each list gets a budget (together well under the limit,
 * leaving room for the spec, the history and the conditions) and what does not fit is left out, rows
 * that need attention (out of sync, to prune, unhealthy, failed) kept first. What was left out is said:
 * a {@link #WARNING} condition, and the operation's message.
 *
 * <p>Sizes are estimated from the JSON's text (field names, strings, numbers, punctuation) without
 * serialising it, which is enough for a budget that leaves a third of the limit unused.
 */
final class StatusBudget {

    /** The condition type that says {@code status.resources} is incomplete. */
    static final String WARNING = "ResourcesTruncatedWarning";
    /** Budget of {@code status.resources}, in bytes of JSON. */
    static final int RESOURCES_BYTES = 512 * 1024;
    /** Budget of {@code operationState.syncResult.resources}, in bytes of JSON. */
    static final int SYNC_RESULT_BYTES = 384 * 1024;

    private StatusBudget() {}

    /**
     * Leaves out of {@code list} what exceeds {@code budget} bytes: first rows {@code needsAttention} says
     * no to, from the end, then, if that is not enough, any row from the end.
     *
     * @return how many rows were left out
     */
    static int trim(ArrayNode list, int budget, Predicate<JsonNode> needsAttention) {
        long size = estimate(list);
        if (size <= budget) {
            return 0;
        }
        int dropped = 0;
        for (int i = list.size() - 1; i >= 0 && size > budget; i--) {
            if (!needsAttention.test(list.get(i))) {
                size -= estimate(list.get(i)) + 1;
                list.remove(i);
                dropped++;
            }
        }
        for (int i = list.size() - 1; i >= 0 && size > budget; i--) {
            size -= estimate(list.get(i)) + 1;
            list.remove(i);
            dropped++;
        }
        return dropped;
    }

    /** A row of {@code status.resources} someone should look at: not Synced, to prune, or not Healthy. */
    static boolean resourceNeedsAttention(JsonNode row) {
        if (!"Synced".equals(row.path("status").asText())
                || row.path("requiresPruning").asBoolean(false)) {
            return true;
        }
        String health = row.path("health").path("status").asText("");
        return !health.isEmpty() && !"Healthy".equals(health);
    }

    /**
     * A row of a sync result that must stay: a hook's (an operation resumed by another controller reads
     * from them which hooks ran), or one that is not Synced or Pruned.
     */
    static boolean resultNeedsAttention(JsonNode row) {
        String status = row.path("status").asText("");
        return row.hasNonNull("hookType") || !("Synced".equals(status) || "Pruned".equals(status));
    }

    /**
     * Trims {@code operationState.syncResult.resources} of {@code opState} to its budget and says so in
     * the state's message.
     */
    static void trimSyncResult(ObjectNode opState) {
        JsonNode results = opState.path("syncResult").path("resources");
        if (!(results instanceof ArrayNode list)) {
            return;
        }
        for (JsonNode row : list) {
            // An API server's refusal can quote the whole object; one row must not take the budget of many.
            if (row instanceof ObjectNode o && o.path("message").isTextual()) {
                o.put("message", StatusBuilder.bounded(o.path("message").textValue()));
            }
        }
        int total = list.size();
        int left = trim(list, SYNC_RESULT_BYTES, StatusBudget::resultNeedsAttention);
        if (left > 0) {
            String message = opState.path("message").asText("");
            opState.put(
                    "message",
                    (message.isEmpty() ? "" : message + " ")
                            + "(the results of " + left + " of " + total
                            + " resources, synced ones first, are not stored: the Application would exceed the"
                            + " API server's size limit)");
        }
    }

    /** Bytes the compact JSON of {@code node} takes, counting each character of a string as one byte. */
    static long estimate(JsonNode node) {
        if (node == null || node.isNull()) {
            return 4;
        }
        if (node.isTextual()) {
            return node.textValue().length() + 2L;
        }
        if (node.isArray()) {
            long size = 2;
            for (JsonNode element : node) {
                size += estimate(element) + 1;
            }
            return size;
        }
        if (node.isObject()) {
            long size = 2;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                size += e.getKey().length() + 4 + estimate(e.getValue());
            }
            return size;
        }
        return node.asText().length();
    }
}
