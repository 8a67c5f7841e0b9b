package io.sextant.service;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sextant.config.SextantConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Whether single sign-on is configured: ConfigMap {@code sextant-cm} has {@code oidc.config} or
 * {@code dex.config}, as Argo CD's argocd-cm does. The login page shows its SSO button from this;
 * the SSO issue adds the flow behind it. Read at most every few seconds.
 */
@ApplicationScoped
public class SsoSettings {

    private static final long TTL_NANOS = 5_000_000_000L;

    private final KubernetesClient client;
    private final SextantConfig config;
    private volatile boolean configured;
    private volatile long readAt;

    public SsoSettings(KubernetesClient client, SextantConfig config) {
        this.client = client;
        this.config = config;
    }

    public boolean configured() {
        long now = System.nanoTime();
        if (readAt == 0 || now - readAt > TTL_NANOS) {
            configured = read();
            readAt = now;
        }
        return configured;
    }

    private boolean read() {
        try {
            ConfigMap cm = client.configMaps()
                    .inNamespace(config.namespace())
                    .withName("sextant-cm")
                    .get();
            Map<String, String> data = cm == null || cm.getData() == null ? Map.of() : cm.getData();
            return notBlank(data.get("oidc.config")) || notBlank(data.get("dex.config"));
        } catch (KubernetesClientException e) {
            return false;
        }
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
