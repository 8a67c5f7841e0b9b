package io.sextant.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Secret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A cluster as Argo CD stores it: a Secret labelled {@code argocd.argoproj.io/secret-type: cluster} with keys
 * {@code name}, {@code server}, {@code namespaces} (comma-separated: a cluster whose objects are namespaced
 * only), {@code clusterResources}, {@code project} and {@code config}, a JSON object with {@code bearerToken},
 * {@code username}/{@code password}, {@code tlsClientConfig} ({@code insecure}, {@code caData},
 * {@code certData}, {@code keyData}, {@code serverName}) and {@code execProviderConfig}
 * (operator-manual/declarative-setup.md, "Clusters").
 *
 * <p>{@link #parse} checks all of it and says what to fix, never quoting a credential: a {@code config} that
 * is not JSON or has keys Argo CD does not define, a server that is not an https URL (http only on
 * loopback), base64 that does not decode, a key without its certificate, an {@code execProviderConfig}
 * without a command or with an ExecCredential version client-go does not read ({@link ExecCredentials} runs
 * it). Refused as not implemented: {@code awsAuthConfig}, {@code proxyUrl} and {@code serverName}, and a
 * Secret naming no server.
 */
public record ClusterSecret(
        String secretName,
        String name,
        String server,
        List<String> namespaces,
        boolean clusterResources,
        String project,
        String bearerToken,
        String username,
        String password,
        boolean insecure,
        byte[] caData,
        byte[] certData,
        byte[] keyData,
        String serverName,
        ExecCredentials.Command exec) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> CONFIG_KEYS = Set.of(
            "bearerToken",
            "username",
            "password",
            "tlsClientConfig",
            "execProviderConfig",
            "awsAuthConfig",
            "proxyUrl",
            "disableCompression");
    private static final Set<String> TLS_KEYS = Set.of("insecure", "caData", "certData", "keyData", "serverName");
    private static final Set<String> EXEC_KEYS = Set.of("command", "args", "env", "apiVersion", "installHint");
    /** The ExecCredential versions client-go reads today (v1alpha1 is gone from it). */
    private static final Set<String> EXEC_VERSIONS =
            Set.of("client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1");

    /** A cluster Secret that cannot be used, and why (no credential in the message). */
    public static final class Invalid extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Invalid(String secret, String why) {
            super("cluster Secret '" + secret + "': " + why);
        }
    }

    /** Whether the Secret carries credentials at all (else the cluster is reached anonymously). */
    public boolean hasCredentials() {
        return bearerToken != null || username != null || keyData != null || exec != null;
    }

    /** The cluster's name as Argo CD shows it: {@code name}, or the server when it has none. */
    public String displayName() {
        return name == null || name.isEmpty() ? server : name;
    }

    /**
     * @throws Invalid saying which key is wrong and how
     */
    public static ClusterSecret parse(Secret s) {
        String secret = s.getMetadata() == null ? "?" : s.getMetadata().getName();
        String server = value(s, "server");
        if (server == null || server.isBlank()) {
            throw new Invalid(secret, "key 'server' is missing: set the cluster's API server URL");
        }
        server = server.strip();
        URI uri;
        try {
            uri = URI.create(server);
        } catch (IllegalArgumentException e) {
            throw new Invalid(secret, "server '" + printable(server) + "' is not a URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw new Invalid(secret, "server must not hold credentials (user:password@): put them in config");
        }
        if (uri.getHost() == null || uri.getRawQuery() != null) {
            throw new Invalid(secret, "server '" + printable(server) + "' must be https://host[:port][/path]");
        }
        boolean loopback = uri.getHost().equals("localhost")
                || uri.getHost().equals("127.0.0.1")
                || uri.getHost().equals("[::1]");
        if (!"https".equals(uri.getScheme()) && !("http".equals(uri.getScheme()) && loopback)) {
            throw new Invalid(secret, "server '" + printable(server) + "' must use https (http only on loopback)");
        }
        List<String> namespaces = new ArrayList<>();
        String nsList = value(s, "namespaces");
        if (nsList != null) {
            for (String ns : nsList.split(",")) {
                String n = ns.strip();
                if (n.isEmpty()) {
                    continue;
                }
                if (!n.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?") || n.length() > 63) {
                    throw new Invalid(secret, "namespaces: '" + printable(n) + "' is not a namespace name");
                }
                namespaces.add(n);
            }
        }
        String clusterResources = value(s, "clusterResources");
        if (clusterResources != null
                && !clusterResources.isBlank()
                && !clusterResources.strip().matches("(?i)true|false")) {
            throw new Invalid(secret, "clusterResources must be true or false");
        }
        JsonNode config = config(secret, value(s, "config"));
        JsonNode tls = config.path("tlsClientConfig");
        if (!tls.isMissingNode() && !tls.isObject()) {
            throw new Invalid(secret, "config.tlsClientConfig must be an object");
        }
        unknownKeys(secret, "config.tlsClientConfig", tls, TLS_KEYS);
        ExecCredentials.Command exec = exec(secret, config.path("execProviderConfig"));
        if (exec != null && (config.hasNonNull("bearerToken") || config.hasNonNull("username"))) {
            throw new Invalid(
                    secret, "config has both execProviderConfig and a bearerToken or username: keep one of them");
        }
        if (config.has("awsAuthConfig")) {
            throw new Invalid(secret, "config.awsAuthConfig is not supported by Sextant yet: use a bearerToken");
        }
        if (config.has("proxyUrl")) {
            throw new Invalid(secret, "config.proxyUrl is not supported by Sextant yet");
        }
        if (!tls.path("serverName").asText("").isEmpty()) {
            throw new Invalid(
                    secret,
                    "config.tlsClientConfig.serverName is not supported by Sextant yet: use the name the "
                            + "server's certificate holds in 'server'");
        }
        byte[] ca = base64(secret, "config.tlsClientConfig.caData", tls.path("caData"));
        byte[] cert = base64(secret, "config.tlsClientConfig.certData", tls.path("certData"));
        byte[] key = base64(secret, "config.tlsClientConfig.keyData", tls.path("keyData"));
        if ((cert == null) != (key == null)) {
            throw new Invalid(
                    secret, "config.tlsClientConfig needs both certData and keyData for a client certificate");
        }
        String username = text(secret, config, "username");
        String password = text(secret, config, "password");
        if ((username == null) != (password == null)) {
            throw new Invalid(secret, "config needs both username and password, or neither");
        }
        JsonNode insecure = tls.path("insecure");
        if (!insecure.isMissingNode() && !insecure.isBoolean()) {
            throw new Invalid(secret, "config.tlsClientConfig.insecure must be true or false");
        }
        return new ClusterSecret(
                secret,
                value(s, "name") == null ? "" : value(s, "name").strip(),
                server,
                List.copyOf(namespaces),
                clusterResources != null && clusterResources.strip().equalsIgnoreCase("true"),
                value(s, "project") == null ? "" : value(s, "project").strip(),
                text(secret, config, "bearerToken"),
                username,
                password,
                insecure.asBoolean(false),
                ca,
                cert,
                key,
                null,
                exec);
    }

    /** {@code execProviderConfig}: a command, its argument list and environment, and the ExecCredential version. */
    private static ExecCredentials.Command exec(String secret, JsonNode e) {
        if (e.isMissingNode() || e.isNull()) {
            return null;
        }
        String where = "config.execProviderConfig";
        if (!e.isObject()) {
            throw new Invalid(secret, where + " must be an object");
        }
        unknownKeys(secret, where, e, EXEC_KEYS);
        String command = e.path("command").asText("");
        if (!e.path("command").isTextual() || command.isBlank()) {
            throw new Invalid(secret, where + ".command must name the plugin to run");
        }
        List<String> args = new ArrayList<>();
        JsonNode a = e.path("args");
        if (!a.isMissingNode() && !a.isNull()) {
            if (!a.isArray()) {
                throw new Invalid(secret, where + ".args must be a list of strings");
            }
            for (JsonNode arg : a) {
                if (!arg.isTextual()) {
                    throw new Invalid(secret, where + ".args must be a list of strings");
                }
                args.add(arg.asText());
            }
        }
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode en = e.path("env");
        if (!en.isMissingNode() && !en.isNull()) {
            if (!en.isObject()) {
                throw new Invalid(secret, where + ".env must be an object of names to values");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = en.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> kv = it.next();
                if (!kv.getValue().isTextual() || !kv.getKey().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new Invalid(
                            secret,
                            where + ".env: '" + printable(kv.getKey())
                                    + "' must be a variable name with a string value");
                }
                env.put(kv.getKey(), kv.getValue().asText());
            }
        }
        String apiVersion = e.path("apiVersion").asText("");
        if (!EXEC_VERSIONS.contains(apiVersion)) {
            throw new Invalid(
                    secret,
                    where + ".apiVersion must be one of " + String.join(", ", new TreeSet<>(EXEC_VERSIONS))
                            + " (it was '" + printable(apiVersion) + "')");
        }
        return new ExecCredentials.Command(command.strip(), List.copyOf(args), Map.copyOf(env), apiVersion);
    }

    private static JsonNode config(String secret, String text) {
        if (text == null || text.isBlank()) {
            return JSON.createObjectNode();
        }
        JsonNode config;
        try {
            config = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            // The parser's message may quote the text, which holds credentials: only where it broke.
            throw new Invalid(
                    secret,
                    "config is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")");
        }
        if (config == null || !config.isObject()) {
            throw new Invalid(secret, "config must be a JSON object");
        }
        unknownKeys(secret, "config", config, CONFIG_KEYS);
        return config;
    }

    private static void unknownKeys(String secret, String where, JsonNode node, Set<String> known) {
        if (!node.isObject()) {
            return;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                throw new Invalid(
                        secret,
                        where + " has the unknown key '" + printable(k) + "' (known: "
                                + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    private static String text(String secret, JsonNode obj, String key) {
        JsonNode v = obj.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new Invalid(secret, "config key '" + key + "' must be a string");
        }
        return v.asText().isEmpty() ? null : v.asText();
    }

    private static byte[] base64(String secret, String where, JsonNode v) {
        if (v.isMissingNode() || v.isNull() || (v.isTextual() && v.asText().isEmpty())) {
            return null;
        }
        if (!v.isTextual()) {
            throw new Invalid(secret, where + " must be a base64 string");
        }
        try {
            // Strict, but line breaks allowed: the MIME decoder would skip any character it does not know.
            return Base64.getDecoder().decode(v.asText().replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new Invalid(secret, where + " is not valid base64");
        }
    }

    /** A key of the Secret as text, from stringData or base64 data; null when absent or not base64. */
    public static String value(Secret s, String key) {
        if (s.getStringData() != null && s.getStringData().get(key) != null) {
            return s.getStringData().get(key);
        }
        if (s.getData() != null && s.getData().get(key) != null) {
            try {
                return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(200).forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }

    @Override
    public String toString() {
        // Never the credentials.
        return "ClusterSecret[" + secretName + ", " + displayName() + " at " + server + "]";
    }
}
