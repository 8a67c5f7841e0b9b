package io.sextant.kube;

import io.fabric8.kubernetes.client.Config;
import io.sextant.config.SextantConfig;
import io.sextant.embedded.EmbeddedCluster;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where Sextant finds its Kubernetes API server, in this order: the {@code sextant.kubeconfig}
 * setting; the embedded testbed when {@link EmbeddedCluster} wants it; otherwise the usual
 * lookup of kubectl ({@code KUBECONFIG}, ~/.kube/config, then the in-cluster service account).
 * Replaces the Quarkus extension's default {@link Config}, whose client producer then builds
 * the one shared {@code KubernetesClient} on Quarkus' Vert.x.
 */
@Singleton
public class KubernetesConfigProducer {

    @Produces
    @Singleton
    Config kubernetesConfig(SextantConfig settings, EmbeddedCluster embedded) {
        return withoutNeedlessRefresh(locate(settings, embedded));
    }

    private static Config locate(SextantConfig settings, EmbeddedCluster embedded) {
        Optional<String> explicit = settings.kubeconfig();
        if (explicit.isPresent()) {
            return fromFile(Path.of(explicit.get()), "sextant.kubeconfig");
        }
        Optional<Path> testbed = embedded.kubeconfig(kubernetesConfigured());
        if (testbed.isPresent()) {
            return fromFile(testbed.get(), "the embedded testbed");
        }
        return Config.autoConfigure(null);
    }

    /**
     * A client-certificate login has no token to refresh, yet fabric8 re-reads and re-parses the whole
     * kubeconfig before every request once its first minute is over (its refresh timer only moves when
     * a refresh yields a token): a fifth of the controller's CPU under sync load. A token provider that
     * has no token stops that; the certificate still authenticates every request. Logins by token,
     * password or auth provider keep fabric8's refresh, which rotating tokens need.
     */
    static Config withoutNeedlessRefresh(Config config) {
        boolean certificateOnly = (config.getClientCertData() != null || config.getClientCertFile() != null)
                && config.getOauthToken() == null
                && config.getAutoOAuthToken() == null
                && config.getOauthTokenProvider() == null
                && config.getAuthProvider() == null
                && config.getUsername() == null
                && config.getPassword() == null;
        if (certificateOnly) {
            config.setOauthTokenProvider(() -> null);
        }
        return config;
    }

    private static Config fromFile(Path file, String origin) {
        if (!Files.isReadable(file)) {
            throw new IllegalStateException("The kubeconfig " + file + " named by " + origin
                    + " does not exist or cannot be read; point it at a readable kubeconfig file.");
        }
        return Config.fromKubeconfig(file.toFile());
    }

    /** Whether kubectl's lookup finds a current context or an in-cluster service account. */
    static boolean kubernetesConfigured() {
        String env = System.getenv("KUBECONFIG");
        if (env != null && !env.isBlank()) {
            for (String part : env.split(File.pathSeparator)) {
                if (!part.isBlank() && Files.isRegularFile(Path.of(part)) && hasCurrentContext(Path.of(part))) {
                    return true;
                }
            }
        }
        Path home = Path.of(System.getProperty("user.home"), ".kube", "config");
        if (Files.isRegularFile(home) && hasCurrentContext(home)) {
            return true;
        }
        return System.getenv("KUBERNETES_SERVICE_HOST") != null
                && Files.exists(Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token"));
    }

    private static boolean hasCurrentContext(Path kubeconfig) {
        try {
            return Config.fromKubeconfig(kubeconfig.toFile()).getCurrentContext() != null;
        } catch (RuntimeException e) {
            return false; // an unreadable kubeconfig configures nothing
        }
    }
}
