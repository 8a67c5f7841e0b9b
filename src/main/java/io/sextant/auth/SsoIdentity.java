package io.sextant.auth;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jose4j.jwt.JwtClaims;

/**
 * Who a verified ID token speaks for, as RBAC sees them: the name is the {@code email} claim when
 * there is one, else {@code sub}; the groups are the values of the claims sextant-rbac-cm's
 * {@code scopes} names (Argo's default: {@code [groups]}), each a string or a list of strings.
 * Stateless.
 */
public final class SsoIdentity {

    public static final List<String> DEFAULT_SCOPES = List.of("groups");

    private SsoIdentity() {}

    public static Subject subject(JwtClaims claims, List<String> scopes) {
        String email = claims.getClaimValueAsString("email");
        String name = email != null && !email.isBlank() ? email : claims.getClaimValueAsString("sub");
        Set<String> groups = new LinkedHashSet<>();
        for (String scope : scopes.isEmpty() ? DEFAULT_SCOPES : scopes) {
            Object value = claims.getClaimValue(scope);
            if (value instanceof String s && !s.isBlank()) {
                groups.add(s);
            } else if (value instanceof List<?> list) {
                list.stream()
                        .filter(String.class::isInstance)
                        .map(String.class::cast)
                        .filter(s -> !s.isBlank())
                        .forEach(groups::add);
            }
        }
        return new Subject(name, new ArrayList<>(groups));
    }

    /** sextant-rbac-cm {@code scopes}: "[groups, email]" (Argo's form) or "groups, email". */
    public static List<String> parseScopes(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_SCOPES;
        }
        String t = text.strip();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        List<String> out = new ArrayList<>();
        for (String s : t.split(",")) {
            String v = s.strip().replaceAll("^['\"]|['\"]$", "");
            if (!v.isEmpty()) {
                out.add(v);
            }
        }
        return out.isEmpty() ? DEFAULT_SCOPES : List.copyOf(out);
    }
}
