package io.sextant.auth;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sextant.config.SextantConfig;
import io.sextant.kube.ApiServerWatch;
import io.sextant.model.AppProject;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The RBAC policy in force: ConfigMap {@code sextant-rbac-cm} ({@code policy.csv}, {@code policy.default},
 * {@code scopes}) and the roles of the AppProjects, read again at most once a second, so a policy change applies without a restart. A
 * policy that cannot be read keeps the last good one in force (and is logged); with no ConfigMap at
 * all, only the built-in roles apply.
 */
@ApplicationScoped
public class RbacSettings {

    public static final String CONFIG_MAP = "sextant-rbac-cm";
    private static final Logger LOG = Logger.getLogger(RbacSettings.class);
    private static final Duration TTL = Duration.ofSeconds(1);

    private final KubernetesClient client;
    private final String namespace;
    private volatile RbacPolicy policy = RbacPolicy.of(null, null);
    private volatile List<String> scopes = SsoIdentity.DEFAULT_SCOPES;
    private volatile String readVersion = "";
    private volatile long readAt;

    public RbacSettings(KubernetesClient client, SextantConfig config) {
        this.client = client;
        this.namespace = config.namespace();
    }

    /** The current policy. */
    public RbacPolicy policy() {
        long now = System.nanoTime();
        if (readAt != 0 && ApiServerWatch.down()) {
            return policy; // the last policy read stays in force, without waiting for an unreachable server
        }
        if (readAt == 0 || now - readAt > TTL.toNanos()) {
            synchronized (this) {
                if (readAt == 0 || now - readAt > TTL.toNanos()) {
                    refresh();
                    readAt = System.nanoTime();
                }
            }
        }
        return policy;
    }

    /** {@code scopes}: the ID token claims whose values are an SSO user's groups (default {@code [groups]}). */
    public List<String> scopes() {
        policy();
        return scopes;
    }

    private void refresh() {
        ConfigMap cm;
        try {
            cm = client.configMaps().inNamespace(namespace).withName(CONFIG_MAP).get();
        } catch (KubernetesClientException e) {
            LOG.warnf("Cannot read %s (%s); the last policy stays in force", CONFIG_MAP, e.getMessage());
            return;
        }
        List<AppProject> projects;
        try {
            projects = client.resources(AppProject.class)
                    .inNamespace(namespace)
                    .list()
                    .getItems();
        } catch (KubernetesClientException e) {
            LOG.warnf("Cannot read the AppProjects (%s); the last policy stays in force", e.getMessage());
            return;
        }
        String version = (cm == null ? "none" : cm.getMetadata().getResourceVersion())
                + projects.stream()
                        .map(p -> "," + p.getMetadata().getName() + "@"
                                + p.getMetadata().getResourceVersion())
                        .sorted()
                        .collect(Collectors.joining());
        if (Objects.equals(version, readVersion)) {
            return;
        }
        Map<String, String> data = cm == null || cm.getData() == null ? Map.of() : cm.getData();
        scopes = SsoIdentity.parseScopes(data.get("scopes"));
        try {
            List<String> refused = new ArrayList<>();
            List<String> roles = projects.stream()
                    .filter(p -> p.getSpec() != null)
                    .map(p -> RbacPolicy.projectRoles(
                            p.getMetadata().getName(), p.getSpec().getRoles(), refused))
                    .toList();
            refused.forEach(r -> LOG.warnf("Left out of the RBAC policy: %s", r));
            policy = RbacPolicy.of(data.get("policy.csv"), data.get("policy.default"), roles);
            readVersion = version;
        } catch (IllegalArgumentException e) {
            LOG.errorf("%s/%s: %s; the last good policy stays in force", namespace, CONFIG_MAP, e.getMessage());
            readVersion = version;
        }
    }
}
