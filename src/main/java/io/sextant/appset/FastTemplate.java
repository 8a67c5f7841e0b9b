package io.sextant.appset;

import java.util.Map;

/**
 * Argo CD's default ApplicationSet templating (valyala/fasttemplate with {@code {{}}} delimiters): each
 * {@code {{ key }}} is replaced by the parameter of that key, spaces around it trimmed; a key no
 * parameter has stays in the text as written, with no error (Template.md). It only substitutes text:
 * nothing reads files, the environment or anything but the parameters. Stateless.
 */
final class FastTemplate {

    private FastTemplate() {}

    /**
     * {@code text} with its tags replaced.
     *
     * @param maxChars the longest result allowed
     * @throws AppSetException when the result would be longer than {@code maxChars}
     */
    static String render(String text, Map<String, String> params, int maxChars) {
        int start = text.indexOf("{{");
        if (start < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 32);
        int pos = 0;
        while (start >= 0) {
            int end = text.indexOf("}}", start + 2);
            if (end < 0) {
                break;
            }
            out.append(text, pos, start);
            String value = params.get(text.substring(start + 2, end).strip());
            if (value != null) {
                out.append(value);
            } else {
                out.append(text, start, end + 2);
            }
            if (out.length() > maxChars) {
                throw new AppSetException(
                        AppSetException.Reason.RENDER,
                        "a rendered template field is longer than " + maxChars + " characters");
            }
            pos = end + 2;
            start = text.indexOf("{{", pos);
        }
        out.append(text, pos, text.length());
        return out.toString();
    }

    /** Whether {@code text} holds a tag. */
    static boolean hasTag(String text) {
        int start = text == null ? -1 : text.indexOf("{{");
        return start >= 0 && text.indexOf("}}", start + 2) > 0;
    }
}
