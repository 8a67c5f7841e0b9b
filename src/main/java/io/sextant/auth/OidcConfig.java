package io.sextant.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The OpenID provider Sextant logs users in through, read from sextant-cm as Argo CD reads argocd-cm:
 * either {@code oidc.config} (any provider) or {@code dex.config} (Dex run beside Sextant, with
 * Sextant as its client {@code sextant}). Immutable.
 *
 * <p>{@code oidc.config} fields: {@code name}, {@code issuer}, {@code clientID}, {@code clientSecret}
 * (a literal, {@code $key} for a key of sextant-secret, or {@code $<secret-name>:<key>} for a Secret
 * labelled {@code app.kubernetes.io/part-of: sextant}), {@code cliClientID}, {@code requestedScopes}
 * (default openid, profile, email, groups), {@code logoutURL} (may hold {@code {{token}}} and
 * {@code {{logoutRedirectURL}}}), {@code rootCA} (PEM, trusted for the provider instead of the JVM's
 * default CAs).
 *
 * <p>{@code dex.config} is Dex's own configuration (the one deploy/k8s/dex hands to Dex): Sextant
 * takes its {@code issuer}, its static client {@code sextant} (whose secret Sextant reads from
 * sextant-secret {@code dex.clientSecret}, the value Dex gets through {@code secretEnv}) and the
 * public static client {@code sextant-cli} if there is one; sextant-cm {@code dex.rootCA} is the CA
 * of Dex's certificate.
 */
public record OidcConfig(
        String name,
        String issuer,
        String clientId,
        String clientSecret,
        String cliClientId,
        List<String> requestedScopes,
        String logoutUrl,
        String rootCa) {

    public static final List<String> DEFAULT_SCOPES = List.of("openid", "profile", "email", "groups");
    public static final String DEX_CLIENT_ID = "sextant";
    public static final String DEX_CLI_CLIENT_ID = "sextant-cli";
    public static final String DEX_SECRET_KEY = "dex.clientSecret";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public OidcConfig {
        requestedScopes = List.copyOf(requestedScopes);
    }

    /** Reads a Secret's key: (secret name or null for sextant-secret, key) → value, or empty. */
    public interface SecretReader extends BiFunction<String, String, Optional<String>> {}

    /**
     * The provider configured in sextant-cm's data, or empty when SSO is off.
     * @throws IllegalArgumentException saying which field to fix
     */
    public static Optional<OidcConfig> from(Map<String, String> cm, SecretReader secrets) {
        String oidc = cm.get("oidc.config");
        if (oidc != null && !oidc.isBlank()) {
            return Optional.of(fromOidc(read(oidc, "oidc.config"), secrets));
        }
        String dex = cm.get("dex.config");
        if (dex != null && !dex.isBlank()) {
            return Optional.of(fromDex(read(dex, "dex.config"), cm.get("dex.rootCA"), secrets));
        }
        return Optional.empty();
    }

    private static OidcConfig fromOidc(JsonNode n, SecretReader secrets) {
        String issuer = required(n, "issuer", "oidc.config");
        String clientId = required(n, "clientID", "oidc.config");
        String secret = text(n, "clientSecret");
        if (secret != null && secret.startsWith("$")) {
            secret = resolve(secret, secrets);
        }
        List<String> scopes = new ArrayList<>();
        n.path("requestedScopes").forEach(s -> scopes.add(s.asText()));
        if (!scopes.contains("openid")) {
            scopes.add(0, "openid");
        }
        return new OidcConfig(
                orElse(text(n, "name"), "SSO"),
                checkedIssuer(issuer, "oidc.config"),
                clientId,
                secret,
                text(n, "cliClientID"),
                n.has("requestedScopes") ? scopes : DEFAULT_SCOPES,
                text(n, "logoutURL"),
                text(n, "rootCA"));
    }

    private static OidcConfig fromDex(JsonNode n, String rootCa, SecretReader secrets) {
        String issuer = required(n, "issuer", "dex.config");
        boolean hasClient = false;
        String cli = null;
        for (JsonNode c : n.path("staticClients")) {
            String id = c.path("id").asText();
            hasClient |= DEX_CLIENT_ID.equals(id);
            if (DEX_CLI_CLIENT_ID.equals(id)) {
                cli = id;
            }
        }
        if (!hasClient) {
            throw new IllegalArgumentException("sextant-cm dex.config: staticClients needs a client with id '"
                    + DEX_CLIENT_ID + "' (Sextant logs in as that client; see deploy/k8s/dex)");
        }
        String secret = secrets.apply(null, DEX_SECRET_KEY)
                .orElseThrow(() -> new IllegalArgumentException("sextant-secret has no key " + DEX_SECRET_KEY
                        + ": put the secret of Dex's client '" + DEX_CLIENT_ID + "' there"));
        return new OidcConfig(
                "Dex",
                checkedIssuer(issuer, "dex.config"),
                DEX_CLIENT_ID,
                secret,
                cli,
                DEFAULT_SCOPES,
                null,
                rootCa == null || rootCa.isBlank() ? null : rootCa);
    }

    /** {@code $key} (sextant-secret) or {@code $name:key} (another Secret). */
    private static String resolve(String ref, SecretReader secrets) {
        String body = ref.substring(1);
        int colon = body.indexOf(':');
        String secretName = colon < 0 ? null : body.substring(0, colon);
        String key = colon < 0 ? body : body.substring(colon + 1);
        return secrets.apply(secretName, key)
                .orElseThrow(
                        () -> new IllegalArgumentException(
                                "sextant-cm oidc.config clientSecret refers to key '" + key + "' of Secret "
                                        + (secretName == null ? "sextant-secret" : "'" + secretName + "'")
                                        + ", which is not there (another Secret needs the label app.kubernetes.io/part-of: sextant)"));
    }

    private static String checkedIssuer(String issuer, String where) {
        URI uri;
        try {
            uri = URI.create(issuer);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sextant-cm " + where + ": issuer is not a URL");
        }
        if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("sextant-cm " + where + ": issuer must be an https:// URL");
        }
        return issuer;
    }

    private static JsonNode read(String yaml, String where) {
        try {
            JsonNode n = YAML.readTree(yaml);
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException("sextant-cm " + where + " must be a YAML mapping");
            }
            return n;
        } catch (IOException e) {
            throw new IllegalArgumentException("sextant-cm " + where + " is not valid YAML (line "
                    + (e instanceof JsonProcessingException j && j.getLocation() != null
                            ? j.getLocation().getLineNr()
                            : 0)
                    + ")");
        }
    }

    private static String required(JsonNode n, String field, String where) {
        String v = text(n, field);
        if (v == null) {
            throw new IllegalArgumentException("sextant-cm " + where + " needs '" + field + "'");
        }
        return v;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.asText().isBlank()
                ? null
                : v.asText().trim();
    }

    private static String orElse(String v, String fallback) {
        return v == null ? fallback : v;
    }

    @Override
    public String toString() {
        return "OidcConfig[issuer=" + issuer + ", clientId=" + clientId + "]";
    }
}
