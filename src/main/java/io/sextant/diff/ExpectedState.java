package io.sextant.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What the live object should look like after applying the target, when the API server could not
 * predict it (no server-side dry-run): the live object with every field the target sets laid over it.
 *
 * <p>So only the fields the target sets are compared: fields the API server or a controller filled in
 * (a Service's {@code clusterIP}, a Deployment's {@code strategy}, a container's
 * {@code imagePullPolicy}) stay as they are live and are not drift. Lists are laid element by element,
 * paired by merge key ({@link ListMatch}); list elements the target no longer has are dropped, as an
 * apply would. A map key the target dropped but the previous apply had set (per the last-applied
 * annotation, or else Sextant's Apply entry in {@code managedFields}) is dropped too, so removing a
 * label in Git is drift, as in Argo CD's three-way diff.
 *
 * <p>Pure function of its arguments; never changes them. Recursion depth is bounded by
 * {@link InputBounds}.
 */
final class ExpectedState {

    private ExpectedState() {}

    /**
     * @param live              normalised live object
     * @param target            normalised target
     * @param previouslyApplied the shape of what the previous apply set (keys matter, not values), or null
     */
    static ObjectNode of(ObjectNode live, ObjectNode target, JsonNode previouslyApplied) {
        return (ObjectNode) overlay(live, target, previouslyApplied);
    }

    private static JsonNode overlay(JsonNode live, JsonNode target, JsonNode applied) {
        if (live instanceof ObjectNode liveMap && target instanceof ObjectNode targetMap) {
            ObjectNode result = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = liveMap.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String key = field.getKey();
                JsonNode targetValue = targetMap.get(key);
                JsonNode appliedValue = applied == null ? null : applied.get(key);
                if (targetValue != null) {
                    result.set(key, overlay(field.getValue(), targetValue, appliedValue));
                } else if (appliedValue == null) {
                    result.set(key, field.getValue().deepCopy());
                }
                // else: Git set it last time and no longer does; the apply removes it.
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = targetMap.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!liveMap.has(field.getKey())) {
                    result.set(field.getKey(), field.getValue().deepCopy());
                }
            }
            return result;
        }
        if (live instanceof ArrayNode liveList && target instanceof ArrayNode targetList) {
            ListMatch match = ListMatch.of(liveList, targetList);
            ArrayNode appliedList = applied instanceof ArrayNode a ? a : null;
            ListMatch appliedMatch = ListMatch.of(appliedList, targetList);
            List<JsonNode> elements = new ArrayList<>();
            for (int i = 0; i < targetList.size(); i++) {
                JsonNode element = targetList.get(i);
                JsonNode partner = match.partner(liveList, element, i);
                if (partner == null) {
                    elements.add(element.deepCopy());
                } else {
                    elements.add(overlay(partner, element, appliedMatch.partner(appliedList, element, i)));
                }
            }
            return JsonNodeFactory.instance.arrayNode().addAll(elements);
        }
        return target.deepCopy();
    }
}
