package io.sextant.kube;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.StartupEvent;
import io.sextant.config.SextantConfig;
import io.sextant.embedded.DemoGitServer;
import io.sextant.embedded.EmbeddedCluster;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * On start-up, before the controller starts (observer priority 10), makes an embedded testbed ready to use: the CRDs, the control-plane namespace and
 * the demo git repository. A real cluster is left alone: it is installed with deploy/k8s.
 */
@Singleton
public class EmbeddedBootstrap {

    private static final Logger LOG = Logger.getLogger(EmbeddedBootstrap.class);

    void onStart(
            @Observes @Priority(10) StartupEvent event,
            KubernetesClient client,
            EmbeddedCluster embedded,
            SextantConfig config,
            DemoGitServer demoGit) {
        client.getConfiguration(); // resolves the configuration, starting the testbed if wanted
        if (!embedded.running()) {
            return;
        }
        CrdInstaller.install(client, Duration.ofSeconds(60));
        client.resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(config.namespace())
                        .endMetadata()
                        .build())
                .fieldManager(CrdInstaller.FIELD_MANAGER)
                .serverSideApply();
        String repo = demoGit.start();
        LOG.infof("Embedded testbed ready: CRDs installed, namespace %s, demo repository %s", config.namespace(), repo);
    }
}
