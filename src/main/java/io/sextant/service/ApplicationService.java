package io.sextant.service;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sextant.config.SextantConfig;
import io.sextant.model.Application;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;

/**
 * Use cases on Applications shared by the API and the pages. For now: listing. Later issues add
 * get, create, sync and rollback here, each with its RBAC check.
 */
@ApplicationScoped
public class ApplicationService {

    private final KubernetesClient client;
    private final SextantConfig config;

    public ApplicationService(KubernetesClient client, SextantConfig config) {
        this.client = client;
        this.config = config;
    }

    /** The Applications of the control-plane namespace, by name. */
    public List<Application> list() {
        return client.resources(Application.class).inNamespace(config.namespace()).list().getItems().stream()
                .sorted(Comparator.comparing(a -> a.getMetadata().getName()))
                .toList();
    }

    /** The namespace Applications are read from. */
    public String namespace() {
        return config.namespace();
    }
}
