package io.sextant.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.thisptr.jackson.jq.BuiltinFunctionLoader;
import net.thisptr.jackson.jq.Function;
import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.Output;
import net.thisptr.jackson.jq.PathOutput;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Version;
import net.thisptr.jackson.jq.Versions;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * One jq path expression of an ignoreDifferences rule ({@code .spec.template.spec.initContainers[] |
 * select(.name == "istio-init")}), compiled once, evaluated as {@code path(expr)} to find the fields
 * to remove — what Argo CD does with {@code del(expr)}.
 *
 * <p>Evaluation is bounded: every builtin call and every emitted value checks a per-evaluation
 * deadline, so loops over {@code range}, {@code limit}, {@code recurse}, {@code reduce} and friends
 * stop at the time limit; runaway recursion ends in a caught stack overflow; at most
 * {@value #MAX_PATHS} paths are taken. Builtins that reach outside the object ({@code input},
 * {@code env}, {@code $ENV}, debugging to stderr) do not exist in this scope. One known gap: a single
 * builtin step that is itself huge (string repetition by a giant number) is bounded only by memory.
 *
 * <p>Thread-safe: the compiled query and the shared builtin scope are read-only; the deadline is per
 * thread.
 */
final class JqPath {

    static final int MAX_PATHS = 100_000;
    private static final Version VERSION = Versions.JQ_1_6;
    private static final Set<String> EXCLUDED = Set.of(
            "input/0",
            "inputs/0",
            "debug/0",
            "debug/1",
            "stderr/0",
            "input_filename/0",
            "debug_scope/0",
            "env/0",
            "halt/0",
            "halt_error/0",
            "halt_error/1",
            "input_line_number/0",
            "get_search_list/0");
    private static final ThreadLocal<long[]> DEADLINE = ThreadLocal.withInitial(() -> new long[] {System.nanoTime()});
    private static final Scope ROOT = rootScope();

    private final String expression;
    private final JsonQuery query;

    private JqPath(String expression, JsonQuery query) {
        this.expression = expression;
        this.query = query;
    }

    /** Thrown when an evaluation ran past its deadline. */
    static final class TimeLimitExceeded extends JsonQueryException {
        TimeLimitExceeded() {
            super("time limit exceeded");
        }
    }

    /**
     * Compiles the expression and probes it once on {@code null}, which finds calls to functions that do
     * not exist (jackson-jq only notices those when it runs).
     *
     * @throws IllegalArgumentException with a short reason when it does not compile
     */
    static JqPath compile(String expression, Duration probeTimeout) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("the expression is empty");
        }
        if (expression.length() > 4096) {
            throw new IllegalArgumentException("the expression is longer than 4096 characters");
        }
        JsonQuery query;
        try {
            JsonQuery.compile(expression, VERSION); // on its own, so "a) | (b" cannot pass as one path expression
            query = JsonQuery.compile("path(" + expression + ")", VERSION);
        } catch (JsonQueryException | RuntimeException e) {
            throw new IllegalArgumentException("it is not a valid jq expression", e);
        }
        JqPath path = new JqPath(expression, query);
        try {
            path.paths(NullNode.getInstance(), probeTimeout);
        } catch (TimeLimitExceeded e) {
            throw new IllegalArgumentException("it runs past its time limit even on an empty object");
        } catch (JsonQueryException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("does not exist") || message.contains("is not defined")) {
                throw new IllegalArgumentException(message, e);
            }
            // Other errors on null input (iterating over null, ...) are what a real object may not raise.
        } catch (StackOverflowError e) {
            throw new IllegalArgumentException("it recurses without end");
        }
        return path;
    }

    String expression() {
        return expression;
    }

    /**
     * The paths the expression selects in {@code doc}: lists of field names (String) and indexes (Integer).
     *
     * @throws TimeLimitExceeded past the time limit
     * @throws JsonQueryException when jq raises an error (its message may quote values of {@code doc})
     * @throws StackOverflowError on runaway recursion
     */
    List<List<Object>> paths(JsonNode doc, Duration timeout) throws JsonQueryException {
        long[] deadline = DEADLINE.get();
        long saved = deadline[0];
        deadline[0] = System.nanoTime() + timeout.toNanos();
        try {
            List<List<Object>> result = new ArrayList<>();
            Output collect = value -> {
                checkDeadline();
                if (result.size() >= MAX_PATHS) {
                    throw new JsonQueryException("selects more than " + MAX_PATHS + " paths");
                }
                result.add(toPath(value));
            };
            query.apply(Scope.newChildScope(ROOT), doc, collect);
            return result;
        } finally {
            deadline[0] = saved;
        }
    }

    private static List<Object> toPath(JsonNode value) throws JsonQueryException {
        if (!value.isArray()) {
            throw new JsonQueryException("it does not select paths");
        }
        List<Object> path = new ArrayList<>(value.size());
        for (JsonNode step : value) {
            if (step.isTextual()) {
                path.add(step.textValue());
            } else if (step.isIntegralNumber() && step.canConvertToInt()) {
                path.add(step.intValue());
            } else {
                throw new JsonQueryException("it selects a slice or a non-field path, which cannot be removed");
            }
        }
        return path;
    }

    private static void checkDeadline() throws JsonQueryException {
        if (System.nanoTime() - DEADLINE.get()[0] > 0) {
            throw new TimeLimitExceeded();
        }
    }

    private static Scope rootScope() {
        // The builtins written in jq close over this same scope, so their inner calls (range, recurse,
        // ...) resolve to the bounded wrappers below as well.
        Scope root = Scope.newEmptyScope();
        Map<String, Function> builtins = BuiltinFunctionLoader.getInstance().listFunctions(VERSION, root);
        for (Map.Entry<String, Function> e : builtins.entrySet()) {
            if (EXCLUDED.contains(e.getKey())) {
                continue;
            }
            Function delegate = e.getValue();
            String name = e.getKey();
            int slash = name.lastIndexOf('/');
            Function bounded = (scope, args, in, path, output, version) -> {
                checkDeadline();
                delegate.apply(scope, args, in, path, bounded(output), version);
            };
            if (slash < 0) {
                root.addFunction(name, bounded);
            } else {
                root.addFunction(name.substring(0, slash), Integer.parseInt(name.substring(slash + 1)), bounded);
            }
        }
        return root;
    }

    private static PathOutput bounded(PathOutput output) {
        return (value, path) -> {
            checkDeadline();
            output.emit(value, path);
        };
    }
}
