package io.sextant.health;

import java.util.ArrayList;
import java.util.List;

/**
 * Argo CD's glob for resource-customization keys ({@code *.aws.crossplane.io/*}): {@code *} any run of
 * characters ({@code /} included), {@code ?} one character, {@code [abc]}/{@code [a-z]}/{@code [!a]}
 * one of a set, {@code {a,b}} alternatives, {@code \} escapes; anything else matches itself.
 *
 * <p>Matching is the two-pointer wildcard walk, O(pattern × text) at worst, never a backtracking
 * regular expression: keys come from settings and must not be able to stall the controller.
 * Alternatives are expanded up front, at most {@value #MAX_ALTERNATIVES} of them. Immutable.
 */
final class Glob {

    static final int MAX_ALTERNATIVES = 64;

    /** One pattern element: a literal, any one character, a star, or a character set. */
    private record Token(char kind, String chars, boolean negate) {
        boolean accepts(char c) {
            return switch (kind) {
                case 'L' -> chars.charAt(0) == c;
                case '?' -> true;
                case '[' -> inSet(c) != negate;
                default -> false;
            };
        }

        private boolean inSet(char c) {
            for (int i = 0; i < chars.length(); i++) {
                if (i + 2 < chars.length() && chars.charAt(i + 1) == '-') {
                    if (c >= chars.charAt(i) && c <= chars.charAt(i + 2)) {
                        return true;
                    }
                    i += 2;
                } else if (chars.charAt(i) == c) {
                    return true;
                }
            }
            return false;
        }
    }

    private final List<List<Token>> alternatives;

    private Glob(List<List<Token>> alternatives) {
        this.alternatives = alternatives;
    }

    static boolean isGlob(String text) {
        return text.chars().anyMatch(c -> "*?[{".indexOf(c) >= 0);
    }

    static Glob compile(String glob) {
        List<List<Token>> out = new ArrayList<>();
        for (String alternative : expand(glob)) {
            out.add(tokens(alternative));
        }
        return new Glob(List.copyOf(out));
    }

    boolean matches(String text) {
        for (List<Token> p : alternatives) {
            if (matches(p, text)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(List<Token> p, String s) {
        int pi = 0;
        int si = 0;
        int star = -1;
        int mark = 0;
        while (si < s.length()) {
            if (pi < p.size() && p.get(pi).kind() != '*' && p.get(pi).accepts(s.charAt(si))) {
                pi++;
                si++;
            } else if (pi < p.size() && p.get(pi).kind() == '*') {
                star = pi++;
                mark = si;
            } else if (star >= 0) {
                pi = star + 1;
                si = ++mark;
            } else {
                return false;
            }
        }
        while (pi < p.size() && p.get(pi).kind() == '*') {
            pi++;
        }
        return pi == p.size();
    }

    private static List<Token> tokens(String glob) {
        List<Token> out = new ArrayList<>();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                if (out.isEmpty() || out.get(out.size() - 1).kind() != '*') {
                    out.add(new Token('*', "", false));
                }
            } else if (c == '?') {
                out.add(new Token('?', "", false));
            } else if (c == '\\' && i + 1 < glob.length()) {
                out.add(new Token('L', String.valueOf(glob.charAt(++i)), false));
            } else if (c == '[' && glob.indexOf(']', i + 2) > 0) {
                int end = glob.indexOf(']', i + 2);
                String set = glob.substring(i + 1, end);
                boolean negate = set.startsWith("!") || set.startsWith("^");
                out.add(new Token('[', negate ? set.substring(1) : set, negate));
                i = end;
            } else {
                out.add(new Token('L', String.valueOf(c), false));
            }
        }
        return out;
    }

    /** {@code a{b,c}d} → {@code abd}, {@code acd}; nested braces expand from the inside out. */
    private static List<String> expand(String glob) {
        int open = -1;
        int depth = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '{') {
                if (depth++ == 0) {
                    open = i;
                }
            } else if (c == '}' && depth > 0 && --depth == 0) {
                List<String> out = new ArrayList<>();
                String head = glob.substring(0, open);
                for (String option : splitTopLevel(glob.substring(open + 1, i))) {
                    for (String expanded : expand(head + option + glob.substring(i + 1))) {
                        out.add(expanded);
                        if (out.size() > MAX_ALTERNATIVES) {
                            throw new IllegalArgumentException("glob has more than " + MAX_ALTERNATIVES
                                    + " alternatives: " + glob);
                        }
                    }
                }
                return out;
            }
        }
        return List.of(glob);
    }

    private static List<String> splitTopLevel(String body) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(body.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(body.substring(start));
        return parts;
    }
}
