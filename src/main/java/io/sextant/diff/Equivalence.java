package io.sextant.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Makes equal-meaning values of the expected and the live object equal in form, so that a structural
 * comparison and a text diff only see real differences:
 * <ul>
 * <li>numbers of the same value ({@code 1} and {@code 1.0}) take the live form;</li>
 * <li>resource quantities of the same value ({@code 1000m} and {@code 1}, {@code 1Gi} and
 *     {@code 1073741824}, {@code 0.5} and {@code 500m}) take the live form — only where Kubernetes keeps
 *     quantities: inside {@code requests}, {@code limits}, {@code hard}, {@code capacity},
 *     {@code allocatable}, {@code overhead} and LimitRange bounds, and {@code sizeLimit};</li>
 * <li>a null, an empty map or an empty list on one side and nothing on the other are both dropped.</li>
 * </ul>
 * Mutates both arguments in place (they are the comparison's own copies). Recursion depth is bounded
 * by {@link InputBounds}.
 */
final class Equivalence {

    private static final Set<String> QUANTITY_MAPS = Set.of(
            "requests",
            "limits",
            "hard",
            "capacity",
            "allocatable",
            "overhead",
            "default",
            "defaultRequest",
            "max",
            "min",
            "maxLimitRequestRatio");
    private static final Set<String> QUANTITY_FIELDS = Set.of("sizeLimit");

    private Equivalence() {}

    static void reconcile(ObjectNode expected, ObjectNode live) {
        reconcileMaps(expected, live, null);
    }

    private static void reconcileMaps(ObjectNode expected, ObjectNode live, String mapKey) {
        Set<String> keys = new LinkedHashSet<>();
        expected.fieldNames().forEachRemaining(keys::add);
        live.fieldNames().forEachRemaining(keys::add);
        for (String key : keys) {
            JsonNode e = expected.get(key);
            JsonNode l = live.get(key);
            if (l == null) {
                if (vacuous(e)) {
                    expected.remove(key);
                }
            } else if (e == null) {
                if (vacuous(l)) {
                    live.remove(key);
                }
            } else {
                boolean quantity = QUANTITY_FIELDS.contains(key) || (mapKey != null && QUANTITY_MAPS.contains(mapKey));
                JsonNode replacement = reconcileValues(e, l, key, quantity);
                if (replacement != null) {
                    expected.set(key, replacement);
                }
            }
        }
    }

    /** Reconciles a pair; returns the live value when the expected one should take its form, else null. */
    private static JsonNode reconcileValues(JsonNode e, JsonNode l, String key, boolean quantity) {
        if (e instanceof ObjectNode eMap && l instanceof ObjectNode lMap) {
            reconcileMaps(eMap, lMap, key);
            return null;
        }
        if (e instanceof ArrayNode eList && l instanceof ArrayNode lList) {
            // Pair elements as Kubernetes would, so a container added elsewhere in the list does not
            // keep the others' numbers from being reconciled.
            ListMatch match = ListMatch.of(eList, lList);
            for (int i = 0; i < eList.size(); i++) {
                JsonNode partner = match.partner(lList, eList.get(i), i);
                JsonNode replacement = partner == null ? null : reconcileValues(eList.get(i), partner, key, false);
                if (replacement != null) {
                    eList.set(i, replacement);
                }
            }
            return null;
        }
        if (e.equals(l)) {
            return null;
        }
        if (e.isNumber() && l.isNumber() && e.decimalValue().compareTo(l.decimalValue()) == 0) {
            return l.deepCopy();
        }
        if (quantity && Quantity.equal(e, l)) {
            return l.deepCopy();
        }
        return null;
    }

    private static boolean vacuous(JsonNode node) {
        return node.isNull() || (node.isContainerNode() && node.isEmpty());
    }
}
