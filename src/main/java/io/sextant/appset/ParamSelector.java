package io.sextant.appset;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Kubernetes label selector ({@code matchLabels}, {@code matchExpressions} with In, NotIn, Exists,
 * DoesNotExist) over a flat map: a generator's post selector over its parameter sets
 * (Generators-Post-Selector.md: values are not restricted to label syntax, so URLs match), and the
 * clusters generator's selector over cluster Secret labels. Immutable.
 */
final class ParamSelector {

    private record Expression(String key, String operator, List<String> values) {}

    private final List<Expression> expressions;

    private ParamSelector(List<Expression> expressions) {
        this.expressions = expressions;
    }

    /** The selector a JSON {@code selector} object means; an absent or empty one selects everything. */
    static ParamSelector of(JsonNode selector, String where) {
        List<Expression> all = new ArrayList<>();
        if (selector == null || selector.isNull() || selector.isMissingNode()) {
            return new ParamSelector(all);
        }
        if (!selector.isObject()) {
            throw generate(where + ": selector must be an object with matchLabels and matchExpressions");
        }
        selector.path("matchLabels").fields().forEachRemaining(e -> {
            if (!e.getValue().isValueNode()) {
                throw generate(where + ": matchLabels." + e.getKey() + " must be a string");
            }
            all.add(new Expression(e.getKey(), "In", List.of(e.getValue().asText())));
        });
        for (JsonNode e : selector.path("matchExpressions")) {
            String key = e.path("key").asText("");
            String op = e.path("operator").asText("");
            if (key.isEmpty()) {
                throw generate(where + ": a matchExpression has no key");
            }
            if (!List.of("In", "NotIn", "Exists", "DoesNotExist").contains(op)) {
                throw generate(
                        where + ": matchExpression operator '" + op + "' is not In, NotIn, Exists or DoesNotExist");
            }
            List<String> values = new ArrayList<>();
            e.path("values").forEach(v -> values.add(v.asText()));
            if ((op.equals("In") || op.equals("NotIn")) && values.isEmpty()) {
                throw generate(where + ": matchExpression " + key + " " + op + " needs values");
            }
            all.add(new Expression(key, op, values));
        }
        return new ParamSelector(List.copyOf(all));
    }

    boolean isEmpty() {
        return expressions.isEmpty();
    }

    boolean matches(Map<String, String> labels) {
        for (Expression e : expressions) {
            String value = labels.get(e.key());
            boolean ok = switch (e.operator()) {
                case "In" -> value != null && e.values().contains(value);
                case "NotIn" -> value == null || !e.values().contains(value);
                case "Exists" -> value != null;
                default -> value == null;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static AppSetException generate(String message) {
        return new AppSetException(AppSetException.Reason.GENERATE, message);
    }
}
