package io.sextant.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Kubernetes label selectors ({@code a=b,c!=d,e,!f,g in (x,y),h notin (z)}) evaluated on cached
 * Applications, so filtered lists need no API server round trip. A malformed selector is an
 * {@link IllegalArgumentException} naming the bad term.
 */
public final class LabelSelectors {

    private LabelSelectors() {}

    /** Matches everything for a null or blank selector. */
    public static Predicate<Application> parse(String selector) {
        if (selector == null || selector.isBlank()) {
            return a -> true;
        }
        List<Predicate<Map<String, String>>> terms = new ArrayList<>();
        for (String term : splitTerms(selector)) {
            terms.add(term(term.trim(), selector));
        }
        return app -> {
            Map<String, String> labels = app.getMetadata().getLabels() == null
                    ? Map.of()
                    : app.getMetadata().getLabels();
            return terms.stream().allMatch(t -> t.test(labels));
        };
    }

    /** Splits on commas outside parentheses. */
    private static List<String> splitTerms(String selector) {
        List<String> terms = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                terms.add(selector.substring(start, i));
                start = i + 1;
            }
        }
        terms.add(selector.substring(start));
        return terms;
    }

    private static Predicate<Map<String, String>> term(String term, String selector) {
        String[] setOp = term.split("\\s+(in|notin)\\s+", 2);
        if (setOp.length == 2) {
            String key = key(setOp[0].trim(), selector);
            String values = setOp[1].trim();
            if (!values.startsWith("(") || !values.endsWith(")")) {
                throw bad(term, selector);
            }
            Set<String> set = Set.of(
                    Arrays.stream(values.substring(1, values.length() - 1).split(","))
                            .map(String::trim)
                            .distinct()
                            .toArray(String[]::new));
            boolean in = term.matches(".*\\s+in\\s+.*") && !term.matches(".*\\s+notin\\s+.*");
            return in ? l -> set.contains(l.get(key)) : l -> !set.contains(l.get(key));
        }
        int neq = term.indexOf("!=");
        if (neq > 0) {
            String key = key(term.substring(0, neq).trim(), selector);
            String value = term.substring(neq + 2).trim();
            return l -> !value.equals(l.get(key));
        }
        int eq = term.indexOf('=');
        if (eq > 0) {
            String key = key(term.substring(0, eq).trim(), selector);
            String value =
                    term.substring(term.startsWith("==", eq) ? eq + 2 : eq + 1).trim();
            return l -> value.equals(l.get(key));
        }
        if (term.startsWith("!")) {
            String key = key(term.substring(1).trim(), selector);
            return l -> !l.containsKey(key);
        }
        String key = key(term, selector);
        return l -> l.containsKey(key);
    }

    private static String key(String key, String selector) {
        if (!key.matches("([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?")) {
            throw bad(key, selector);
        }
        return key;
    }

    private static IllegalArgumentException bad(String term, String selector) {
        return new IllegalArgumentException("invalid label selector '" + selector + "': cannot read '" + term
                + "' (use key=value, key!=value, key, !key, key in (a,b) or key notin (a,b))");
    }
}
