package io.sextant.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sextant.config.ClusterSettings;
import io.sextant.config.SextantConfig;
import io.sextant.diff.SecretMasker;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The public settings (Argo's {@code GET /api/v1/settings}): what a client or the login page needs
 * to know — URL, SSO provider names and issuer, tracking and label keys — read from sextant-cm. Only
 * fields known to be public are copied, so client secrets, connector credentials and anything else
 * in the ConfigMap never appear.
 */
@ApplicationScoped
public class SettingsService {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final KubernetesClient client;
    private final SextantConfig config;

    public SettingsService(KubernetesClient client, SextantConfig config) {
        this.client = client;
        this.config = config;
    }

    /** How long one answer is reused: anyone may ask, so asking must not cost an API-server read each time. */
    static final long CACHE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private record Cached(ObjectNode settings, long at) {}

    private volatile Cached cached;

    /** The public settings, at most {@link #CACHE_NANOS} old (security review L13). */
    public ObjectNode settings() {
        Cached c = cached;
        long now = System.nanoTime();
        if (c == null || now - c.at() > CACHE_NANOS) {
            c = new Cached(read(), now);
            cached = c;
        }
        return c.settings().deepCopy();
    }

    private ObjectNode read() {
        Map<String, String> cm =
                ClusterSettings.read(client, config.namespace()).all();
        SecretMasker.useSettings(cm); // a server without a controller masks with the same keys
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("url", cm.getOrDefault("url", ""));
        out.put("appLabelKey", cm.getOrDefault("application.instanceLabelKey", "app.kubernetes.io/instance"));
        out.put("trackingMethod", cm.getOrDefault("application.resourceTrackingMethod", "annotation"));
        out.put("controllerNamespace", config.namespace());
        out.put("statusBadgeEnabled", "true".equals(cm.get("statusbadge.enabled")));
        out.put(
                "userLoginsDisabled",
                "false".equals(cm.get("admin.enabled"))
                        && cm.keySet().stream().noneMatch(k -> k.startsWith("accounts.")));
        out.put("execEnabled", false);
        JsonNode dex = parse(cm.get("dex.config"));
        if (dex != null) {
            ObjectNode dexOut = out.putObject("dexConfig");
            ArrayNode connectors = dexOut.putArray("connectors");
            for (JsonNode connector : dex.path("connectors")) {
                ObjectNode c = connectors.addObject();
                c.put("name", connector.path("name").asText());
                c.put("type", connector.path("type").asText());
            }
            // What `sextant login --sso` needs to log in at Dex itself (the CA is a public certificate).
            dexOut.put("issuer", dex.path("issuer").asText());
            for (JsonNode client : dex.path("staticClients")) {
                if ("sextant-cli".equals(client.path("id").asText())) {
                    dexOut.put("cliClientID", "sextant-cli");
                }
            }
            if (cm.get("dex.rootCA") != null) {
                dexOut.put("rootCA", cm.get("dex.rootCA"));
            }
        }
        JsonNode oidc = parse(cm.get("oidc.config"));
        if (oidc != null) {
            ObjectNode o = out.putObject("oidcConfig");
            o.put("name", oidc.path("name").asText());
            o.put("issuer", oidc.path("issuer").asText());
            o.put("clientID", oidc.path("clientID").asText());
            if (oidc.has("cliClientID")) {
                o.put("cliClientID", oidc.path("cliClientID").asText());
            }
            ArrayNode scopes = o.putArray("scopes");
            oidc.path("requestedScopes").forEach(s -> scopes.add(s.asText()));
            if (oidc.hasNonNull("rootCA")) {
                o.put("rootCA", oidc.path("rootCA").asText()); // a CA certificate: public, and the CLI needs it
            }
        }
        return out;
    }

    /** The YAML value of a setting, or null when unset or unreadable (a bad value hides the section). */
    private static JsonNode parse(String yaml) {
        if (yaml == null || yaml.isBlank()) {
            return null;
        }
        try {
            JsonNode node = YAML.readTree(yaml);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }
}
