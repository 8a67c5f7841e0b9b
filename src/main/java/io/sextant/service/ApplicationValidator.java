package io.sextant.service;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sextant.config.SextantConfig;
import io.sextant.controller.MultiSource;
import io.sextant.model.AppProject;
import io.sextant.model.Application;
import io.sextant.sync.ProjectBounds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * What an Application must be before it is written: a well-formed one ({@link #validate}), and one its
 * project allows ({@link #withinProject}). Both answer with an {@link IllegalArgumentException} that says
 * what to fix.
 */
@ApplicationScoped
public class ApplicationValidator {

    private final KubernetesClient client;
    private final SextantConfig config;

    @Inject
    public ApplicationValidator(KubernetesClient client, SextantConfig config) {
        this.client = client;
        this.config = config;
    }

    /** Refuses an app without a valid name, a destination or a source; an app without a project gets "default". */
    public void validate(Application app) {
        if (app == null
                || app.getMetadata() == null
                || app.getMetadata().getName() == null
                || app.getMetadata().getName().isBlank()) {
            throw new IllegalArgumentException("metadata.name is required");
        }
        if (!app.getMetadata().getName().matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")) {
            throw new IllegalArgumentException(
                    "metadata.name '" + app.getMetadata().getName()
                            + "' is not a valid name: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit");
        }
        if (app.getSpec() == null) {
            throw new IllegalArgumentException("spec is required");
        }
        if (app.getSpec().getDestination() == null) {
            throw new IllegalArgumentException("spec.destination is required (server or name, and namespace)");
        }
        if (app.getSpec().getSource() == null
                && (app.getSpec().getSources() == null
                        || app.getSpec().getSources().isEmpty())) {
            throw new IllegalArgumentException("spec.source is required (repoURL, path, targetRevision)");
        }
        if (MultiSource.of(app)) {
            MultiSource.check(app.getSpec().getSources());
        }
        if (app.getSpec().getProject() == null || app.getSpec().getProject().isBlank()) {
            app.getSpec().setProject("default");
        }
    }

    /**
     * Refuses an app its project does not allow (source repository, destination), as Argo CD does at
     * create and update; the controller checks again, and checks each resource, before any sync.
     */
    public void withinProject(Application app) {
        String project = ProjectBounds.projectOf(app);
        AppProject p = client.resources(AppProject.class)
                .inNamespace(config.namespace())
                .withName(project)
                .get();
        // Destinations by name are resolved against the cluster Secrets, as the controller resolves them.
        ProjectBounds bounds = ProjectBounds.of(project, p == null ? null : p.getSpec())
                .withClusters(ClusterService.known(client, config.namespace()));
        String ns = app.getMetadata() == null ? null : app.getMetadata().getNamespace();
        bounds.checkSourceNamespace(ns == null ? config.namespace() : ns, config.namespace())
                .or(() -> bounds.checkApplication(app))
                .ifPresent(why -> {
                    throw new IllegalArgumentException(why);
                });
    }
}
