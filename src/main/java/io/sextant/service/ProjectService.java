package io.sextant.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.runtime.StartupEvent;
import io.sextant.auth.RbacPolicy;
import io.sextant.config.SextantConfig;
import io.sextant.model.AppProject;
import io.sextant.model.AppProjectSpec;
import io.sextant.model.ApplicationDestination;
import io.sextant.model.ClusterResourceRestriction;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * AppProjects: list, get, create (with {@code upsert}), update and delete, and the {@code default}
 * project, which exists from the first start and allows everything, as in Argo CD. A project still
 * used by Applications cannot be deleted.
 */
@ApplicationScoped
public class ProjectService {

    public static final String DEFAULT = "default";
    private static final Logger LOG = Logger.getLogger(ProjectService.class);

    private final KubernetesClient client;
    private final SextantConfig config;
    private static final String PROJECTS = RbacPolicy.PROJECTS;

    private final ApplicationStore applications;
    private final Authorizer authorizer;

    @Inject
    public ProjectService(
            KubernetesClient client, SextantConfig config, ApplicationStore applications, Authorizer authorizer) {
        this.client = client;
        this.config = config;
        this.applications = applications;
        this.authorizer = authorizer;
    }

    /** Without RBAC (the CLI's core mode). */
    public ProjectService(KubernetesClient client, SextantConfig config, ApplicationStore applications) {
        this(client, config, applications, Authorizer.open());
    }

    void onStart(@Observes @Priority(60) StartupEvent event) {
        if (!config.roles().contains("server")) {
            return;
        }
        try {
            ensureDefault();
        } catch (KubernetesClientException e) {
            LOG.warnf("Cannot create the default AppProject (%d): %s", e.getCode(), e.getMessage());
        }
    }

    /** Creates the {@code default} project unless it exists (a changed one is left as the user made it). */
    public void ensureDefault() {
        if (client.resources(AppProject.class)
                        .inNamespace(config.namespace())
                        .withName(DEFAULT)
                        .get()
                != null) {
            return;
        }
        AppProject project = new AppProject();
        project.setMetadata(new ObjectMetaBuilder()
                .withName(DEFAULT)
                .withNamespace(config.namespace())
                .build());
        AppProjectSpec spec = new AppProjectSpec();
        spec.setSourceRepos(List.of("*"));
        ApplicationDestination anywhere = new ApplicationDestination();
        anywhere.setServer("*");
        anywhere.setNamespace("*");
        spec.setDestinations(List.of(anywhere));
        ClusterResourceRestriction all = new ClusterResourceRestriction();
        all.setGroup("*");
        all.setKind("*");
        spec.setClusterResourceWhitelist(List.of(all));
        project.setSpec(spec);
        try {
            client.resource(project).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }

    public List<AppProject> list() {
        return client.resources(AppProject.class).inNamespace(config.namespace()).list().getItems().stream()
                .filter(p -> authorizer.can(PROJECTS, "get", p.getMetadata().getName()))
                .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
                .toList();
    }

    public AppProject get(String name) {
        AppProject project = name == null
                ? null
                : client.resources(AppProject.class)
                        .inNamespace(config.namespace())
                        .withName(name)
                        .get();
        if (project == null) {
            if (!authorizer.can(PROJECTS, "get", "*")) {
                throw new ForbiddenException();
            }
            throw new NotFoundException("project '" + name + "' not found");
        }
        authorizer.check(PROJECTS, "get", name);
        return project;
    }

    /** Creates the project; an existing one with another spec is refused unless {@code upsert}. */
    public AppProject create(AppProject project, boolean upsert) {
        validate(project);
        authorizer.check(PROJECTS, "create", project.getMetadata().getName());
        project.getMetadata().setNamespace(config.namespace());
        AppProject existing = client.resources(AppProject.class)
                .inNamespace(config.namespace())
                .withName(project.getMetadata().getName())
                .get();
        if (existing == null) {
            project.getMetadata().setResourceVersion(null);
            return client.resource(project).create();
        }
        if (sameSpec(existing, project)) {
            return existing;
        }
        if (!upsert) {
            throw new OperationRefusedException("existing project spec is different, use upsert flag to force update");
        }
        authorizer.check(PROJECTS, "update", project.getMetadata().getName());
        existing.setSpec(project.getSpec());
        return client.resource(existing).update();
    }

    /** Replaces the project's spec (and labels and annotations when given). */
    public AppProject update(AppProject project) {
        validate(project);
        authorizer.check(PROJECTS, "update", project.getMetadata().getName());
        AppProject current = get(project.getMetadata().getName());
        current.setSpec(project.getSpec());
        if (project.getMetadata().getLabels() != null) {
            current.getMetadata().setLabels(project.getMetadata().getLabels());
        }
        if (project.getMetadata().getAnnotations() != null) {
            current.getMetadata().setAnnotations(project.getMetadata().getAnnotations());
        }
        return client.resource(current).update();
    }

    /** Deletes the project unless Applications use it. */
    public void delete(String name) {
        get(name);
        authorizer.check(PROJECTS, "delete", name);
        long using = applications.all().stream()
                .filter(a -> a.getSpec() != null && name.equals(a.getSpec().getProject()))
                .count();
        if (using > 0) {
            throw new OperationRefusedException(
                    "project '" + name + "' is referenced by " + using + " application(s); delete or move them first");
        }
        client.resources(AppProject.class)
                .inNamespace(config.namespace())
                .withName(name)
                .delete();
    }

    private static void validate(AppProject project) {
        if (project == null
                || project.getMetadata() == null
                || project.getMetadata().getName() == null
                || project.getMetadata().getName().isBlank()) {
            throw new IllegalArgumentException("project metadata.name is required");
        }
        if (!project.getMetadata().getName().matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")) {
            throw new IllegalArgumentException(
                    "project name '" + project.getMetadata().getName()
                            + "' is not a valid name: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit");
        }
        if (project.getSpec() == null) {
            project.setSpec(new AppProjectSpec());
        }
    }

    private boolean sameSpec(AppProject a, AppProject b) {
        var json = client.getKubernetesSerialization();
        return json.convertValue(a.getSpec(), JsonNode.class).equals(json.convertValue(b.getSpec(), JsonNode.class));
    }
}
