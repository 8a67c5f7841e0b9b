package io.sextant.config;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Settings kept in the cluster, as Argo CD keeps them in argocd-cm: the ConfigMap
 * {@code sextant-cm} in the control-plane namespace. Keys keep Argo's names
 * ({@code timeout.reconciliation}, {@code resource.customizations.*}, ...). A snapshot: read
 * again to see changes. Immutable and thread-safe.
 */
public final class ClusterSettings {

    public static final String CONFIG_MAP = "sextant-cm";

    private final Map<String, String> data;

    public ClusterSettings(Map<String, String> data) {
        this.data = Map.copyOf(data);
    }

    /** Reads sextant-cm; a missing ConfigMap means all defaults. */
    public static ClusterSettings read(KubernetesClient client, String namespace) {
        ConfigMap cm =
                client.configMaps().inNamespace(namespace).withName(CONFIG_MAP).get();
        return new ClusterSettings(cm == null || cm.getData() == null ? Map.of() : cm.getData());
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(data.get(key)).map(String::trim).filter(s -> !s.isEmpty());
    }

    /** All keys and values (for rule sets keyed by prefix, such as resource customizations). */
    public Map<String, String> all() {
        return data;
    }

    /** {@code timeout.reconciliation}: "180s", "3m", "1h" or plain seconds; "0" turns periodic refresh off. */
    public Duration reconciliationTimeout(Duration fallback) {
        return get("timeout.reconciliation").map(ClusterSettings::parseDuration).orElse(fallback);
    }

    static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long n = Long.parseLong(t.replaceAll("[smh]$", ""));
            return switch (t.charAt(t.length() - 1)) {
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("sextant-cm timeout.reconciliation: '" + text
                    + "' is not a duration; write it like 180s, 3m or 1h");
        }
    }
}
