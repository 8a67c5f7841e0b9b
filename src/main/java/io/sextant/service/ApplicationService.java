package io.sextant.service;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.sextant.auth.RbacPolicy;
import io.sextant.config.SextantConfig;
import io.sextant.controller.StatusWriter;
import io.sextant.model.Annotations;
import io.sextant.model.AppKey;
import io.sextant.model.AppProject;
import io.sextant.model.Application;
import io.sextant.model.ApplicationSource;
import io.sextant.model.ApplicationSpec;
import io.sextant.model.Operation;
import io.sextant.model.OperationInitiator;
import io.sextant.model.OperationPhase;
import io.sextant.model.RetryStrategy;
import io.sextant.model.RevisionHistory;
import io.sextant.model.SyncOperation;
import io.sextant.model.SyncPolicy;
import io.sextant.model.SyncStrategy;
import io.sextant.repo.RepoException;
import io.sextant.repo.git.CredentialsResolver;
import io.sextant.repo.git.GitReverter;
import io.sextant.repo.git.RepoUrls;
import io.sextant.repo.git.RevertResult;
import io.sextant.sync.ProjectBounds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * Use cases on Applications shared by the API and the pages: list, get, sync and rollback. A sync
 * or rollback is asked for by writing the Application's {@code operation} field, as Argo CD's API
 * does; the controller runs it. RBAC checks come with the auth issue.
 */
@ApplicationScoped
public class ApplicationService {

    private static final String APPS = RbacPolicy.APPLICATIONS;

    private final KubernetesClient client;
    private final SextantConfig config;
    private final ApplicationStore store;
    private final Authorizer authorizer;
    private GitReverter reverter;

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
        return apps.stream()
                .filter(a -> authorizer.can(APPS, "get", rbacObject(a)))
                .toList();
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
        return project + "/" + AppKey.qualified(AppKey.of(app));
    }

    /** The Application resource a reference names ({@link AppKey#parse}). */
    private Resource<Application> resource(String ref) {
        String key = AppKey.parse(ref);
        return client.resources(Application.class)
                .inNamespace(AppKey.namespace(key))
                .withName(AppKey.name(key));
    }

    /** The app's namespace when it is served; otherwise an error that says what to fix. */
    private String served(String namespace) {
        String ns = namespace == null || namespace.isBlank() ? config.namespace() : namespace;
        if (!store.namespaces().enabled(ns)) {
            throw new IllegalArgumentException("Applications in namespace '" + ns + "' are not served here: list the "
                    + "namespace in sextant.application-namespaces, or use namespace '" + config.namespace() + "'");
        }
        return ns;
    }

    private void check(String action, Application app) {
        authorizer.check(APPS, action, rbacObject(app));
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
                .filter(a -> authorizer.can(APPS, "get", rbacObject(a)))
                .filter(a -> name == null
                        || name.isBlank()
                        || name.equals(a.getMetadata().getName())
                        || AppKey.parse(name).equals(AppKey.of(a)))
                .filter(a -> projects == null
                        || projects.isEmpty()
                        || projects.contains(a.getSpec().getProject()))
                .filter(a -> repoKey == null
                        || (a.getSpec().getSource() != null
                                && a.getSpec().getSource().getRepoURL() != null
                                && repoKey.equals(RepoUrls.cacheKey(
                                        a.getSpec().getSource().getRepoURL()))))
                .sorted(Comparator.comparing(AppKey::of))
                .toList();
    }

    /**
     * Creates the Application. With {@code upsert} an existing one gets the new spec; without, an
     * existing one with a different spec is refused (an identical one is returned, as Argo does).
     */
    public Application create(Application app, boolean upsert) {
        validate(app);
        check("create", app);
        app.getMetadata().setNamespace(served(app.getMetadata().getNamespace()));
        withinProject(app);
        Application existing = resource(AppKey.of(app)).get();
        if (existing == null) {
            app.getMetadata().setResourceVersion(null);
            app.setStatus(null);
            app.setOperation(null);
            return remembered(client.resource(app).create());
        }
        if (sameSpec(existing, app)) {
            return existing;
        }
        if (!upsert) {
            throw new OperationRefusedException(
                    "existing application spec is different, use upsert flag to force update");
        }
        check("update", existing);
        check("update", app);
        updateSpec(AppKey.of(app), app.getSpec());
        return get(AppKey.of(app));
    }

    /** Replaces the Application's spec (and labels, annotations, finalizers when given). */
    public Application update(Application app) {
        validate(app);
        app.getMetadata().setNamespace(served(app.getMetadata().getNamespace()));
        Application current = get(AppKey.of(app));
        check("update", current);
        check("update", app);
        withinProject(app);
        current.setSpec(app.getSpec());
        if (app.getMetadata().getLabels() != null) {
            current.getMetadata().setLabels(app.getMetadata().getLabels());
        }
        if (app.getMetadata().getAnnotations() != null) {
            current.getMetadata().setAnnotations(app.getMetadata().getAnnotations());
        }
        if (app.getMetadata().getFinalizers() != null) {
            current.getMetadata().setFinalizers(app.getMetadata().getFinalizers());
        }
        return remembered(client.resource(current).update());
    }

    /** Takes a write's answer into the store, so the next list shows it; returns it. */
    private Application remembered(Application app) {
        store.remember(app);
        return app;
    }

    /** Replaces only the spec (a merge patch: the controller's status writes never conflict with it). */
    public ApplicationSpec updateSpec(String name, ApplicationSpec spec) {
        Application current = get(name);
        check("update", current);
        if (spec != null
                && spec.getProject() != null
                && !spec.getProject().equals(current.getSpec().getProject())) {
            authorizer.check(APPS, "update", spec.getProject() + "/" + AppKey.qualified(AppKey.of(current)));
        }
        if (spec != null) {
            Application proposed = new Application();
            proposed.setMetadata(current.getMetadata());
            proposed.setSpec(spec);
            withinProject(proposed);
        }
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        // A whole-spec replace: null out what the new spec leaves out.
        ObjectNode next = client.getKubernetesSerialization().convertValue(spec, ObjectNode.class);
        ObjectNode old =
                client.getKubernetesSerialization().convertValue(get(name).getSpec(), ObjectNode.class);
        old.fieldNames().forEachRemaining(f -> {
            if (!next.has(f)) {
                next.putNull(f);
            }
        });
        patch.set("spec", next);
        return remembered(resource(name).patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString()))
                .getSpec();
    }

    /**
     * Sets spec.syncPolicy.automated, or removes it when {@code automated} is null (auto-sync off), and
     * leaves the rest of the spec alone: a merge patch, since {@link #updateSpec} only clears top-level fields.
     */
    public Application setAutomated(String name, SyncPolicy.Automated automated) {
        check("update", get(name));
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        patch.putObject("spec")
                .putObject("syncPolicy")
                .set(
                        "automated",
                        automated == null
                                ? JsonNodeFactory.instance.nullNode()
                                : client.getKubernetesSerialization().convertValue(automated, ObjectNode.class));
        return remembered(resource(name).patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString()));
    }

    /** Deletes the Application; with {@code cascade} its resources go too (the controller's finalizer). */
    public void delete(String name, boolean cascade, String propagationPolicy) {
        Application app = get(name);
        check("delete", app);
        if (cascade) {
            ObjectNode patch = JsonNodeFactory.instance.objectNode();
            String finalizer = "background".equalsIgnoreCase(propagationPolicy)
                    ? Annotations.RESOURCES_FINALIZER + "/background"
                    : Annotations.RESOURCES_FINALIZER;
            var finalizers = patch.putObject("metadata").putArray("finalizers");
            List<String> existing = app.getMetadata().getFinalizers() == null
                    ? List.of()
                    : app.getMetadata().getFinalizers();
            existing.forEach(finalizers::add);
            if (!existing.contains(finalizer)) {
                finalizers.add(finalizer);
            }
            resource(name).patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
        }
        resource(name).delete();
        if (!cascade) {
            store.forget(name);
        }
    }

    /**
     * Asks for a refresh and waits (at most {@code timeout}) until the controller has done it, as
     * Argo's {@code GET ...?refresh=} does. @return the Application afterwards
     */
    public Application refresh(String name, String mode, Duration timeout) {
        if (!"normal".equals(mode) && !"hard".equals(mode)) {
            throw new IllegalArgumentException("refresh must be 'normal' or 'hard', not '" + mode + "'");
        }
        requestRefresh(name, mode);
        String key = AppKey.parse(name);
        // Woken by the watch when the controller removes the annotation; no thread polls meanwhile. The
        // wait lists first, so it sees the annotation just written whatever the server's own watch shows.
        try {
            resource(key)
                    .waitUntilCondition(
                            a -> a == null
                                    || a.getMetadata().getAnnotations() == null
                                    || !a.getMetadata().getAnnotations().containsKey(Annotations.REFRESH),
                            Math.max(1, timeout.toMillis()),
                            TimeUnit.MILLISECONDS);
        } catch (KubernetesClientTimeoutException e) {
            // Not refreshed in time: answer with the app as it is, as Argo CD does.
        } catch (KubernetesClientException e) {
            if (Thread.currentThread().isInterrupted()) {
                return get(name);
            }
            throw e;
        }
        return get(name);
    }

    /**
     * Sets the refresh annotation for the current user, who must be allowed to see the app (the same
     * answer for a missing and a forbidden app); the controller fetches, compares and removes it. Does
     * not wait.
     */
    public void requestRefresh(String name, String mode) {
        get(name);
        askRefresh(name, mode);
    }

    /**
     * The refresh a Git push asks for: Sextant's own, no user behind it (the webhook checked the
     * sender's signature and chose the apps by repository).
     */
    public void refreshForPush(String name) {
        askRefresh(name, "normal");
    }

    /**
     * The time of the ask goes with it, so that asking again while a refresh is pending (a second push)
     * is a change the controller sees, not a write that changes nothing.
     */
    private void askRefresh(String name, String mode) {
        resource(name).patch(PatchContext.of(PatchType.JSON_MERGE), StatusWriter.refreshAskPatch(mode, Instant.now()));
    }

    /** Stops the running operation: its phase becomes Terminating and the controller ends it. */
    public void terminateOperation(String name) {
        Application app = get(name);
        check("sync", app);
        var state = app.getStatus() == null ? null : app.getStatus().getOperationState();
        if (state == null || !OperationPhase.RUNNING.is(state.getPhase())) {
            throw new NotFoundException("Unable to terminate operation. No operation is in progress");
        }
        resource(name)
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"status\": {\"operationState\": {\"phase\": \"Terminating\"}}}");
    }

    private static void validate(Application app) {
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
        if (app.getSpec().getProject() == null || app.getSpec().getProject().isBlank()) {
            app.getSpec().setProject("default");
        }
    }

    /**
     * Refuses an app its project does not allow (source repository, destination), as Argo CD does at
     * create and update; the controller checks again, and checks each resource, before any sync.
     */
    private void withinProject(Application app) {
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

    private boolean sameSpec(Application a, Application b) {
        return client.getKubernetesSerialization()
                .convertValue(a.getSpec(), ObjectNode.class)
                .equals(client.getKubernetesSerialization().convertValue(b.getSpec(), ObjectNode.class));
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

    /**
     * Asks for a sync.
     *
     * @param revision  a branch, tag or SHA; null for the app's targetRevision
     * @param resources selective sync ("group:kind:name" or "group:kind:namespace/name"); empty for all
     */
    public Application sync(
            String name,
            String revision,
            boolean prune,
            boolean dryRun,
            List<String> syncOptions,
            List<SyncOperation.Resource> resources,
            String username) {
        return sync(name, revision, prune, dryRun, syncOptions, resources, null, username);
    }

    /** As above, with a sync strategy (APPLY ONLY, FORCE of the dashboard's SYNC panel); null for the default. */
    public Application sync(
            String name,
            String revision,
            boolean prune,
            boolean dryRun,
            List<String> syncOptions,
            List<SyncOperation.Resource> resources,
            SyncStrategy strategy,
            String username) {
        return sync(name, revision, prune, dryRun, syncOptions, resources, strategy, null, username);
    }

    /** As above, with a retry strategy for this operation (Argo's sync request {@code retryStrategy}); null for none. */
    public Application sync(
            String name,
            String revision,
            boolean prune,
            boolean dryRun,
            List<String> syncOptions,
            List<SyncOperation.Resource> resources,
            SyncStrategy strategy,
            RetryStrategy retry,
            String username) {
        Application app = get(name);
        check("sync", app);
        refuseWhileRunning(app);
        Operation op = new Operation();
        SyncOperation sync = new SyncOperation();
        sync.setRevision(revision);
        sync.setPrune(prune);
        sync.setDryRun(dryRun);
        sync.setSyncOptions(syncOptions == null || syncOptions.isEmpty() ? null : syncOptions);
        sync.setResources(resources == null || resources.isEmpty() ? null : resources);
        sync.setSyncStrategy(strategy);
        op.setSync(sync);
        op.setRetry(retry);
        op.setInitiatedBy(initiator(username));
        return writeOperation(app, op);
    }

    /**
     * Asks for a rollback to history entry {@code id}: a sync of that entry's revision and source.
     * Refused while auto-sync is on, which would undo it at once.
     */
    public Application rollback(String name, long id, boolean prune, boolean dryRun, String username) {
        Application app = get(name);
        if (!authorizer.can(APPS, "rollback", rbacObject(app))) {
            check("sync", app); // Argo lets whoever may sync roll back
        }
        SyncPolicy policy = app.getSpec().getSyncPolicy();
        if (policy != null
                && policy.getAutomated() != null
                && !Boolean.FALSE.equals(policy.getAutomated().getEnabled())) {
            throw new OperationRefusedException(
                    "rollback cannot be initiated when auto-sync is enabled: auto-sync would "
                            + "undo it; disable auto-sync first (argocd app set " + name + " --sync-policy none)");
        }
        refuseWhileRunning(app);
        RevisionHistory entry = historyEntry(app, id);
        Operation op = new Operation();
        SyncOperation sync = new SyncOperation();
        sync.setRevision(entry.getRevision());
        sync.setSource(entry.getSource());
        sync.setPrune(prune);
        sync.setDryRun(dryRun);
        SyncStrategy strategy = new SyncStrategy();
        strategy.setAdditionalProperty("apply", Map.of());
        sync.setSyncStrategy(strategy);
        op.setSync(sync);
        op.setInitiatedBy(initiator(username));
        return writeOperation(app, op);
    }

    /**
     * The GitOps rollback, done for the user: on the branch the app tracks, pushes one commit that
     * restores the files of history entry {@code id} (what {@code git revert} of the later commits does),
     * with the {@code repository-write} credentials, then asks for a sync of the new head. Refused, with
     * nothing pushed, when the app does not track a branch, the credentials cannot push, or the branch
     * moved meanwhile.
     *
     * @return the new head commit
     */
    public String revertInGit(String name, long id, String username) {
        Application app = get(name);
        check("sync", app);
        refuseWhileRunning(app);
        RevisionHistory entry = historyEntry(app, id);
        ApplicationSource source = app.getSpec().getSource();
        if (source == null) {
            throw new OperationRefusedException("application '" + name + "' has no spec.source to revert");
        }
        String branch =
                source.getTargetRevision() == null || source.getTargetRevision().isBlank()
                        ? "HEAD"
                        : source.getTargetRevision();
        var write = CredentialsResolver.read(client, config.namespace())
                .forWriteUrl(source.getRepoURL())
                .orElse(null);
        RevertResult result;
        try {
            result = reverter()
                    .revert(
                            source.getRepoURL(),
                            branch,
                            entry.getRevision(),
                            write,
                            new PersonIdent(
                                    username == null || username.isBlank() ? "Sextant" : username, "sextant@localhost"),
                            "Revert " + name + " to history " + id + " (" + entry.getRevision() + ")");
        } catch (RepoException e) {
            throw new OperationRefusedException("cannot revert in Git: " + e.getMessage());
        }
        sync(name, result.newHead(), false, false, List.of(), List.of(), username);
        return result.newHead();
    }

    private synchronized GitReverter reverter() {
        if (reverter == null) {
            reverter = new GitReverter(Path.of(config.repo().cacheDir()).resolveSibling("sextant-reverts"));
        }
        return reverter;
    }

    private static RevisionHistory historyEntry(Application app, long id) {
        List<RevisionHistory> history =
                app.getStatus() == null || app.getStatus().getHistory() == null
                        ? List.of()
                        : app.getStatus().getHistory();
        return history.stream()
                .filter(h -> h.getId() != null && h.getId() == id)
                .findFirst()
                .orElseThrow(() -> new NotFoundException("application '"
                        + app.getMetadata().getName()
                        + "' has no history id " + id
                        + (history.isEmpty()
                                ? " (its history is empty)"
                                : "; ids are "
                                        + history.stream()
                                                .map(h -> String.valueOf(h.getId()))
                                                .toList())));
    }

    private static void refuseWhileRunning(Application app) {
        if (app.getOperation() != null
                || (app.getStatus() != null
                        && app.getStatus().getOperationState() != null
                        && OperationPhase.RUNNING.is(
                                app.getStatus().getOperationState().getPhase()))) {
            throw new OperationRefusedException("another operation is already in progress on application '"
                    + app.getMetadata().getName() + "'; wait for it or terminate it");
        }
    }

    private static OperationInitiator initiator(String username) {
        OperationInitiator by = new OperationInitiator();
        by.setUsername(username);
        return by;
    }

    /**
     * Writes the operation, guarded by the resourceVersion read: an operation someone else asked for in
     * the meantime is never replaced. The controller's status writes also change the resourceVersion,
     * so a conflict is retried on a fresh read, a few times.
     */
    private Application writeOperation(Application app, Operation op) {
        Application current = app;
        for (int attempt = 1; ; attempt++) {
            ObjectNode patch = JsonNodeFactory.instance.objectNode();
            patch.putObject("metadata")
                    .put("resourceVersion", current.getMetadata().getResourceVersion());
            patch.set("operation", client.getKubernetesSerialization().convertValue(op, ObjectNode.class));
            try {
                return remembered(
                        resource(AppKey.of(current)).patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString()));
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 10) {
                    throw e;
                }
                current = get(AppKey.of(current));
                refuseWhileRunning(current);
            }
        }
    }

    /** The namespace Applications are read from. */
    public String namespace() {
        return config.namespace();
    }
}
