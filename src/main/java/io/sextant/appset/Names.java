package io.sextant.appset;

import java.util.Locale;

/** Argo CD's {@code SanitizeName} ({@code nameNormalized}, {@code basenameNormalized}): a DNS subdomain. */
final class Names {

    private Names() {}

    /**
     * Lower-case letters, digits, '-' and '.', any other character replaced by '-', without leading or
     * trailing non-alphanumerics, at most 253 characters.
     */
    static String normalize(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(lower.length());
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            out.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ? c : '-');
        }
        String s = out.length() > 253 ? out.substring(0, 253) : out.toString();
        int from = 0;
        int to = s.length();
        while (from < to && !Character.isLetterOrDigit(s.charAt(from))) {
            from++;
        }
        while (to > from && !Character.isLetterOrDigit(s.charAt(to - 1))) {
            to--;
        }
        return s.substring(from, to);
    }

    /** Whether {@code name} is a valid Application name (a DNS-1123 subdomain). */
    static boolean valid(String name) {
        return name != null
                && name.length() <= 253
                && name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    }
}
