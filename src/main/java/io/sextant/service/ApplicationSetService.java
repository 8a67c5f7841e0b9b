package io.sextant.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sextant.appset.AppSetPreview;
import io.sextant.auth.RbacPolicy;
import io.sextant.config.SextantConfig;
import io.sextant.model.Application;
import io.sextant.model.ApplicationSet;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * ApplicationSets for the API, the pages and the CLI, with Argo CD's RBAC: resource {@code applicationsets},
 * object {@code <project>/<name>} where the project is the template's {@code spec.project} (rbac.md). As
 * Argo CD's API server, a set whose template project is templated is refused at create (Security.md: the
 * generator's source would choose the project); the applicationset role refuses it too, for sets applied
 * with kubectl. Sets live in the control-plane namespace.
 */
@ApplicationScoped
public class ApplicationSetService {

    private static final String RESOURCE = RbacPolicy.APPLICATIONSETS;

    private final KubernetesClient client;
    private final String namespace;
    private final Authorizer authorizer;
    private final ApplicationStore applications;

    /** Made on the first preview (most servers never make one), closed at shutdown. */
    private final java.util.function.Supplier<AppSetPreview> previews;

    private volatile AppSetPreview preview;

    @Inject
    public ApplicationSetService(
            KubernetesClient client, SextantConfig config, Authorizer authorizer, ApplicationStore applications) {
        this(
                client,
                config.namespace(),
                authorizer,
                applications,
                () -> new AppSetPreview(
                        client,
                        config.namespace(),
                        Path.of(config.repo().cacheDir()),
                        config.repo().fetchTimeout(),
                        config.applicationset().maxApps()));
    }

    /** For the CLI's core mode: Kubernetes RBAC decides there; previews come from {@code previews}. */
    public ApplicationSetService(
            KubernetesClient client,
            String namespace,
            Authorizer authorizer,
            ApplicationStore applications,
            java.util.function.Supplier<AppSetPreview> previews) {
        this.client = client;
        this.namespace = namespace;
        this.authorizer = authorizer;
        this.applications = applications;
        this.previews = previews;
    }

    @PreDestroy
    void close() {
        AppSetPreview p = preview;
        if (p != null) {
            p.close();
        }
    }

    /**
     * The Applications {@code set} would generate now, written nowhere (Argo CD's
     * {@code POST /api/v1/applicationsets/generate}): checked as a create is, and allowed to whoever may
     * create the set.
     *
     * @throws IllegalArgumentException when the set is invalid or cannot generate, saying why
     */
    public List<Application> generate(ApplicationSet set) {
        validate(set);
        authorizer.check(RESOURCE, "create", object(set));
        set.getMetadata().setNamespace(namespace);
        AppSetPreview p = preview;
        if (p == null) {
            synchronized (this) {
                if (preview == null) {
                    preview = previews.get();
                }
                p = preview;
            }
        }
        return p.generate(set);
    }

    /** The project a set's apps are bound by: its template's {@code spec.project} ("" when missing). */
    public static String projectOf(ApplicationSet set) {
        if (set.getSpec() == null || set.getSpec().getTemplate() == null) {
            return "";
        }
        JsonNode p = set.getSpec().getTemplate().path("spec").path("project");
        return p.isTextual() ? p.asText() : "";
    }

    private static String object(ApplicationSet set) {
        return projectOf(set) + "/" + set.getMetadata().getName();
    }

    /** The sets this subject may see, by name; {@code projects} (when not empty) keeps those of these projects. */
    public List<ApplicationSet> list(List<String> projects) {
        return client.resources(ApplicationSet.class).inNamespace(namespace).list().getItems().stream()
                .filter(s -> projects == null || projects.isEmpty() || projects.contains(projectOf(s)))
                .filter(s -> authorizer.can(RESOURCE, "get", object(s)))
                .sorted(Comparator.comparing(s -> s.getMetadata().getName()))
                .toList();
    }

    /** @throws NotFoundException when missing (or ForbiddenException, when the subject may not tell) */
    public ApplicationSet get(String name) {
        ApplicationSet set = name == null
                ? null
                : client.resources(ApplicationSet.class)
                        .inNamespace(namespace)
                        .withName(name)
                        .get();
        if (set == null) {
            if (!authorizer.can(RESOURCE, "get", "*/*")) {
                throw new ForbiddenException();
            }
            throw new NotFoundException("applicationset '" + name + "' not found");
        }
        authorizer.check(RESOURCE, "get", object(set));
        return set;
    }

    /**
     * Creates the set; an existing one with the same spec is returned unchanged, one with another spec is
     * replaced only with {@code upsert} (and {@code update} on it), as Argo CD's API does.
     */
    public ApplicationSet create(ApplicationSet set, boolean upsert) {
        validate(set);
        authorizer.check(RESOURCE, "create", object(set));
        set.getMetadata().setNamespace(namespace);
        ApplicationSet existing = client.resources(ApplicationSet.class)
                .inNamespace(namespace)
                .withName(set.getMetadata().getName())
                .get();
        if (existing == null) {
            set.getMetadata().setResourceVersion(null);
            set.setStatus(null);
            return client.resource(set).create();
        }
        JsonNode before = client.getKubernetesSerialization().convertValue(existing.getSpec(), JsonNode.class);
        JsonNode after = client.getKubernetesSerialization().convertValue(set.getSpec(), JsonNode.class);
        if (Objects.equals(before, after)) {
            return existing;
        }
        if (!upsert) {
            throw new OperationRefusedException(
                    "existing ApplicationSet spec is different, use upsert flag to force update");
        }
        authorizer.check(RESOURCE, "update", object(existing));
        authorizer.check(RESOURCE, "update", object(set));
        existing.setSpec(set.getSpec());
        return client.resource(existing).update();
    }

    /** Deletes the set; Kubernetes' garbage collector then deletes the apps it owns. */
    public void delete(String name) {
        ApplicationSet set = get(name);
        authorizer.check(RESOURCE, "delete", object(set));
        client.resources(ApplicationSet.class)
                .inNamespace(namespace)
                .withName(name)
                .delete();
    }

    /**
     * The Applications the set generated (their controller owner reference names it, by uid) that this
     * subject may see, by name.
     */
    public List<Application> generated(String name) {
        ApplicationSet set = get(name);
        String uid = set.getMetadata().getUid();
        return applications.all().stream()
                .filter(a -> a.getMetadata().getOwnerReferences() != null
                        && a.getMetadata().getOwnerReferences().stream()
                                .anyMatch(r -> Boolean.TRUE.equals(r.getController())
                                        && "ApplicationSet".equals(r.getKind())
                                        && Objects.equals(uid, r.getUid())))
                .filter(a -> authorizer.can(
                        RbacPolicy.APPLICATIONS,
                        "get",
                        (a.getSpec() == null ? "" : a.getSpec().getProject()) + "/"
                                + a.getMetadata().getName()))
                .sorted(Comparator.comparing(a -> a.getMetadata().getName()))
                .toList();
    }

    /** The name of the ApplicationSet that generated {@code app}, or null. */
    public static String owner(Application app) {
        var refs = app.getMetadata() == null ? null : app.getMetadata().getOwnerReferences();
        if (refs == null) {
            return null;
        }
        return refs.stream()
                .filter(r -> Boolean.TRUE.equals(r.getController()) && "ApplicationSet".equals(r.getKind()))
                .map(r -> r.getName())
                .findFirst()
                .orElse(null);
    }

    private void validate(ApplicationSet set) {
        if (set == null
                || set.getMetadata() == null
                || set.getMetadata().getName() == null
                || set.getMetadata().getName().isBlank()) {
            throw new IllegalArgumentException("an ApplicationSet needs metadata.name");
        }
        if (!set.getMetadata().getName().matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")) {
            throw new IllegalArgumentException("ApplicationSet name '"
                    + set.getMetadata().getName() + "' must be lower-case letters, digits, '-' or '.'");
        }
        if (set.getSpec() == null
                || set.getSpec().getGenerators() == null
                || set.getSpec().getGenerators().isEmpty()
                || set.getSpec().getTemplate() == null) {
            throw new IllegalArgumentException("an ApplicationSet needs spec.generators and spec.template");
        }
        String project = projectOf(set);
        if (project.contains("{{")) {
            throw new IllegalArgumentException("the API does not create ApplicationSets with a templated project ("
                    + project + "): whoever writes the generator's source would choose the project; name it");
        }
        if (project.isEmpty()) {
            throw new IllegalArgumentException("spec.template.spec.project is required");
        }
        if (!"default".equals(project)
                && client.resources(io.sextant.model.AppProject.class)
                                .inNamespace(namespace)
                                .withName(project)
                                .get()
                        == null) {
            throw new IllegalArgumentException(
                    "ApplicationSet references project " + project + " which does not exist");
        }
    }
}
