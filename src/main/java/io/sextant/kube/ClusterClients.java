package io.sextant.kube;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kubernetes clients for the clusters of cluster Secrets ({@link ClusterSecret}), and the connection test
 * Argo CD shows as a cluster's connection state. Nothing of the machine's own configuration is used (no
 * kubeconfig, no environment): only what the Secret says. Stateless.
 */
public final class ClusterClients {

    /** What a connection test found: the server's version, or why it failed (no credential in it). */
    public record Probe(boolean ok, String serverVersion, String message) {}

    /**
     * One credential source per plugin setting, shared by every client of it: the connection probe opens a
     * client every few seconds, and a token that has not expired must not cost a plugin run each time.
     */
    private static final Map<ExecCredentials.Command, ExecCredentials> PLUGINS = new ConcurrentHashMap<>();

    private ClusterClients() {}

    private static ExecCredentials plugin(ExecCredentials.Command command) {
        if (PLUGINS.size() > 1_000) {
            PLUGINS.clear(); // settings that changed many times over: start afresh rather than grow
        }
        return PLUGINS.computeIfAbsent(command, ExecCredentials::new);
    }

    /** A client for the Secret's cluster; the caller closes it. */
    public static KubernetesClient open(ClusterSecret c, Duration timeout) {
        ConfigBuilder b = new ConfigBuilder(Config.empty())
                .withMasterUrl(c.server())
                .withConnectionTimeout((int) timeout.toMillis())
                .withRequestTimeout((int) timeout.toMillis())
                .withRequestRetryBackoffLimit(0)
                .withTrustCerts(c.insecure())
                .withDisableHostnameVerification(c.insecure());
        if (c.bearerToken() != null) {
            b.withOauthToken(c.bearerToken());
        } else if (c.exec() != null) {
            // Run the plugin now, so a plugin that fails fails the open with its reason (the cluster's
            // connection state and its apps' conditions say it); later requests refresh through it.
            ExecCredentials exec = plugin(c.exec());
            exec.getToken();
            b.withOauthTokenProvider(exec);
        }
        if (c.username() != null) {
            b.withUsername(c.username()).withPassword(c.password());
        }
        if (c.caData() != null) {
            b.withCaCertData(Base64.getEncoder().encodeToString(c.caData()));
        }
        if (c.certData() != null) {
            b.withClientCertData(Base64.getEncoder().encodeToString(c.certData()))
                    .withClientKeyData(Base64.getEncoder().encodeToString(c.keyData()));
        }
        return new KubernetesClientBuilder().withConfig(b.build()).build();
    }

    /** Asks the cluster for its version with the Secret's credentials, within {@code timeout}. */
    public static Probe probe(ClusterSecret c, Duration timeout) {
        try (KubernetesClient k = open(c, timeout)) {
            var v = k.getKubernetesVersion();
            // Reading the version needs no rights; a read proves the credentials are accepted: of a namespace,
            // or on a cluster limited to namespaces (its credentials hold only Roles there), of its first one.
            if (c.namespaces().isEmpty()) {
                k.namespaces().withName("default").get();
            } else {
                k.configMaps()
                        .inNamespace(c.namespaces().get(0))
                        .list(new ListOptionsBuilder().withLimit(1L).build());
            }
            return new Probe(true, v.getMajor() + "." + v.getMinor().replaceAll("[^0-9]", ""), "");
        } catch (KubernetesClientException e) {
            return new Probe(false, null, reason(c, e));
        } catch (ExecCredentials.Failed e) {
            return new Probe(false, null, e.getMessage());
        } catch (RuntimeException e) {
            return new Probe(false, null, scrub(c, "cannot connect to " + c.server() + ": " + rootMessage(e)));
        }
    }

    private static String reason(ClusterSecret c, KubernetesClientException e) {
        String why = switch (e.getCode()) {
            case 401 -> "the server refused the Secret's credentials (401 Unauthorized)";
            case 403 ->
                c.namespaces().isEmpty()
                        ? "the Secret's credentials may not read namespaces (403 Forbidden): grant them the "
                                + "cluster role Sextant needs"
                        : "the Secret's credentials may not read ConfigMaps in namespace "
                                + c.namespaces().get(0) + " (403 Forbidden): grant them a Role there";
            default ->
                e.getCode() <= 0
                        ? "cannot connect to " + c.server() + ": " + rootMessage(e)
                        : "the server answered " + e.getCode() + ": " + rootMessage(e);
        };
        return scrub(c, why);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
    }

    /** Removes the Secret's credentials from a message, should a library ever quote them. */
    static String scrub(ClusterSecret c, String message) {
        String out = message;
        for (String secret : new String[] {c.bearerToken(), c.password()}) {
            if (secret != null && secret.length() >= 4) {
                out = out.replace(secret, "******");
            }
        }
        return out;
    }
}
