package io.sextant.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Argo CD's glob syntax (gobwas/glob without separators), the one matcher for every pattern Sextant reads:
 * {@code directory.include} / {@code directory.exclude} against a path relative to the application path,
 * AppProject fields, RBAC policy objects, {@code sextant.application-namespaces} and resource-customization
 * keys such as {@code *.aws.crossplane.io/*}:
 * <ul>
 * <li>{@code *} (and {@code **}) matches any run of characters, {@code /} included, so {@code *.yaml}
 *     matches {@code env/prod/cm.yaml};</li>
 * <li>{@code ?} matches one character; {@code [abc]}, {@code [a-z]}, {@code [!a-z]} match one character
 *     of (or not of) a set;</li>
 * <li>{@code {a.yaml,b/*}} matches any of the comma-separated alternatives (which may nest);</li>
 * <li>{@code \} makes the next character literal.</li>
 * </ul>
 * Unlike Argo CD, which silently matches nothing, a malformed pattern is an error, since an include
 * that matches nothing would empty the Application.
 *
 * <p>Matching is linear-time per alternative (no regular-expression backtracking), so no pattern can
 * hang a render. Immutable and thread-safe.
 */
public final class Glob {

    static final int MAX_PATTERN_LENGTH = 1024;
    static final int MAX_ALTERNATIVES = 256;

    private enum Op {
        LITERAL,
        ANY_ONE,
        ANY_RUN,
        SET
    }

    private record Token(Op op, int ch, String set, boolean negated) {
        boolean matches(int c) {
            return switch (op) {
                case LITERAL -> c == ch;
                case ANY_ONE -> true;
                case SET -> inSet(c) != negated;
                case ANY_RUN -> throw new IllegalStateException();
            };
        }

        private boolean inSet(int c) {
            // set is stored as pairs of (low, high) code points
            for (int i = 0; i < set.length(); ) {
                int low = set.codePointAt(i);
                i += Character.charCount(low);
                int high = set.codePointAt(i);
                i += Character.charCount(high);
                if (c >= low && c <= high) {
                    return true;
                }
            }
            return false;
        }
    }

    private final String pattern;
    private final List<List<Token>> alternatives;

    private Glob(String pattern, List<List<Token>> alternatives) {
        this.pattern = pattern;
        this.alternatives = alternatives;
    }

    /**
     * @param what how to name the pattern in an error, e.g. "directory.include"
     * @throws IllegalArgumentException for a malformed or oversized pattern, naming it and why
     */
    public static Glob compile(String pattern, String what) {
        if (pattern.length() > MAX_PATTERN_LENGTH) {
            throw invalid(pattern, what, "it is longer than " + MAX_PATTERN_LENGTH + " characters");
        }
        Parser parser = new Parser(pattern, what);
        List<List<Token>> alternatives = parser.sequence(0);
        if (parser.pos < pattern.length()) {
            throw invalid(pattern, what, "unexpected '" + pattern.charAt(parser.pos) + "' at position " + parser.pos);
        }
        return new Glob(pattern, alternatives);
    }

    public boolean matches(String text) {
        int[] chars = text.codePoints().toArray();
        for (List<Token> tokens : alternatives) {
            if (matches(tokens, chars)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return pattern;
    }

    /** Wildcard matching with one backtrack point (the last '*'): O(pattern × text). */
    private static boolean matches(List<Token> tokens, int[] text) {
        int t = 0;
        int p = 0;
        int starP = -1;
        int starT = -1;
        while (t < text.length) {
            if (p < tokens.size()
                    && tokens.get(p).op != Op.ANY_RUN
                    && tokens.get(p).matches(text[t])) {
                p++;
                t++;
            } else if (p < tokens.size() && tokens.get(p).op == Op.ANY_RUN) {
                starP = p++;
                starT = t;
            } else if (starP >= 0) {
                p = starP + 1;
                t = ++starT;
            } else {
                return false;
            }
        }
        while (p < tokens.size() && tokens.get(p).op == Op.ANY_RUN) {
            p++;
        }
        return p == tokens.size();
    }

    /** Whether {@code text} uses any glob syntax (else it can only match itself). */
    public static boolean isGlob(String text) {
        return text.chars().anyMatch(c -> "*?[{".indexOf(c) >= 0);
    }

    private static IllegalArgumentException invalid(String pattern, String what, String why) {
        StringBuilder shown = new StringBuilder(pattern.length());
        pattern.codePoints().forEach(c -> shown.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return new IllegalArgumentException(what + " pattern '" + shown + "' is not a valid glob: " + why);
    }

    /** Recursive descent over the pattern; brace alternatives are expanded into whole token lists. */
    private static final class Parser {
        final String p;
        final String what;
        int pos;

        Parser(String p, String what) {
            this.p = p;
            this.what = what;
        }

        /** Alternatives of the sequence starting at pos, up to an unnested ',' or '}' when depth > 0. */
        List<List<Token>> sequence(int depth) {
            List<List<Token>> result = new ArrayList<>();
            result.add(new ArrayList<>());
            while (pos < p.length()) {
                int c = p.codePointAt(pos);
                if (depth > 0 && (c == ',' || c == '}')) {
                    break;
                }
                pos += Character.charCount(c);
                switch (c) {
                    case '{' -> result = cross(result, braces(depth + 1));
                    case '*' -> {
                        for (List<Token> alt : result) {
                            if (alt.isEmpty() || alt.get(alt.size() - 1).op != Op.ANY_RUN) {
                                alt.add(new Token(Op.ANY_RUN, 0, null, false));
                            }
                        }
                    }
                    case '?' -> append(result, new Token(Op.ANY_ONE, 0, null, false));
                    case '[' -> append(result, set());
                    case '\\' -> {
                        if (pos >= p.length()) {
                            throw invalid(p, what, "it ends with an escaping '\\'");
                        }
                        int next = p.codePointAt(pos);
                        pos += Character.charCount(next);
                        append(result, new Token(Op.LITERAL, next, null, false));
                    }
                    default -> append(result, new Token(Op.LITERAL, c, null, false));
                }
            }
            return result;
        }

        private List<List<Token>> braces(int depth) {
            List<List<Token>> alternatives = new ArrayList<>();
            while (true) {
                alternatives.addAll(sequence(depth));
                if (alternatives.size() > MAX_ALTERNATIVES) {
                    throw invalid(p, what, "it expands to more than " + MAX_ALTERNATIVES + " alternatives");
                }
                if (pos >= p.length()) {
                    throw invalid(p, what, "a '{' is not closed");
                }
                char c = p.charAt(pos++);
                if (c == '}') {
                    return alternatives;
                }
                // c == ',': next alternative
            }
        }

        private Token set() {
            boolean negated = false;
            if (pos < p.length() && p.charAt(pos) == '!') {
                negated = true;
                pos++;
            }
            StringBuilder ranges = new StringBuilder();
            boolean first = true;
            while (true) {
                if (pos >= p.length()) {
                    throw invalid(p, what, "a '[' is not closed");
                }
                int c = p.codePointAt(pos);
                if (c == ']' && !first) {
                    pos++;
                    break;
                }
                if (c == ']') {
                    throw invalid(p, what, "empty character class '[]'");
                }
                pos += Character.charCount(c);
                if (c == '\\' && pos < p.length()) {
                    c = p.codePointAt(pos);
                    pos += Character.charCount(c);
                }
                int high = c;
                if (pos + 1 < p.length() && p.charAt(pos) == '-' && p.charAt(pos + 1) != ']') {
                    pos++;
                    high = p.codePointAt(pos);
                    pos += Character.charCount(high);
                    if (high < c) {
                        throw invalid(
                                p,
                                what,
                                "range '" + Character.toString(c) + "-" + Character.toString(high) + "' is reversed");
                    }
                }
                ranges.appendCodePoint(c).appendCodePoint(high);
                first = false;
            }
            return new Token(Op.SET, 0, ranges.toString(), negated);
        }

        private static void append(List<List<Token>> alternatives, Token token) {
            for (List<Token> alt : alternatives) {
                alt.add(token);
            }
        }

        private List<List<Token>> cross(List<List<Token>> prefixes, List<List<Token>> suffixes) {
            if ((long) prefixes.size() * suffixes.size() > MAX_ALTERNATIVES) {
                throw invalid(p, what, "it expands to more than " + MAX_ALTERNATIVES + " alternatives");
            }
            List<List<Token>> out = new ArrayList<>();
            for (List<Token> prefix : prefixes) {
                for (List<Token> suffix : suffixes) {
                    List<Token> joined = new ArrayList<>(prefix);
                    for (Token token : suffix) {
                        if (token.op == Op.ANY_RUN
                                && !joined.isEmpty()
                                && joined.get(joined.size() - 1).op == Op.ANY_RUN) {
                            continue;
                        }
                        joined.add(token);
                    }
                    out.add(joined);
                }
            }
            return out;
        }
    }
}
