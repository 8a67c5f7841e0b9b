package io.sextant.template;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A template in the subset of Go's text/template that Argo CD's notification templates and ApplicationSets
 * ({@code goTemplate: true}) use, read and run by us: {@code {{.app.metadata.name}}}, variables ({@code $}, {@code $c.type}), {@code if / else if / else / end},
 * {@code range [$i, $v :=] ... [else] end}, {@code with}, {@code {{- trim -}}}, comments, pipelines with
 * {@code |}, and the functions {@code eq ne lt le gt ge not and or len index printf print toJson toPrettyJson
 * quote upper lower trim trimPrefix trimSuffix replace contains hasPrefix hasSuffix default join call}. The data
 * is what the caller gives (a notification's {@code .app}, {@code .context}, ...; a set's parameters); a template
 * reaches nothing else: no files, no environment, no other objects.
 *
 * <p>A field that is not there is an error when it is printed or passed to a function, naming the field (Go
 * would print {@code <no value>} and hide the typo); in {@code if}, {@code with} and {@code range} it is simply
 * empty, so a template can test for a field first.
 */
public final class GoTemplate {

    /** Why a template cannot be read or run; the message names the field or the function. */
    public static final class TemplateException extends RuntimeException {
        public TemplateException(String message) {
            super(message);
        }
    }

    /** The value of a field that is not there (distinct from a field holding null). */
    private record Missing(String path) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.regex.Pattern DECLARATION =
            java.util.regex.Pattern.compile("^(\\$\\w+)\\s*:?=\\s*(.+)$", java.util.regex.Pattern.DOTALL);
    /** How deep blocks and parentheses may nest, and how long a template may be: bounds for hostile input. */
    static final int MAX_DEPTH = 64;

    static final int MAX_TEXT = 256 * 1024;
    private static final Set<String> FUNCTIONS = Set.of(
            "eq",
            "ne",
            "lt",
            "le",
            "gt",
            "ge",
            "not",
            "and",
            "or",
            "len",
            "index",
            "printf",
            "print",
            "toJson",
            "toPrettyJson",
            "quote",
            "upper",
            "lower",
            "trim",
            "trimPrefix",
            "trimSuffix",
            "replace",
            "contains",
            "hasPrefix",
            "hasSuffix",
            "default",
            "join",
            "call");
    /** Output past this is an error: a range over a large list with a large body should not fill memory. */
    static final int MAX_OUTPUT = 1 << 20;

    private final String name;
    private final String text;
    private final List<Node> body;

    private GoTemplate(String name, String text, List<Node> body) {
        this.name = name;
        this.text = text;
        this.body = body;
    }

    /** The template as written. */
    public String text() {
        return text;
    }

    /** Reads a template; a syntax error or an unknown function is refused with the template's name. */
    public static GoTemplate parse(String name, String text) {
        if (text != null && text.length() > MAX_TEXT) {
            throw new TemplateException(name + ": longer than " + MAX_TEXT + " characters");
        }
        Reader r = new Reader(name, text == null ? "" : text);
        List<Node> nodes = r.block(Set.of());
        if (r.pendingEnd != null) {
            throw new TemplateException(name + ": unexpected {{" + r.pendingEnd + "}}");
        }
        return new GoTemplate(name, text == null ? "" : text, nodes);
    }

    /** Runs the template over {@code data}. */
    public String render(Map<String, Object> data) {
        StringBuilder out = new StringBuilder();
        Scope scope = new Scope(data, null);
        scope.set("$", data);
        run(body, data, scope, out);
        return out.toString();
    }

    // ---- running

    private static final class Scope {
        private final Map<String, Object> vars = new LinkedHashMap<>();
        private final Scope parent;
        private final Object root;

        Scope(Object root, Scope parent) {
            this.root = root;
            this.parent = parent;
        }

        void set(String name, Object value) {
            vars.put(name, value);
        }

        Object get(String name, String tpl) {
            for (Scope s = this; s != null; s = s.parent) {
                if (s.vars.containsKey(name)) {
                    return s.vars.get(name);
                }
            }
            throw new TemplateException(tpl + ": undefined variable " + name);
        }
    }

    private void run(List<Node> nodes, Object dot, Scope scope, StringBuilder out) {
        for (Node n : nodes) {
            n.run(this, dot, scope, out);
            if (out.length() > MAX_OUTPUT) {
                throw new TemplateException(name + ": the message is longer than " + MAX_OUTPUT + " characters");
            }
        }
    }

    private interface Node {
        void run(GoTemplate t, Object dot, Scope scope, StringBuilder out);
    }

    private record Text(String text) implements Node {
        public void run(GoTemplate t, Object dot, Scope scope, StringBuilder out) {
            out.append(text);
        }
    }

    private record Print(Pipeline pipeline) implements Node {
        public void run(GoTemplate t, Object dot, Scope scope, StringBuilder out) {
            Object v = pipeline.eval(t, dot, scope);
            if (pipeline.declares != null) {
                return; // {{$x := ...}} prints nothing
            }
            out.append(t.print(t.present(v, pipeline.text)));
        }
    }

    private record If(Pipeline condition, List<Node> then, List<Node> otherwise, boolean with) implements Node {
        public void run(GoTemplate t, Object dot, Scope scope, StringBuilder out) {
            Object v = condition.eval(t, dot, scope);
            if (truthy(v)) {
                t.run(then, with ? v : dot, new Scope(dot, scope), out);
            } else if (otherwise != null) {
                t.run(otherwise, dot, new Scope(dot, scope), out);
            }
        }
    }

    private record Range(String keyVar, String valueVar, Pipeline over, List<Node> each, List<Node> otherwise)
            implements Node {
        public void run(GoTemplate t, Object dot, Scope scope, StringBuilder out) {
            Object v = over.eval(t, dot, scope);
            List<Map.Entry<Object, Object>> items = new ArrayList<>();
            if (v instanceof List<?> l) {
                for (int i = 0; i < l.size(); i++) {
                    items.add(Map.entry(i, l.get(i) == null ? NULL : l.get(i)));
                }
            } else if (v instanceof Map<?, ?> m) {
                new java.util.TreeMap<>(m).forEach((k, x) -> items.add(Map.entry(k, x == null ? NULL : x)));
            } else if (v != null && !(v instanceof Missing)) {
                throw new TemplateException(t.name + ": range over " + over.text + " needs a list or a map");
            }
            if (items.isEmpty()) {
                if (otherwise != null) {
                    t.run(otherwise, dot, new Scope(dot, scope), out);
                }
                return;
            }
            for (Map.Entry<Object, Object> e : items) {
                Object item = e.getValue() == NULL ? null : e.getValue();
                Scope s = new Scope(item, scope);
                if (keyVar != null) {
                    s.set(keyVar, e.getKey());
                }
                if (valueVar != null) {
                    s.set(valueVar, item);
                }
                t.run(each, item, s, out);
            }
        }
    }

    private static final Object NULL = new Object();

    static boolean truthy(Object v) {
        if (v == null || v instanceof Missing) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (v instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        return true;
    }

    private Object present(Object v, String what) {
        if (v instanceof Missing m) {
            throw new TemplateException(name + ": " + m.path() + " is not there (in {{" + what + "}})");
        }
        return v;
    }

    private String print(Object v) {
        if (v == null) {
            return "<nil>";
        }
        if (v instanceof Map<?, ?> || v instanceof List<?>) {
            return goPrint(v);
        }
        if (v instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return String.valueOf(d.longValue());
        }
        return String.valueOf(v);
    }

    /** Go's %v of maps and slices: {@code map[a:1 b:2]} and {@code [x y]}. */
    private String goPrint(Object v) {
        if (v instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder("map[");
            new java.util.TreeMap<>(m)
                    .forEach((k, x) -> b.append(b.length() > 4 ? " " : "")
                            .append(k)
                            .append(':')
                            .append(goPrint(x)));
            return b.append(']').toString();
        }
        if (v instanceof List<?> l) {
            StringBuilder b = new StringBuilder("[");
            for (Object x : l) {
                b.append(b.length() > 1 ? " " : "").append(goPrint(x));
            }
            return b.append(']').toString();
        }
        return print(v);
    }

    // ---- pipelines

    /** One operand: a field chain from dot, a variable or a parenthesised pipeline, or a literal. */
    private record Operand(String kind, Object value, List<String> fields) {}

    private record Command(List<Operand> operands) {}

    private record Pipeline(String text, String declares, List<Command> commands) {
        Object eval(GoTemplate t, Object dot, Scope scope) {
            Object previous = null;
            boolean first = true;
            for (Command c : commands) {
                previous = t.command(c, dot, scope, first ? null : previous, !first);
                first = false;
            }
            if (declares != null) {
                scope.set(declares, previous);
            }
            return previous;
        }
    }

    private Object command(Command c, Object dot, Scope scope, Object piped, boolean hasPiped) {
        Operand head = c.operands().get(0);
        if (head.kind().equals("func")) {
            List<Object> args = new ArrayList<>();
            for (Operand o : c.operands().subList(1, c.operands().size())) {
                args.add(operand(o, dot, scope));
            }
            if (hasPiped) {
                args.add(piped);
            }
            return function((String) head.value(), args);
        }
        if (c.operands().size() > 1 || hasPiped) {
            throw new TemplateException(name + ": " + describe(head) + " is not a function");
        }
        return operand(head, dot, scope);
    }

    private static String describe(Operand o) {
        return o.kind().equals("field") ? "." + String.join(".", o.fields()) : String.valueOf(o.value());
    }

    private Object operand(Operand o, Object dot, Scope scope) {
        Object base;
        String path;
        switch (o.kind()) {
            case "literal":
                return o.value();
            case "field":
                base = dot;
                path = "";
                break;
            case "var":
                base = scope.get((String) o.value(), name);
                path = (String) o.value();
                break;
            case "pipeline":
                base = ((Pipeline) o.value()).eval(this, dot, scope);
                path = "(" + ((Pipeline) o.value()).text() + ")";
                break;
            default:
                throw new TemplateException(name + ": " + o.kind());
        }
        for (String f : o.fields()) {
            path = path + "." + f;
            if (base instanceof Missing) {
                return base; // the first step that is not there is what a reader must fix
            }
            if (base instanceof Map<?, ?> m) {
                base = m.containsKey(f) ? m.get(f) : new Missing(path);
            } else if (base == null) {
                base = new Missing(path);
            } else {
                throw new TemplateException(name + ": cannot take field " + f + " of " + path + "'s value");
            }
        }
        return base;
    }

    private Object function(String fn, List<Object> args) {
        if (Set.of("eq", "ne").contains(fn)) {
            // A comparison with a field that is not there is false, not an error: {{if eq .a.b "x"}} tests it.
            args = args.stream().map(a -> a instanceof Missing ? null : a).toList();
        } else if (!Set.of("default", "not", "and", "or").contains(fn)) {
            for (Object a : args) {
                present(a, fn);
            }
        }
        Object out = apply(fn, args);
        if (out instanceof String str && str.length() > MAX_OUTPUT) {
            throw new TemplateException(name + ": " + fn + " gives more than " + MAX_OUTPUT + " characters");
        }
        return out;
    }

    private Object apply(String fn, List<Object> args) {
        switch (fn) {
            case "eq":
                need(fn, args, 2, 99);
                for (Object other : args.subList(1, args.size())) {
                    if (same(args.get(0), other)) {
                        return true;
                    }
                }
                return false;
            case "ne":
                need(fn, args, 2, 2);
                return !same(args.get(0), args.get(1));
            case "lt", "le", "gt", "ge":
                need(fn, args, 2, 2);
                int c = order(args.get(0), args.get(1), fn);
                return switch (fn) {
                    case "lt" -> c < 0;
                    case "le" -> c <= 0;
                    case "gt" -> c > 0;
                    default -> c >= 0;
                };
            case "not":
                need(fn, args, 1, 1);
                return !truthy(args.get(0));
            case "and": {
                need(fn, args, 1, 99);
                Object last = null;
                for (Object a : args) {
                    last = a;
                    if (!truthy(a)) {
                        return a instanceof Missing ? false : a;
                    }
                }
                return last;
            }
            case "or": {
                need(fn, args, 1, 99);
                Object last = null;
                for (Object a : args) {
                    last = a;
                    if (truthy(a)) {
                        return a;
                    }
                }
                return last instanceof Missing ? false : last;
            }
            case "len":
                need(fn, args, 1, 1);
                Object v = args.get(0);
                if (v instanceof String s) {
                    return (long) s.length();
                }
                if (v instanceof Collection<?> col) {
                    return (long) col.size();
                }
                if (v instanceof Map<?, ?> m) {
                    return (long) m.size();
                }
                throw new TemplateException(name + ": len of " + print(v));
            case "index": {
                need(fn, args, 2, 99);
                Object cur = args.get(0);
                for (Object k : args.subList(1, args.size())) {
                    if (cur instanceof Map<?, ?> m) {
                        cur = m.get(String.valueOf(k));
                    } else if (cur instanceof List<?> l && k instanceof Number n) {
                        int i = n.intValue();
                        if (i < 0 || i >= l.size()) {
                            throw new TemplateException(name + ": index " + i + " out of range");
                        }
                        cur = l.get(i);
                    } else {
                        throw new TemplateException(name + ": cannot index " + print(cur) + " with " + print(k));
                    }
                }
                return cur;
            }
            case "printf":
                need(fn, args, 1, 99);
                return printf(String.valueOf(args.get(0)), args.subList(1, args.size()));
            case "print": {
                StringBuilder b = new StringBuilder();
                for (Object a : args) {
                    b.append(print(a));
                }
                return b.toString();
            }
            case "toJson", "toPrettyJson":
                need(fn, args, 1, 1);
                try {
                    return fn.equals("toJson")
                            ? JSON.writeValueAsString(args.get(0))
                            : JSON.writerWithDefaultPrettyPrinter().writeValueAsString(args.get(0));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new TemplateException(name + ": toJson: " + e.getOriginalMessage());
                }
            case "quote":
                need(fn, args, 1, 99);
                List<String> quoted = new ArrayList<>();
                for (Object a : args) {
                    quoted.add('"'
                            + (a == null ? "" : print(a)).replace("\\", "\\\\").replace("\"", "\\\"")
                            + '"');
                }
                return String.join(" ", quoted);
            case "upper":
                need(fn, args, 1, 1);
                return text(args.get(0)).toUpperCase(Locale.ROOT);
            case "lower":
                need(fn, args, 1, 1);
                return text(args.get(0)).toLowerCase(Locale.ROOT);
            case "trim":
                need(fn, args, 1, 1);
                return text(args.get(0)).strip();
            case "trimPrefix":
                need(fn, args, 2, 2);
                return text(args.get(1)).startsWith(text(args.get(0)))
                        ? text(args.get(1)).substring(text(args.get(0)).length())
                        : text(args.get(1));
            case "trimSuffix":
                need(fn, args, 2, 2);
                return text(args.get(1)).endsWith(text(args.get(0)))
                        ? text(args.get(1))
                                .substring(
                                        0,
                                        text(args.get(1)).length()
                                                - text(args.get(0)).length())
                        : text(args.get(1));
            case "replace":
                need(fn, args, 3, 3);
                String in = text(args.get(2));
                String old = text(args.get(0));
                String by = text(args.get(1));
                long times = old.isEmpty()
                        ? in.length() + 1L
                        : (in.length() - in.replace(old, "").length()) / old.length();
                if (in.length() + times * (by.length() - old.length()) > MAX_OUTPUT) {
                    throw new TemplateException(name + ": replace gives more than " + MAX_OUTPUT + " characters");
                }
                return in.replace(old, by);
            case "contains":
                need(fn, args, 2, 2);
                return text(args.get(1)).contains(text(args.get(0)));
            case "hasPrefix":
                need(fn, args, 2, 2);
                return text(args.get(1)).startsWith(text(args.get(0)));
            case "hasSuffix":
                need(fn, args, 2, 2);
                return text(args.get(1)).endsWith(text(args.get(0)));
            case "default":
                need(fn, args, 2, 2);
                return truthy(args.get(1)) ? args.get(1) : args.get(0);
            case "join":
                need(fn, args, 2, 2);
                if (!(args.get(1) instanceof List<?> l)) {
                    throw new TemplateException(name + ": join needs a list");
                }
                List<String> parts = new ArrayList<>();
                for (Object x : l) {
                    parts.add(print(x));
                }
                return String.join(text(args.get(0)), parts);
            case "call": {
                need(fn, args, 1, 99);
                if (!(args.get(0) instanceof Function<?, ?> f)) {
                    throw new TemplateException(name + ": call needs a function such as .repo.RepoURLToHTTPS");
                }
                @SuppressWarnings("unchecked")
                Function<List<Object>, Object> g = (Function<List<Object>, Object>) f;
                return g.apply(args.subList(1, args.size()));
            }
            default:
                throw new TemplateException(name + ": function " + fn + " is not available");
        }
    }

    private String text(Object v) {
        return v == null ? "" : print(v);
    }

    private void need(String fn, List<Object> args, int min, int max) {
        if (args.size() < min || args.size() > max) {
            throw new TemplateException(
                    name + ": " + fn + " takes " + (min == max ? "" + min : min + " or more") + " argument(s)");
        }
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        return Objects.equals(a, b);
    }

    private int order(Object a, Object b, String fn) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        throw new TemplateException(name + ": " + fn + " cannot compare " + print(a) + " and " + print(b));
    }

    /** Go's printf verbs %s %d %v %q %%, enough for messages. */
    private String printf(String format, List<Object> args) {
        StringBuilder b = new StringBuilder();
        int next = 0;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 >= format.length()) {
                b.append(c);
                continue;
            }
            char verb = format.charAt(++i);
            if (verb == '%') {
                b.append('%');
                continue;
            }
            Object a = next < args.size() ? args.get(next++) : null;
            switch (verb) {
                case 's', 'v', 'd' -> b.append(print(a));
                case 'q' -> b.append('"').append(text(a).replace("\"", "\\\"")).append('"');
                default -> throw new TemplateException(name + ": printf verb %" + verb + " is not available");
            }
        }
        return b.toString();
    }

    // ---- reading

    private static final class Reader {
        private final String name;
        private final String src;
        private int pos;
        private int depth;
        /** Whether the last action ended with {@code -}}}: the next text, in whichever block, loses its leading space. */
        private boolean trimNext;
        /** The keyword ({@code end}, {@code else ...}) that closed the last block, for its opener to check. */
        String pendingEnd;

        private String pendingElseCondition;

        Reader(String name, String src) {
            this.name = name;
            this.src = src;
        }

        TemplateException error(String what) {
            int line = 1;
            for (int i = 0; i < Math.min(pos, src.length()); i++) {
                if (src.charAt(i) == '\n') {
                    line++;
                }
            }
            return new TemplateException(name + ": line " + line + ": " + what);
        }

        /** The {@code }}} ending the action that starts at {@code from}, past quoted texts; -1 when none. */
        private int closeOf(int from) {
            char quote = 0;
            for (int i = from; i + 1 < src.length(); i++) {
                char c = src.charAt(i);
                if (quote != 0) {
                    if (c == '\\' && quote == '"') {
                        i++;
                    } else if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '"' || c == '`') {
                    quote = c;
                } else if (c == '}' && src.charAt(i + 1) == '}') {
                    return i;
                }
            }
            return -1;
        }

        /** Nodes up to one of {@code closers} ({@code end}, {@code else}) or the end of the text. */
        List<Node> block(Set<String> closers) {
            if (++depth > MAX_DEPTH) {
                throw error("blocks nested deeper than " + MAX_DEPTH);
            }
            List<Node> nodes = new ArrayList<>();
            try {
                return blockBody(closers, nodes);
            } finally {
                depth--;
            }
        }

        private List<Node> blockBody(Set<String> closers, List<Node> nodes) {
            while (pos < src.length()) {
                int open = src.indexOf("{{", pos);
                String text = open < 0 ? src.substring(pos) : src.substring(pos, open);
                if (trimNext) {
                    text = text.stripLeading();
                }
                if (open >= 0
                        && src.startsWith("{{-", open)
                        && open + 3 < src.length()
                        && Character.isWhitespace(src.charAt(open + 3))) {
                    text = text.stripTrailing();
                }
                if (!text.isEmpty()) {
                    nodes.add(new Text(text));
                }
                if (open < 0) {
                    pos = src.length();
                    break;
                }
                int close = closeOf(open + 2);
                if (close < 0) {
                    pos = open;
                    throw error("{{ without }}");
                }
                String inner = src.substring(open + 2, close);
                if (inner.startsWith("-") && inner.length() > 1 && Character.isWhitespace(inner.charAt(1))) {
                    inner = inner.substring(1);
                }
                trimNext = inner.endsWith("-")
                        && inner.length() > 1
                        && Character.isWhitespace(inner.charAt(inner.length() - 2));
                if (trimNext) {
                    inner = inner.substring(0, inner.length() - 1);
                }
                pos = close + 2;
                String action = inner.strip();
                if (action.startsWith("/*")) {
                    if (!action.endsWith("*/")) {
                        throw error("a comment must end with */");
                    }
                    continue;
                }
                String word = action.split("\\s+", 2)[0];
                String rest = action.substring(word.length()).strip();
                switch (word) {
                    case "end" -> {
                        if (!closers.contains("end")) {
                            throw error("{{end}} without an opening if, range or with");
                        }
                        pendingEnd = "end";
                        return nodes;
                    }
                    case "else" -> {
                        if (!closers.contains("else")) {
                            throw error("{{else}} outside if, range or with");
                        }
                        pendingEnd = "else";
                        pendingElseCondition =
                                rest.startsWith("if ") ? rest.substring(3).strip() : null;
                        if (!rest.isEmpty() && pendingElseCondition == null) {
                            throw error("{{else " + rest + "}} is not understood; write {{else}} or {{else if ...}}");
                        }
                        return nodes;
                    }
                    case "if", "with" -> nodes.add(conditional(rest, word.equals("with")));
                    case "range" -> nodes.add(range(rest));
                    case "define", "template", "block", "break", "continue" ->
                        throw error("{{" + word + "}} is not available in notification templates");
                    default -> nodes.add(new Print(pipeline(action)));
                }
            }
            if (!closers.isEmpty()) {
                throw error("missing {{end}}");
            }
            return nodes;
        }

        private Node conditional(String condition, boolean with) {
            if (condition.isEmpty()) {
                throw error("{{" + (with ? "with" : "if") + "}} needs a condition");
            }
            Pipeline p = pipeline(condition);
            List<Node> then = block(Set.of("end", "else"));
            List<Node> otherwise = null;
            if ("else".equals(pendingEnd)) {
                String elseIf = pendingElseCondition;
                if (elseIf != null) {
                    otherwise = List.of(conditional(elseIf, false)); // consumes the shared {{end}}
                    pendingEnd = null;
                    return new If(p, then, otherwise, with);
                }
                otherwise = block(Set.of("end"));
            }
            pendingEnd = null;
            return new If(p, then, otherwise, with);
        }

        private Node range(String spec) {
            String keyVar = null;
            String valueVar = null;
            int assign = spec.indexOf(":=");
            if (assign > 0) {
                String[] vars = spec.substring(0, assign).split(",");
                for (String v : vars) {
                    if (!v.strip().matches("\\$\\w+")) {
                        throw error("range variables are $names, not " + v.strip());
                    }
                }
                if (vars.length == 2) {
                    keyVar = vars[0].strip();
                    valueVar = vars[1].strip();
                } else if (vars.length == 1) {
                    valueVar = vars[0].strip();
                } else {
                    throw error("range takes one or two variables");
                }
                spec = spec.substring(assign + 2).strip();
            }
            if (spec.isEmpty()) {
                throw error("{{range}} needs a list");
            }
            Pipeline over = pipeline(spec);
            List<Node> each = block(Set.of("end", "else"));
            List<Node> otherwise = null;
            if ("else".equals(pendingEnd)) {
                if (pendingElseCondition != null) {
                    throw error("{{else if}} inside range");
                }
                otherwise = block(Set.of("end"));
            }
            pendingEnd = null;
            return new Range(keyVar, valueVar, over, each, otherwise);
        }

        private Pipeline pipeline(String text) {
            String declares = null;
            String body = text;
            java.util.regex.Matcher m = DECLARATION.matcher(text);
            if (m.matches()) {
                declares = m.group(1);
                body = m.group(2);
            }
            Lexer lx = new Lexer(body);
            List<Command> commands = new ArrayList<>();
            List<Operand> current = new ArrayList<>();
            while (true) {
                String tok = lx.next();
                if (tok == null || tok.equals("|") || tok.equals(")")) {
                    if (current.isEmpty()) {
                        throw error("an empty command in {{" + text + "}}");
                    }
                    commands.add(new Command(List.copyOf(current)));
                    current.clear();
                    if (tok == null) {
                        break;
                    }
                    if (tok.equals(")")) {
                        throw error("unbalanced ) in {{" + text + "}}");
                    }
                    continue;
                }
                current.add(operand(tok, lx, text, current.isEmpty()));
            }
            return new Pipeline(text, declares, List.copyOf(commands));
        }

        private Operand operand(String tok, Lexer lx, String text, boolean first) {
            if (tok.equals("(")) {
                int depth = 1;
                StringBuilder inner = new StringBuilder();
                String t;
                while ((t = lx.next()) != null) {
                    if (t.equals("(")) {
                        if (++depth > MAX_DEPTH) {
                            throw error("parentheses nested deeper than " + MAX_DEPTH);
                        }
                    } else if (t.equals(")") && --depth == 0) {
                        break;
                    }
                    // Raw tokens, spaced as written: quoted texts and .field after ) read again the same.
                    inner.append(lx.adjacent() || inner.length() == 0 ? "" : " ")
                            .append(t);
                }
                if (depth != 0) {
                    throw error("unbalanced ( in {{" + text + "}}");
                }
                return new Operand("pipeline", pipeline(inner.toString().strip()), fieldsAfter(lx));
            }
            if (tok.startsWith("`")) {
                return new Operand("literal", tok.substring(1, tok.length() - 1), List.of());
            }
            if (tok.startsWith("\"")) {
                return new Operand("literal", unescape(tok.substring(1, tok.length() - 1)), List.of());
            }
            if (tok.equals(".")) {
                return new Operand("field", null, List.of());
            }
            if (tok.startsWith(".")) {
                return new Operand("field", null, List.of(tok.substring(1).split("\\.")));
            }
            if (tok.startsWith("$")) {
                int dot = tok.indexOf('.');
                String var = dot < 0 ? tok : tok.substring(0, dot);
                List<String> fields =
                        dot < 0 ? List.of() : List.of(tok.substring(dot + 1).split("\\."));
                return new Operand("var", var, fields);
            }
            if (tok.matches("-?[0-9]+")) {
                return new Operand("literal", Long.parseLong(tok), List.of());
            }
            if (tok.matches("-?[0-9]*\\.[0-9]+")) {
                return new Operand("literal", Double.parseDouble(tok), List.of());
            }
            switch (tok) {
                case "true":
                    return new Operand("literal", true, List.of());
                case "false":
                    return new Operand("literal", false, List.of());
                case "nil":
                    return new Operand("literal", null, List.of());
                default:
                    break;
            }
            if (FUNCTIONS.contains(tok)) {
                if (!first) {
                    throw error("function " + tok + " must come first in its command (or in parentheses)");
                }
                return new Operand("func", tok, List.of());
            }
            throw error("function " + tok + " is not available (in {{" + text + "}})");
        }

        private List<String> fieldsAfter(Lexer lx) {
            String peek = lx.peek();
            if (peek != null && peek.startsWith(".") && peek.length() > 1 && lx.adjacent()) {
                lx.next();
                return List.of(peek.substring(1).split("\\."));
            }
            return List.of();
        }
    }

    /** A Go string literal's escapes: \\n, \\t, \\", \\\\ (others as the character). */
    static String unescape(String raw) {
        StringBuilder b = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length()) {
                char e = raw.charAt(++i);
                b.append(
                        switch (e) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            default -> e;
                        });
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Splits an action into words, quoted texts, parentheses and pipes. */
    private static final class Lexer {
        private final String s;
        private int i;
        private boolean adjacent;

        Lexer(String s) {
            this.s = s;
        }

        boolean adjacent() {
            return adjacent;
        }

        String peek() {
            int save = i;
            String t = next();
            i = save;
            return t;
        }

        String next() {
            int start = i;
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            adjacent = i == start;
            if (i >= s.length()) {
                return null;
            }
            char c = s.charAt(i);
            if (c == '(' || c == ')' || c == '|') {
                i++;
                return String.valueOf(c);
            }
            if (c == '"' || c == '`') {
                int st = i++;
                StringBuilder b = new StringBuilder().append(c);
                while (i < s.length() && s.charAt(i) != c) {
                    if (c == '"' && s.charAt(i) == '\\' && i + 1 < s.length()) {
                        b.append(s.charAt(i++)); // kept raw; the operand decodes it
                    }
                    b.append(s.charAt(i++));
                }
                if (i >= s.length()) {
                    throw new TemplateException("a text starting at " + s.substring(st) + " is not closed");
                }
                i++;
                return b.append(c).toString();
            }
            int st = i;
            while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && "()|".indexOf(s.charAt(i)) < 0) {
                i++;
            }
            return s.substring(st, i);
        }
    }
}
