package io.sextant.repo.render;

import io.sextant.model.ApplicationSourceHelm;
import io.sextant.repo.RepoException;
import io.sextant.repo.RepoException.Reason;
import io.sextant.repo.git.Redactor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns {@code helm.parameters} (what {@code helm template --set} / {@code --set-string} take) into a
 * values tree, applied after every values file as Helm applies {@code --set} after {@code -f}:
 * <ul>
 * <li>names are dotted paths ({@code image.tag}); {@code \.} is a literal dot; a segment may end in
 *     one or more indexes ({@code env[0].name}), which build lists;</li>
 * <li>without {@code forceString}, values are typed as {@code --set} types them: {@code true},
 *     {@code false}, {@code null} and base-10 integers without a leading zero; {@code {a,b}} is a list;
 *     anything else is a string. With {@code forceString} the value is always a string;</li>
 * <li>the value is taken whole (a comma does not start another assignment).</li>
 * </ul>
 * Writing the tree as a values file rather than passing {@code --set} arguments means no value is ever
 * re-parsed by Helm's own escaping rules. Not thread-safe; one per render.
 */
final class HelmParameters {

    static final int MAX_INDEX = 10_000;
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");
    private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]{0,18})");

    private final Map<String, Object> root = new LinkedHashMap<>();

    Map<String, Object> values() {
        return root;
    }

    boolean isEmpty() {
        return root.isEmpty();
    }

    void add(List<ApplicationSourceHelm.Parameter> parameters) {
        if (parameters == null) {
            return;
        }
        for (ApplicationSourceHelm.Parameter p : parameters) {
            String value = p.getValue() == null ? "" : p.getValue();
            set(p.getName(), Boolean.TRUE.equals(p.getForceString()) ? value : typed(value));
        }
    }

    /** Sets {@code name} (a dotted path) to {@code value}. */
    @SuppressWarnings("unchecked")
    void set(String name, Object value) {
        if (name == null || name.isEmpty()) {
            throw new RepoException(Reason.INVALID_ARGUMENT, "a helm parameter has no name");
        }
        List<String> segments = split(name);
        Object container = root;
        for (int i = 0; i < segments.size(); i++) {
            boolean last = i == segments.size() - 1;
            String segment = segments.get(i);
            Matcher m = INDEX.matcher(segment);
            int bracket = segment.indexOf('[');
            String key = bracket < 0 ? segment : segment.substring(0, bracket);
            List<Integer> indexes = new ArrayList<>();
            if (bracket >= 0) {
                int pos = bracket;
                while (pos < segment.length()) {
                    if (!m.find(pos) || m.start() != pos) {
                        throw invalid(name, "malformed index in '" + segment + "'");
                    }
                    int index = Integer.parseInt(m.group(1).length() > 6 ? "99999999" : m.group(1));
                    if (index > MAX_INDEX) {
                        throw invalid(name, "list index larger than " + MAX_INDEX);
                    }
                    indexes.add(index);
                    pos = m.end();
                }
            }
            if (key.isEmpty()) {
                throw invalid(name, "empty key");
            }
            Map<String, Object> map = (Map<String, Object>) container;
            if (indexes.isEmpty()) {
                if (last) {
                    map.put(key, value);
                    return;
                }
                Object next = map.get(key);
                if (!(next instanceof Map)) {
                    next = new LinkedHashMap<String, Object>();
                    map.put(key, next);
                }
                container = next;
                continue;
            }
            Object list = map.get(key);
            if (!(list instanceof List)) {
                list = new ArrayList<Object>();
                map.put(key, list);
            }
            for (int j = 0; j < indexes.size(); j++) {
                List<Object> l = (List<Object>) list;
                int index = indexes.get(j);
                while (l.size() <= index) {
                    l.add(null);
                }
                boolean lastIndex = j == indexes.size() - 1;
                if (lastIndex && last) {
                    l.set(index, value);
                    return;
                }
                Object next = l.get(index);
                if (lastIndex) {
                    if (!(next instanceof Map)) {
                        next = new LinkedHashMap<String, Object>();
                        l.set(index, next);
                    }
                } else if (!(next instanceof List)) {
                    next = new ArrayList<Object>();
                    l.set(index, next);
                }
                list = next;
            }
            container = list;
        }
    }

    /** The value as {@code --set} types it. */
    static Object typed(String value) {
        if (value.length() >= 2 && value.startsWith("{") && value.endsWith("}")) {
            List<Object> list = new ArrayList<>();
            String inner = value.substring(1, value.length() - 1);
            if (!inner.isEmpty()) {
                for (String item : inner.split(",", -1)) {
                    list.add(typed(item));
                }
            }
            return list;
        }
        switch (value) {
            case "true":
                return Boolean.TRUE;
            case "false":
                return Boolean.FALSE;
            case "null":
                return null;
            default:
                break;
        }
        if (INTEGER.matcher(value).matches()) {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                return value;
            }
        }
        return value;
    }

    /** Splits on dots not escaped by a backslash. */
    private static List<String> split(String name) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\' && i + 1 < name.length()) {
                current.append(name.charAt(++i));
            } else if (c == '.') {
                out.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        out.add(current.toString());
        return out;
    }

    private static RepoException invalid(String name, String why) {
        return new RepoException(
                Reason.INVALID_ARGUMENT,
                "helm parameter '" + Redactor.printable(name) + "' is not a valid name: " + why);
    }
}
