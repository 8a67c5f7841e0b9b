package io.sextant.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A trigger's {@code when} (and {@code oncePer}) expression, parsed once and evaluated over plain values (maps,
 * lists, strings, numbers, booleans, null) as Argo CD's expr-language conditions are: {@code and or not && || !},
 * {@code == != < <= > >=}, {@code in} and {@code not in} a list, {@code + -}, literals ({@code 'x' "x" 1 2.5 true
 * false nil}, {@code [a, b]}), member access {@code a.b}, {@code a?.b}, {@code a['b']}, {@code a[0]}, and the
 * functions Argo's catalogue uses: {@code time.Now()}, {@code time.Parse(s)}, a time's {@code .Sub(t)}, a
 * duration's {@code .Seconds() .Minutes() .Hours()}, and {@code len(x)}. A member of nil is nil (so an app without
 * an operation is simply not Succeeded). Anything else is refused when the trigger is read, naming the position:
 * an unknown function is an error, never false.
 */
public final class Condition {

    /** Why a condition cannot be read or evaluated; the message says where. */
    public static final class ConditionException extends RuntimeException {
        ConditionException(String message) {
            super(message);
        }
    }

    /** Bounds for hostile input: a condition's length and its nesting of parentheses and brackets. */
    static final int MAX_LENGTH = 4096;

    static final int MAX_DEPTH = 32;

    private final String source;
    private final Node root;

    private Condition(String source, Node root) {
        this.source = source;
        this.root = root;
    }

    /** Reads an expression; refuses what it does not understand with the position and the token. */
    public static Condition parse(String source) {
        if (source == null || source.isBlank()) {
            throw new ConditionException("the condition is empty");
        }
        if (source.length() > MAX_LENGTH) {
            throw new ConditionException("the condition is longer than " + MAX_LENGTH + " characters");
        }
        int depth = 0;
        for (char c : source.toCharArray()) {
            depth += c == '(' || c == '[' ? 1 : c == ')' || c == ']' ? -1 : 0;
            if (depth > MAX_DEPTH) {
                throw new ConditionException(
                        "parentheses nested deeper than " + MAX_DEPTH + ": " + source.substring(0, 60) + "…");
            }
        }
        Parser p = new Parser(source);
        Node n = p.expression();
        if (p.peek().kind != Kind.END) {
            throw p.error("unexpected " + p.peek().text);
        }
        return new Condition(source, n);
    }

    public String source() {
        return source;
    }

    /** The value over {@code variables} (e.g. {@code app} → the Application as maps). */
    public Object evaluate(Map<String, Object> variables) {
        return root.eval(variables);
    }

    /** Whether the value is true; a non-boolean result is an error, as in expr. */
    public boolean test(Map<String, Object> variables) {
        Object v = evaluate(variables);
        if (v instanceof Boolean b) {
            return b;
        }
        throw new ConditionException("the condition gives " + describe(v) + ", not true or false: " + source);
    }

    // ---- values

    static String describe(Object v) {
        if (v == null) {
            return "nil";
        }
        if (v instanceof String s) {
            return "'" + s + "'";
        }
        return v.toString();
    }

    private static boolean equal(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        return Objects.equals(a, b);
    }

    private static int compare(Object a, Object b, String op) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        if (a instanceof Instant x && b instanceof Instant y) {
            return x.compareTo(y);
        }
        throw new ConditionException("cannot compare " + describe(a) + " " + op + " " + describe(b));
    }

    private static boolean truth(Object v, String what) {
        if (v instanceof Boolean b) {
            return b;
        }
        throw new ConditionException(what + " needs true or false, got " + describe(v));
    }

    // ---- the tree

    private interface Node {
        Object eval(Map<String, Object> vars);
    }

    private record Literal(Object value) implements Node {
        public Object eval(Map<String, Object> vars) {
            return value;
        }
    }

    private record Variable(String name) implements Node {
        public Object eval(Map<String, Object> vars) {
            if (!vars.containsKey(name)) {
                throw new ConditionException("unknown name " + name);
            }
            return vars.get(name);
        }
    }

    private record ListOf(List<Node> items) implements Node {
        public Object eval(Map<String, Object> vars) {
            List<Object> out = new ArrayList<>();
            for (Node n : items) {
                out.add(n.eval(vars));
            }
            return out;
        }
    }

    private record Member(Node target, Node key) implements Node {
        public Object eval(Map<String, Object> vars) {
            Object t = target.eval(vars);
            Object k = key.eval(vars);
            if (t == null) {
                return null;
            }
            if (t instanceof Map<?, ?> m) {
                return m.get(String.valueOf(k));
            }
            if (t instanceof List<?> l && k instanceof Number n) {
                int i = n.intValue();
                return i >= 0 && i < l.size() ? l.get(i) : null;
            }
            throw new ConditionException("cannot take " + describe(k) + " of " + describe(t));
        }
    }

    private record Unary(String op, Node operand) implements Node {
        public Object eval(Map<String, Object> vars) {
            Object v = operand.eval(vars);
            if (op.equals("-")) {
                if (v instanceof Number n) {
                    return -n.doubleValue();
                }
                throw new ConditionException("cannot negate " + describe(v));
            }
            return !truth(v, "not");
        }
    }

    private record Binary(String op, Node left, Node right) implements Node {
        public Object eval(Map<String, Object> vars) {
            switch (op) {
                case "and":
                    return truth(left.eval(vars), "and") && truth(right.eval(vars), "and");
                case "or":
                    return truth(left.eval(vars), "or") || truth(right.eval(vars), "or");
                default:
                    break;
            }
            Object a = left.eval(vars);
            Object b = right.eval(vars);
            return switch (op) {
                case "==" -> equal(a, b);
                case "!=" -> !equal(a, b);
                case "<" -> compare(a, b, op) < 0;
                case "<=" -> compare(a, b, op) <= 0;
                case ">" -> compare(a, b, op) > 0;
                case ">=" -> compare(a, b, op) >= 0;
                case "in", "not in" -> {
                    boolean found;
                    if (b instanceof Collection<?> c) {
                        found = c.stream().anyMatch(x -> equal(a, x));
                    } else if (b instanceof Map<?, ?> m) {
                        found = m.containsKey(String.valueOf(a));
                    } else if (b == null) {
                        found = false;
                    } else {
                        throw new ConditionException("'in' needs a list, got " + describe(b));
                    }
                    yield op.equals("in") == found;
                }
                case "+" -> {
                    if (a instanceof Number x && b instanceof Number y) {
                        yield x.doubleValue() + y.doubleValue();
                    }
                    if (a instanceof String x && b instanceof String y) {
                        yield x + y;
                    }
                    throw new ConditionException("cannot add " + describe(a) + " and " + describe(b));
                }
                case "-" -> {
                    if (a instanceof Number x && b instanceof Number y) {
                        yield x.doubleValue() - y.doubleValue();
                    }
                    throw new ConditionException("cannot subtract " + describe(b) + " from " + describe(a));
                }
                default -> throw new ConditionException("unknown operator " + op);
            };
        }
    }

    /** {@code time.Now()}, {@code time.Parse(s)}, {@code len(x)}. */
    private record Call(String function, List<Node> args) implements Node {
        public Object eval(Map<String, Object> vars) {
            List<Object> values = new ArrayList<>();
            for (Node n : args) {
                values.add(n.eval(vars));
            }
            switch (function) {
                case "time.Now":
                    return Instant.now();
                case "time.Parse":
                    if (!(values.get(0) instanceof String s)) {
                        throw new ConditionException("time.Parse needs a text, got " + describe(values.get(0)));
                    }
                    try {
                        return OffsetDateTime.parse(s).toInstant();
                    } catch (DateTimeParseException e) {
                        throw new ConditionException("time.Parse: '" + s + "' is not an RFC 3339 time");
                    }
                case "len":
                    Object v = values.get(0);
                    if (v instanceof String s) {
                        return s.length();
                    }
                    if (v instanceof Collection<?> c) {
                        return c.size();
                    }
                    if (v instanceof Map<?, ?> m) {
                        return m.size();
                    }
                    if (v == null) {
                        return 0;
                    }
                    throw new ConditionException("len of " + describe(v));
                default:
                    throw new ConditionException("unknown function " + function);
            }
        }
    }

    /** {@code t.Sub(u)}, {@code d.Minutes()} and friends on the values time functions give. */
    private record MethodCall(Node target, String method, List<Node> args) implements Node {
        public Object eval(Map<String, Object> vars) {
            Object t = target.eval(vars);
            switch (method) {
                case "Sub":
                    Object u = args.get(0).eval(vars);
                    if (t instanceof Instant a && u instanceof Instant b) {
                        return Duration.between(b, a);
                    }
                    throw new ConditionException("Sub needs two times, got " + describe(t) + " and " + describe(u));
                case "Seconds", "Minutes", "Hours":
                    if (!(t instanceof Duration d)) {
                        throw new ConditionException(method + "() needs a duration, got " + describe(t));
                    }
                    double seconds = d.toNanos() / 1e9;
                    return switch (method) {
                        case "Seconds" -> seconds;
                        case "Minutes" -> seconds / 60;
                        default -> seconds / 3600;
                    };
                default:
                    throw new ConditionException("unknown method " + method + "()");
            }
        }
    }

    // ---- reading

    private enum Kind {
        NUMBER,
        STRING,
        NAME,
        OP,
        END
    }

    private record Token(Kind kind, String text, int at) {}

    /** Functions and methods a condition may call, with their argument counts. */
    private static final Map<String, Integer> FUNCTIONS = Map.of("time.Now", 0, "time.Parse", 1, "len", 1);

    /** The names a condition reads. */
    private static final java.util.Set<String> NAMES = java.util.Set.of("app", "len");

    private static final Map<String, Integer> METHODS = Map.of("Sub", 1, "Seconds", 0, "Minutes", 0, "Hours", 0);

    private static final class Parser {
        private final String src;
        private final List<Token> tokens = new ArrayList<>();
        private int pos;

        Parser(String src) {
            this.src = src;
            tokenize();
        }

        ConditionException error(String what) {
            return new ConditionException(what + " at position " + (peek().at + 1) + " of: " + src);
        }

        private void tokenize() {
            int i = 0;
            while (i < src.length()) {
                char c = src.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (Character.isDigit(c)) {
                    int s = i;
                    while (i < src.length() && (Character.isDigit(src.charAt(i)) || src.charAt(i) == '.')) {
                        i++;
                    }
                    tokens.add(new Token(Kind.NUMBER, src.substring(s, i), s));
                } else if (c == '\'' || c == '"') {
                    int s = i++;
                    StringBuilder b = new StringBuilder();
                    while (i < src.length() && src.charAt(i) != c) {
                        if (src.charAt(i) == '\\' && i + 1 < src.length()) {
                            i++;
                        }
                        b.append(src.charAt(i++));
                    }
                    if (i >= src.length()) {
                        throw new ConditionException(
                                "a text starting at position " + (s + 1) + " is not closed: " + src);
                    }
                    i++;
                    tokens.add(new Token(Kind.STRING, b.toString(), s));
                } else if (Character.isLetter(c) || c == '_' || c == '$') {
                    int s = i;
                    while (i < src.length() && (Character.isLetterOrDigit(src.charAt(i)) || src.charAt(i) == '_')) {
                        i++;
                    }
                    tokens.add(new Token(Kind.NAME, src.substring(s, i), s));
                } else {
                    String two = i + 1 < src.length() ? src.substring(i, i + 2) : "";
                    if (List.of("==", "!=", "<=", ">=", "&&", "||", "?.").contains(two)) {
                        tokens.add(new Token(Kind.OP, two, i));
                        i += 2;
                    } else if ("()[].,<>!+-".indexOf(c) >= 0) {
                        tokens.add(new Token(Kind.OP, String.valueOf(c), i));
                        i++;
                    } else {
                        throw new ConditionException("unexpected '" + c + "' at position " + (i + 1) + " of: " + src);
                    }
                }
            }
            tokens.add(new Token(Kind.END, "the end", src.length()));
        }

        Token peek() {
            return tokens.get(pos);
        }

        private boolean accept(String text) {
            Token t = peek();
            if ((t.kind == Kind.OP || t.kind == Kind.NAME) && t.text.equals(text)) {
                pos++;
                return true;
            }
            return false;
        }

        private void expect(String text) {
            if (!accept(text)) {
                throw error("expected " + text + " but found " + peek().text);
            }
        }

        Node expression() {
            Node left = and();
            while (accept("or") || accept("||")) {
                left = new Binary("or", left, and());
            }
            return left;
        }

        private Node and() {
            Node left = not();
            while (accept("and") || accept("&&")) {
                left = new Binary("and", left, not());
            }
            return left;
        }

        private Node not() {
            if (peek().kind == Kind.NAME && peek().text.equals("not") && !nextIs("in")) {
                pos++;
                return new Unary("not", not());
            }
            if (accept("!")) {
                return new Unary("not", not());
            }
            return comparison();
        }

        private boolean nextIs(String text) {
            return pos + 1 < tokens.size() && tokens.get(pos + 1).text.equals(text);
        }

        private Node comparison() {
            Node left = additive();
            for (String op : List.of("==", "!=", "<=", ">=", "<", ">", "in")) {
                if (accept(op)) {
                    return new Binary(op, left, additive());
                }
            }
            if (peek().text.equals("not") && nextIs("in")) {
                pos += 2;
                return new Binary("not in", left, additive());
            }
            return left;
        }

        private Node additive() {
            Node left = unary();
            while (true) {
                if (accept("+")) {
                    left = new Binary("+", left, unary());
                } else if (accept("-")) {
                    left = new Binary("-", left, unary());
                } else {
                    return left;
                }
            }
        }

        private Node unary() {
            if (accept("-")) {
                return new Unary("-", unary());
            }
            return postfix();
        }

        private Node postfix() {
            Token start = peek();
            Node n = primary();
            String path = start.kind == Kind.NAME ? start.text : null;
            while (true) {
                if (accept(".") || accept("?.")) {
                    Token name = peek();
                    if (name.kind != Kind.NAME) {
                        throw error("expected a name after '.' but found " + name.text);
                    }
                    pos++;
                    if (peek().text.equals("(") && peek().kind == Kind.OP) {
                        pos++;
                        List<Node> args = arguments();
                        String qualified = path == null ? null : path + "." + name.text;
                        if (qualified != null && FUNCTIONS.containsKey(qualified)) {
                            n = call(qualified, args, name);
                        } else if (METHODS.containsKey(name.text)) {
                            if (args.size() != METHODS.get(name.text)) {
                                throw new ConditionException(name.text + "() takes " + METHODS.get(name.text)
                                        + " argument(s) at position " + (name.at + 1) + " of: " + src);
                            }
                            n = new MethodCall(n, name.text, args);
                        } else {
                            throw new ConditionException("unknown function "
                                    + (qualified != null ? qualified : name.text) + "() at position "
                                    + (name.at + 1) + " of: " + src
                                    + " (known: time.Now, time.Parse, len, and Sub, Seconds, Minutes, Hours on times)");
                        }
                        path = null;
                    } else {
                        n = new Member(n, new Literal(name.text));
                        path = path == null ? null : path + "." + name.text;
                    }
                } else if (peek().kind == Kind.OP && peek().text.equals("[")) {
                    pos++;
                    Node key = expression();
                    expect("]");
                    n = new Member(n, key);
                    path = null;
                } else if (peek().kind == Kind.OP && peek().text.equals("(") && path != null && n instanceof Variable) {
                    Token name = start;
                    pos++;
                    n = call(path, arguments(), name);
                    path = null;
                } else {
                    return n;
                }
            }
        }

        private Node call(String function, List<Node> args, Token at) {
            Integer arity = FUNCTIONS.get(function);
            if (arity == null) {
                throw new ConditionException("unknown function " + function + "() at position " + (at.at + 1) + " of: "
                        + src + " (known: time.Now, time.Parse, len)");
            }
            if (args.size() != arity) {
                throw new ConditionException(
                        function + "() takes " + arity + " argument(s) at position " + (at.at + 1) + " of: " + src);
            }
            return new Call(function, args);
        }

        private List<Node> arguments() {
            List<Node> args = new ArrayList<>();
            if (accept(")")) {
                return args;
            }
            do {
                args.add(expression());
            } while (accept(","));
            expect(")");
            return args;
        }

        private Node primary() {
            Token t = peek();
            switch (t.kind) {
                case NUMBER:
                    pos++;
                    try {
                        return new Literal(
                                t.text.contains(".") ? (Object) Double.parseDouble(t.text) : Long.parseLong(t.text));
                    } catch (NumberFormatException e) {
                        throw error("bad number " + t.text);
                    }
                case STRING:
                    pos++;
                    return new Literal(t.text);
                case NAME:
                    pos++;
                    return switch (t.text) {
                        case "true" -> new Literal(true);
                        case "false" -> new Literal(false);
                        case "nil" -> new Literal(null);
                        case "and", "or", "in", "not" -> {
                            pos--;
                            throw error("unexpected " + t.text);
                        }
                        default -> {
                            if (!NAMES.contains(t.text)
                                    && !(t.text.equals("time") && peek().text.equals("."))) {
                                pos--;
                                throw error("unknown name " + t.text
                                        + " (a condition reads app, e.g. app.status.health.status)");
                            }
                            yield new Variable(t.text);
                        }
                    };
                case OP:
                    if (t.text.equals("(")) {
                        pos++;
                        Node n = expression();
                        expect(")");
                        return n;
                    }
                    if (t.text.equals("[")) {
                        pos++;
                        List<Node> items = new ArrayList<>();
                        if (!accept("]")) {
                            do {
                                items.add(expression());
                            } while (accept(","));
                            expect("]");
                        }
                        return new ListOf(items);
                    }
                    throw error("unexpected " + t.text);
                default:
                    throw error("unexpected " + t.text);
            }
        }
    }
}
