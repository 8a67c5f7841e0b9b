package io.sextant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sextant.config.SextantConfig;
import io.sextant.diff.DiffException;
import io.sextant.diff.SecretMasker;
import io.sextant.model.AppProject;
import io.sextant.model.Application;
import io.sextant.model.ApplicationSet;
import io.sextant.model.ApplicationSpec;
import io.sextant.model.SyncOperation;
import io.sextant.repo.RepoException;
import io.sextant.service.ApplicationEditor;
import io.sextant.service.ApplicationOperations;
import io.sextant.service.ApplicationRefresher;
import io.sextant.service.ApplicationService;
import io.sextant.service.ApplicationSetService;
import io.sextant.service.ApplicationStore;
import io.sextant.service.ApplicationValidator;
import io.sextant.service.Authorizer;
import io.sextant.service.ClusterService;
import io.sextant.service.NotFoundException;
import io.sextant.service.OperationRefusedException;
import io.sextant.service.ProjectService;
import io.sextant.service.RepositoryService;
import io.sextant.sync.ApplicationNamespaces;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Core mode ({@code login --core}): the CLI is its own API server. It talks to Kubernetes through the
 * kubeconfig and runs the server's Application services in-process (constructed by hand, no CDI),
 * so creates, spec updates and {@code operation} writes are byte-for-byte what the server would do; the
 * controller running in the cluster picks them up.
 */
public final class CoreBackend implements Backend {

    private final KubernetesClient client;
    private final ApplicationService applications;
    private final ApplicationEditor editor;
    private final ApplicationOperations operations;
    private final ApplicationRefresher refresher;
    private final String namespace;
    private final SextantConfig settings;

    public CoreBackend(String kubeconfig, String namespace) {
        this.namespace = namespace == null || namespace.isBlank() ? "sextant" : namespace;
        this.client =
                new KubernetesClientBuilder().withConfig(config(kubeconfig)).build();
        Optional<List<String>> appNamespaces;
        try {
            appNamespaces = applicationNamespaces(System.getenv(APPLICATION_NAMESPACES_ENV));
        } catch (IllegalArgumentException e) {
            throw new CliException(APPLICATION_NAMESPACES_ENV + ": " + e.getMessage());
        }
        this.settings = settings(this.namespace, appNamespaces);
        ApplicationStore store = ApplicationStore.unwatched(client, settings);
        this.applications = new ApplicationService(client, settings, store);
        this.editor = new ApplicationEditor(client, store, applications, new ApplicationValidator(client, settings));
        this.operations = new ApplicationOperations(client, store, applications);
        this.refresher = new ApplicationRefresher(applications);
    }

    /** The Kubernetes client of this backend (admin commands read settings objects through it). */
    KubernetesClient client() {
        return client;
    }

    String namespace() {
        return namespace;
    }

    private static Config config(String kubeconfig) {
        if (kubeconfig == null || kubeconfig.isBlank()) {
            return Config.autoConfigure(null);
        }
        Path path = Path.of(kubeconfig);
        try {
            return Config.fromKubeconfig(null, Files.readString(path), path.toString());
        } catch (IOException e) {
            throw new CliException("cannot read the kubeconfig " + kubeconfig + ": " + e.getMessage());
        }
    }

    /**
     * The settings the Application services read for these calls: the namespace, and the further Application
     * namespaces, from the environment variable the server and controller read too
     * ({@code SEXTANT_APPLICATION_NAMESPACES}), as Argo CD's core mode reads {@code application.namespaces}
     * from the cluster. Anything else is a bug here.
     */
    private static SextantConfig settings(String namespace, Optional<List<String>> appNamespaces) {
        return (SextantConfig) Proxy.newProxyInstance(
                SextantConfig.class.getClassLoader(),
                new Class<?>[] {SextantConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "namespace" -> namespace;
                    // Unset, core mode reads the control-plane namespace only: a cluster-wide list may not be allowed.
                    case "applicationNamespaces" -> appNamespaces;
                    case "toString" -> "sextant CLI settings (namespace " + namespace + ")";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default ->
                        throw new UnsupportedOperationException(method.getName() + " is not available in the CLI");
                });
    }

    static final String APPLICATION_NAMESPACES_ENV = "SEXTANT_APPLICATION_NAMESPACES";

    static Optional<List<String>> applicationNamespaces(String env) {
        if (env == null || env.isBlank()) {
            return Optional.empty();
        }
        List<String> names = Arrays.stream(env.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
        // The same checks as at the server's start (a /regex/ entry is refused with what to write instead).
        new ApplicationNamespaces("sextant", names);
        return Optional.of(names);
    }

    /** Checks that the API server answers and the CRD is there (what login --core verifies). */
    public void check() {
        call(() -> client.resources(Application.class)
                .inNamespace(namespace)
                .list()
                .getItems());
    }

    @Override
    public List<JsonNode> list() {
        return call(() -> applications.list(null, List.of(), null, null).stream()
                .map(this::tree)
                .toList());
    }

    @Override
    public JsonNode get(String name, String refresh) {
        return call(() -> tree(
                refresh == null ? applications.get(name) : refresher.refresh(name, refresh, Duration.ofSeconds(30))));
    }

    @Override
    public JsonNode create(JsonNode application, boolean upsert) {
        return call(() -> tree(editor.create(typed(application, Application.class), upsert)));
    }

    @Override
    public JsonNode updateSpec(String name, JsonNode spec) {
        return call(() -> tree(editor.updateSpec(name, typed(spec, ApplicationSpec.class))));
    }

    @Override
    public void delete(String name, boolean cascade) {
        call(() -> {
            editor.delete(name, cascade, "foreground");
            return null;
        });
    }

    @Override
    public JsonNode sync(String name, String revision, boolean prune, boolean dryRun, List<SyncResource> resources) {
        List<SyncOperation.Resource> picked = resources.stream()
                .map(r -> {
                    SyncOperation.Resource x = new SyncOperation.Resource();
                    x.setGroup(r.group());
                    x.setKind(r.kind());
                    x.setNamespace(r.namespace());
                    x.setName(r.name());
                    return x;
                })
                .toList();
        return call(() -> tree(operations.sync(name, revision, prune, dryRun, List.of(), picked, user())));
    }

    @Override
    public JsonNode rollback(String name, long id, boolean prune, boolean dryRun) {
        return call(() -> tree(operations.rollback(name, id, prune, dryRun, user())));
    }

    @Override
    public void terminateOperation(String name) {
        call(() -> {
            operations.terminateOperation(name);
            return null;
        });
    }

    @Override
    public List<JsonNode> projects() {
        return call(() -> client.resources(AppProject.class).inNamespace(namespace).list().getItems().stream()
                .map(this::tree)
                .toList());
    }

    @Override
    public JsonNode project(String name) {
        return call(() -> tree(projectService().get(name)));
    }

    @Override
    public JsonNode createProject(JsonNode project, boolean upsert) {
        return call(() -> tree(projectService().create(typed(project, AppProject.class), upsert)));
    }

    @Override
    public List<JsonNode> appSets() {
        return call(
                () -> appSetService().list(List.of()).stream().map(this::tree).toList());
    }

    @Override
    public JsonNode appSet(String name) {
        return call(() -> tree(appSetService().get(name)));
    }

    @Override
    public JsonNode createAppSet(JsonNode set, boolean upsert) {
        return call(() -> tree(appSetService().create(typed(set, ApplicationSet.class), upsert)));
    }

    @Override
    public void deleteAppSet(String name) {
        call(() -> {
            appSetService().delete(name);
            return null;
        });
    }

    @Override
    public List<JsonNode> generateAppSet(JsonNode set) {
        return call(() -> appSetService().generate(typed(set, ApplicationSet.class)).stream()
                .map(this::tree)
                .toList());
    }

    private ApplicationSetService appSetService() {
        return new ApplicationSetService(
                client, namespace, Authorizer.open(), ApplicationStore.unwatched(client, settings), () -> {
                    throw new CliException("appset generate needs a Sextant server: log in with 'sextant login'"
                            + " (the core mode has no repository cache to run generators with)");
                });
    }

    @Override
    public List<JsonNode> repositories() {
        return call(() -> {
            List<JsonNode> out = new ArrayList<>();
            new RepositoryService(client, settings).list().path("items").forEach(out::add);
            return out;
        });
    }

    @Override
    public JsonNode addRepository(JsonNode request, boolean upsert) {
        return call(() -> new RepositoryService(client, settings)
                .create(typed(request, RepositoryService.RepositoryRequest.class), upsert));
    }

    @Override
    public List<JsonNode> clusters() {
        return call(() -> {
            List<JsonNode> out = new ArrayList<>();
            new ClusterService(client, settings).list().path("items").forEach(out::add);
            return out;
        });
    }

    @Override
    public JsonNode cluster(String serverOrName) {
        return call(() -> new ClusterService(client, settings).get(serverOrName));
    }

    @Override
    public JsonNode addCluster(JsonNode cluster, boolean upsert) {
        return call(() -> new ClusterService(client, settings).create(cluster, upsert));
    }

    @Override
    public JsonNode renameCluster(String serverOrName, String name) {
        return call(() -> new ClusterService(client, settings).rename(serverOrName, name));
    }

    @Override
    public void removeCluster(String serverOrName) {
        call(() -> {
            new ClusterService(client, settings).delete(serverOrName);
            return null;
        });
    }

    @Override
    public JsonNode manifests(String name, String revision) {
        return call(() -> {
            LocalSource.Result r = LocalSource.render(client, namespace, applications.get(name), revision);
            var out = client.getKubernetesSerialization().convertValue(Map.of(), ObjectNode.class);
            var manifests = out.putArray("manifests");
            r.manifests()
                    .forEach(m -> manifests.add(SecretMasker.maskIfSecret(m).toString()));
            out.put("revision", r.revision());
            out.put("sourceType", r.sourceType());
            return out;
        });
    }

    @Override
    public JsonNode managedResources(String name) {
        return call(() -> LocalDiff.managedResources(client, namespace, applications.get(name)));
    }

    private ProjectService projectService() {
        return new ProjectService(client, settings, ApplicationStore.unwatched(client, settings));
    }

    @Override
    public JsonNode serverVersion() {
        return null;
    }

    /** The password in Secret sextant-initial-admin-secret (key {@code password}). */
    public String initialPassword() {
        Secret secret = call(() -> client.secrets()
                .inNamespace(namespace)
                .withName("sextant-initial-admin-secret")
                .get());
        if (secret == null || secret.getData() == null || secret.getData().get("password") == null) {
            throw new CliException("secret sextant-initial-admin-secret not found in namespace " + namespace
                    + " (the admin password was changed, or Sextant has not started yet)");
        }
        return new String(Base64.getDecoder().decode(secret.getData().get("password")), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        client.close();
    }

    private static String user() {
        return System.getProperty("user.name", "cli");
    }

    private JsonNode tree(Object o) {
        return client.getKubernetesSerialization().convertValue(o, JsonNode.class);
    }

    private <T> T typed(JsonNode node, Class<T> type) {
        try {
            return client.getKubernetesSerialization().convertValue(node, type);
        } catch (IllegalArgumentException e) {
            throw new CliException("invalid " + type.getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Turns the service's and the client's failures into one-line messages. */
    private <T> T call(Supplier<T> action) {
        try {
            return action.get();
        } catch (NotFoundException
                | OperationRefusedException
                | IllegalArgumentException
                | RepoException
                | DiffException e) {
            throw new CliException(e.getMessage(), e);
        } catch (KubernetesClientException e) {
            throw new CliException(kubeMessage(e), e);
        }
    }

    private String kubeMessage(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return e.getStatus().getMessage();
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String url = client.getConfiguration().getMasterUrl();
        if (root instanceof ConnectException) {
            return "cannot reach the Kubernetes API server at " + url + ": connection refused";
        }
        return "Kubernetes API call to " + url + " failed: " + (e.getMessage() == null ? root : e.getMessage());
    }
}
