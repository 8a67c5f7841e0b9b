package io.sextant.embedded;

import io.quarkus.runtime.LaunchMode;
import io.sextant.config.SextantConfig;
import io.sextant.config.SextantConfig.EmbeddedMode;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Decides whether this process runs on the embedded testbed and starts it when so:
 * in dev mode with no Kubernetes configured ({@code sextant.embedded.testbed=auto}), or always
 * when asked ({@code always}). Production and test runs never start it by themselves: tests get
 * the testbed through their own test resource.
 *
 * <p>Thread-safety: {@link #kubeconfig(boolean)} is called once, from the Kubernetes
 * configuration producer, which CDI guards as a singleton.
 */
@Singleton
public class EmbeddedCluster {

    private static final Logger LOG = Logger.getLogger(EmbeddedCluster.class);

    private final SextantConfig config;
    private volatile Path kubeconfig;

    public EmbeddedCluster(SextantConfig config) {
        this.config = config;
    }

    /**
     * The testbed's kubeconfig when this process should run on the testbed, after starting it.
     *
     * @param kubernetesConfigured whether a kubeconfig context or in-cluster account was found
     */
    public synchronized Optional<Path> kubeconfig(boolean kubernetesConfigured) {
        if (kubeconfig != null) {
            return Optional.of(kubeconfig);
        }
        EmbeddedMode mode = config.embedded().testbed();
        boolean wanted = mode == EmbeddedMode.ALWAYS
                || (mode == EmbeddedMode.AUTO
                        && LaunchMode.current() == LaunchMode.DEVELOPMENT
                        && !kubernetesConfigured);
        if (!wanted) {
            return Optional.empty();
        }
        Path script = Path.of(config.embedded().testbedScript());
        LOG.infof("No Kubernetes configured: starting the embedded testbed (%s up)", script);
        Testbed testbed = new Testbed(script, Map.of(), line -> LOG.info(line));
        kubeconfig = testbed.up();
        LOG.infof("Embedded testbed is up; kubectl: eval \"$(%s env)\"", script);
        return Optional.of(kubeconfig);
    }

    /** Whether this process runs on the embedded testbed (started by {@link #kubeconfig}). */
    public boolean running() {
        return kubeconfig != null;
    }
}
