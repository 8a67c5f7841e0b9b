package io.sextant.service;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.sextant.auth.RbacPolicy;
import io.sextant.auth.Subject;
import io.sextant.config.SextantConfig;
import io.sextant.model.AppKey;
import io.sextant.model.Application;
import io.sextant.model.LabelSelectors;
import io.sextant.repo.git.RepoUrls;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Finding and reading Applications with RBAC: list (with Argo's filters), get, and the filter the pages
 * apply to the store's list. It also owns what the other Application services build on: turning a
 * reference into its resource, refusing a namespace that is not served, and the RBAC object of an app.
 * Writes live in {@link ApplicationEditor}, {@link ApplicationOperations}, {@link ApplicationRefresher}
 * and {@link GitRevertService}.
 */
@ApplicationScoped
public class ApplicationService {

    private static final String APPS = RbacPolicy.APPLICATIONS;

    private final KubernetesClient client;
    private final SextantConfig config;
    private final ApplicationStore store;
    private final Authorizer authorizer;

    @Inject
    public ApplicationService(
            KubernetesClient client, SextantConfig config, ApplicationStore store, Authorizer authorizer) {
        this.client = client;
        this.config = config;
        this.store = store;
        this.authorizer = authorizer;
    }

    /** Without RBAC (the CLI's core mode, where Kubernetes RBAC decides). */
    public ApplicationService(KubernetesClient client, SextantConfig config, ApplicationStore store) {
        this(client, config, store, Authorizer.open());
    }

    /** The apps of {@code apps} the current subject may get (pages filter the store's list with it). */
    public List<Application> permitted(List<Application> apps) {
        return apps.stream().filter(mayGet()).toList();
    }

    /**
     * "May the current subject get this app", for one pass over a list on one thread: the subject is
     * looked up once, and when the policy cannot tell apps of one project and namespace apart
     * ({@link Authorizer#appNamesMatter}), the policy is asked once per project and namespace.
     */
    Predicate<Application> mayGet() {
        Subject subject = authorizer.subject();
        if (authorizer.appNamesMatter()) {
            return a -> authorizer.can(subject, APPS, "get", rbacObject(a));
        }
        Map<String, Boolean> byGroup = new HashMap<>();
        return a -> {
            String project = a.getSpec() == null || a.getSpec().getProject() == null
                    ? "default"
                    : a.getSpec().getProject();
            return byGroup.computeIfAbsent(
                    project + '\u0000' + a.getMetadata().getNamespace(),
                    k -> authorizer.can(subject, APPS, "get", rbacObject(project, a)));
        };
    }

    /** {@code app} if the current subject may get it. @throws ForbiddenException otherwise */
    public Application permitted(Application app) {
        check("get", app);
        return app;
    }

    /**
     * RBAC's object for an app: {@code project/name}, and {@code project/namespace/name} for an app outside
     * the control-plane namespace (Argo CD's RBAC for "Applications in any namespace").
     */
    public static String rbacObject(Application app) {
        String project = app.getSpec() == null || app.getSpec().getProject() == null
                ? "default"
                : app.getSpec().getProject();
        return rbacObject(project, app);
    }

    /** RBAC's object for {@code app} as if it were in {@code project} (a spec that moves it there). */
    static String rbacObject(String project, Application app) {
        return project + "/" + AppKey.qualified(AppKey.of(app));
    }

    /** The Application resource a reference names ({@link AppKey#parse}). */
    Resource<Application> resource(String ref) {
        String key = AppKey.parse(ref);
        return client.resources(Application.class)
                .inNamespace(AppKey.namespace(key))
                .withName(AppKey.name(key));
    }

    /** A JSON merge patch of the app {@code ref} in one request (no read first). */
    Application mergePatch(String ref, String patch) {
        String key = AppKey.parse(ref);
        return io.sextant.kube.MergePatch.apply(
                client, Application.class, AppKey.namespace(key), AppKey.name(key), patch);
    }

    /** The app's namespace when it is served; otherwise an error that says what to fix. */
    String served(String namespace) {
        String ns = namespace == null || namespace.isBlank() ? config.namespace() : namespace;
        if (!store.namespaces().enabled(ns)) {
            throw new IllegalArgumentException("Applications in namespace '" + ns + "' are not served here: list the "
                    + "namespace in sextant.application-namespaces, or use namespace '" + config.namespace() + "'");
        }
        return ns;
    }

    /** Whether the current subject may do {@code action} on {@code app}. */
    boolean can(String action, Application app) {
        return authorizer.can(APPS, action, rbacObject(app));
    }

    /** @throws ForbiddenException unless the current subject may do {@code action} on {@code app} */
    void check(String action, Application app) {
        check(action, rbacObject(app));
    }

    /** @throws ForbiddenException unless the current subject may do {@code action} on {@code rbacObject} */
    void check(String action, String rbacObject) {
        authorizer.check(APPS, action, rbacObject);
    }

    /** The Applications of the control-plane namespace, by name. */
    public List<Application> list() {
        return list(null, List.of(), null, null);
    }

    /**
     * The Applications matching Argo's list filters: {@code name}, {@code projects} (any of),
     * {@code selector} (a label selector), {@code repo} (source repoURL, any form).
     */
    public List<Application> list(String name, List<String> projects, String selector, String repo) {
        // From the server's watch, not the API server: 10,000 apps list in milliseconds.
        List<Application> all = store.all();
        Predicate<Application> labels = LabelSelectors.parse(selector);
        String repoKey = repo == null || repo.isBlank() ? null : RepoUrls.cacheKey(repo);
        return all.stream()
                .filter(labels)
                .filter(mayGet())
                .filter(a -> name == null
                        || name.isBlank()
                        || name.equals(a.getMetadata().getName())
                        || AppKey.parse(name).equals(AppKey.of(a)))
                .filter(a -> projects == null
                        || projects.isEmpty()
                        || projects.contains(a.getSpec().getProject()))
                .filter(a -> repoKey == null
                        || io.sextant.controller.MultiSource.sourcesOf(a).stream()
                                .anyMatch(s ->
                                        s.getRepoURL() != null && repoKey.equals(RepoUrls.cacheKey(s.getRepoURL()))))
                .sorted(Comparator.comparing(AppKey::of))
                .toList();
    }

    /** The Application, or NotFoundException. */
    public Application get(String name) {
        String key = AppKey.parse(name);
        served(AppKey.namespace(key));
        Application app = resource(key).get();
        if (app == null) {
            // Only someone who could see an app of that name in any project learns it does not exist;
            // anyone else gets the answer a forbidden app gets.
            if (!authorizer.can(APPS, "get", "*/" + AppKey.qualified(key))) {
                throw new ForbiddenException();
            }
            throw new NotFoundException("application '" + name + "' not found");
        }
        check("get", app);
        return app;
    }

    /** The namespace Applications are read from. */
    public String namespace() {
        return config.namespace();
    }
}
