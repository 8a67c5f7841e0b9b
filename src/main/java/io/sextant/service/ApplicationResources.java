package io.sextant.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sextant.cache.LiveStateCache;
import io.sextant.controller.ApplicationController;
import io.sextant.controller.ComparedResource;
import io.sextant.controller.Comparison;
import io.sextant.controller.Rendered;
import io.sextant.diff.SecretMasker;
import io.sextant.model.AppKey;
import io.sextant.model.Application;
import io.sextant.model.ResourceKey;
import io.sextant.repo.git.CommitInfo;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * What an Application's resources look like, for the API's {@code managed-resources} (target and
 * live state per resource, Secrets masked) and {@code resource-tree} (the managed objects and what
 * they own: Deployment → ReplicaSet → Pod). Both come from the controller of this process; a
 * server-only process answers that it has no comparison yet.
 */
@ApplicationScoped
public class ApplicationResources {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final ApplicationService applications;
    private final ApplicationController controller;
    private final KubernetesClient client;
    private final ControllerReads remote;

    public ApplicationResources(
            ApplicationService applications,
            ApplicationController controller,
            KubernetesClient client,
            ControllerReads remote) {
        this.applications = applications;
        this.controller = controller;
        this.client = client;
        this.remote = remote;
    }

    /**
     * Whether this process answers from a controller elsewhere: it runs none itself and
     * {@code sextant.controller-url} says where one is.
     */
    private boolean fromRemote() {
        return controller.liveState().isEmpty() && remote.available();
    }

    private static String query(String name, String value) {
        return value == null || value.isBlank() ? "" : name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * Argo's ManifestResponse for {@code revision} (the app's targetRevision when blank):
     * {@code {"manifests": [JSON text...], "namespace", "server", "revision", "sourceType"}}, Secret
     * values masked as everywhere else.
     */
    public ObjectNode manifests(String name, String revision) {
        Application app = applications.get(name);
        if (fromRemote()) {
            return remote.application(name, "manifests", query("revision", revision));
        }
        var source = controller.manifestSource().orElseThrow(() -> noController("renders no manifests"));
        if (app.getSpec().getSource() == null) {
            throw new IllegalArgumentException("application '" + name + "' has no spec.source");
        }
        String wanted = revision == null || revision.isBlank()
                ? app.getSpec().getSource().getTargetRevision()
                : revision;
        // An explicit revision is resolved against the repository as it is now (one fetch), as Argo's
        // repo server does; the app's own revision comes from this round's fetch.
        boolean explicit = revision != null && !revision.isBlank();
        Rendered rendered = source.render(app, app.getSpec().getSource(), wanted, explicit, false);
        ObjectNode out = F.objectNode();
        ArrayNode manifests = out.putArray("manifests");
        rendered.manifests()
                .forEach(m -> manifests.add(SecretMasker.maskIfSecret(m).toString()));
        out.put("namespace", app.getSpec().getDestination().getNamespace());
        out.put("server", app.getSpec().getDestination().getServer());
        out.put("revision", rendered.revision());
        out.put("sourceType", rendered.sourceType());
        return out;
    }

    /** Argo's RevisionMetadata: {@code {"author", "date", "tags", "message"}} of a commit of the app's repository. */
    public ObjectNode revisionMetadata(String name, String revision) {
        Application app = applications.get(name);
        if (fromRemote()) {
            return remote.application(
                    name,
                    "revisions/"
                            + URLEncoder.encode(revision, StandardCharsets.UTF_8)
                                    .replace("+", "%20")
                            + "/metadata",
                    "");
        }
        var source = controller.manifestSource().orElseThrow(() -> noController("reads no commits"));
        CommitInfo commit = source.commit(app, revision);
        ObjectNode out = F.objectNode();
        out.put("author", commit.author());
        out.put("date", commit.date().toString());
        ArrayNode tags = out.putArray("tags");
        commit.tags().forEach(tags::add);
        out.put("message", commit.message());
        return out;
    }

    /**
     * The Kubernetes Events of the Application, or of one of its resources when
     * {@code resourceName} is given (Argo's {@code /events}): a {@code {"items": [...]}} list, newest last.
     * The resource must be in the app's resource tree (its own resources and their children): the
     * app's viewers may read its Events, not those of any object in the cluster (security review M3).
     *
     * @throws NotFoundException when the resource is not part of the app, whether it exists or not
     */
    public ObjectNode events(String name, String resourceNamespace, String resourceName, String resourceUID) {
        Application app = applications.get(name);
        String namespace = resourceNamespace == null || resourceNamespace.isBlank()
                ? app.getSpec().getDestination().getNamespace()
                : resourceNamespace;
        if (resourceName != null && !resourceName.isBlank() && !inTree(name, namespace, resourceName)) {
            throw new NotFoundException("resource " + (namespace == null || namespace.isEmpty() ? "" : namespace + "/")
                    + resourceName + " is not part of application '" + name + "'");
        }
        var list = resourceName == null || resourceName.isBlank()
                ? client.v1()
                        .events()
                        .inNamespace(app.getMetadata().getNamespace())
                        .withField("involvedObject.name", app.getMetadata().getName())
                        .withField("involvedObject.kind", "Application")
                        .list()
                : client.v1()
                        .events()
                        .inNamespace(namespace)
                        .withField("involvedObject.name", resourceName)
                        .list();
        ObjectNode out = F.objectNode();
        out.putObject("metadata");
        ArrayNode items = out.putArray("items");
        list.getItems().stream()
                .filter(e -> resourceUID == null
                        || resourceUID.isBlank()
                        || resourceUID.equals(e.getInvolvedObject().getUid()))
                .sorted(Comparator.comparing(e -> String.valueOf(
                        e.getLastTimestamp() != null
                                ? e.getLastTimestamp()
                                : e.getMetadata().getCreationTimestamp())))
                .forEach(e -> items.add(client.getKubernetesSerialization().convertValue(e, JsonNode.class)));
        return out;
    }

    private boolean inTree(String app, String namespace, String resourceName) {
        for (JsonNode node : resourceTree(app).path("nodes")) {
            if (resourceName.equals(node.path("name").asText())
                    && (namespace == null ? "" : namespace)
                            .equals(node.path("namespace").asText(""))) {
                return true;
            }
        }
        return false;
    }

    /** Argo's ManagedResourcesResponse: {@code {"items": [{group, kind, namespace, name, targetState, liveState, ...}]}}. */
    public ObjectNode managedResources(String name) {
        applications.get(name);
        if (fromRemote()) {
            return remote.application(name, "managed-resources", "");
        }
        Comparison c = comparison(name);
        ObjectNode out = F.objectNode();
        ArrayNode items = out.putArray("items");
        for (ComparedResource r : c.resources()) {
            ObjectNode item = items.addObject();
            key(item, r.key());
            item.put("version", r.version());
            // Argo sends the states as JSON text; the comparison holds them normalised and masked already.
            String target = r.target() == null
                    ? "null"
                    : SecretMasker.maskIfSecret(r.target()).toString();
            String live = r.live() == null
                    ? "null"
                    : SecretMasker.maskIfSecret(r.live()).toString();
            item.put("targetState", target);
            item.put("liveState", live);
            item.put("normalizedLiveState", live);
            item.put("predictedLiveState", target);
            item.put("diff", r.diff());
            if (r.requiresPruning()) {
                item.put("requiresPruning", true);
            }
        }
        return out;
    }

    /** Argo's ApplicationTree: {@code {"nodes": [{group, version, kind, namespace, name, uid, parentRefs, health, images}]}}. */
    public ObjectNode resourceTree(String name) {
        Application app = applications.get(name);
        if (fromRemote()) {
            return remote.application(name, "resource-tree", "");
        }
        Comparison c = comparison(name);
        controller.liveState().orElseThrow(() -> noController("has no resource tree"));
        // The live state of the app's own destination cluster (empty tree while that cluster cannot be had).
        LiveStateCache cache = controller.liveState(app).orElse(null);
        if (cache == null) {
            ObjectNode empty = F.objectNode();
            empty.putArray("nodes");
            return empty;
        }
        ObjectNode out = F.objectNode();
        ArrayNode nodes = out.putArray("nodes");
        Set<String> seen = new HashSet<>();
        Deque<JsonNode[]> todo = new ArrayDeque<>(); // {object, parent or null}
        for (ComparedResource r : c.resources()) {
            // No live state in the comparison: missing, or outside the project's bounds and never to be read.
            if (r.live() != null) {
                cache.get(r.key()).ifPresent(live -> todo.add(new JsonNode[] {live, null}));
            }
        }
        while (!todo.isEmpty() && nodes.size() < 10_000) {
            JsonNode[] next = todo.poll();
            JsonNode obj = next[0];
            String uid = obj.path("metadata").path("uid").asText();
            if (!seen.add(uid)) {
                continue;
            }
            ObjectNode node = nodes.addObject();
            key(node, ResourceKey.of(obj));
            String apiVersion = obj.path("apiVersion").asText();
            node.put(
                    "version",
                    apiVersion.contains("/") ? apiVersion.substring(apiVersion.indexOf('/') + 1) : apiVersion);
            node.put("uid", uid);
            node.put(
                    "resourceVersion",
                    obj.path("metadata").path("resourceVersion").asText());
            node.put("createdAt", obj.path("metadata").path("creationTimestamp").asText());
            if (next[1] != null) {
                ObjectNode parent = node.putArray("parentRefs").addObject();
                key(parent, ResourceKey.of(next[1]));
                parent.put("uid", next[1].path("metadata").path("uid").asText());
            }
            c.resources().stream()
                    .filter(r -> r.key().equals(ResourceKey.of(obj))
                            && r.healthStatus() != null
                            && !r.healthStatus().isEmpty())
                    .findFirst()
                    .ifPresent(r -> {
                        ObjectNode h = node.putObject("health");
                        h.put("status", r.healthStatus());
                        if (r.healthMessage() != null && !r.healthMessage().isEmpty()) {
                            h.put("message", r.healthMessage());
                        }
                    });
            ArrayNode images = F.arrayNode();
            for (JsonNode container : obj.path("spec").path("containers")) {
                images.add(container.path("image").asText());
            }
            if (!images.isEmpty()) {
                node.set("images", images);
            }
            for (ObjectNode child : cache.childrenOf(uid)) {
                todo.add(new JsonNode[] {child, obj});
            }
        }
        return out;
    }

    /**
     * The live object of one node of the app's resource tree (a managed resource or something it owns),
     * Secret values masked; empty when this process has no controller or the node is not in the tree,
     * so no other object of the cluster can be read this way.
     */
    public Optional<JsonNode> liveObject(String name, ResourceKey key) {
        var cache = controller.liveState();
        if (cache.isEmpty() && fromRemote()) {
            // Only the managed resources' live states travel: what they own has none here.
            for (JsonNode item : managedResources(name).path("items")) {
                ResourceKey itemKey = new ResourceKey(
                        item.path("group").asText(""),
                        item.path("kind").asText(),
                        item.path("namespace").asText(""),
                        item.path("name").asText());
                if (itemKey.equals(key) && !"null".equals(item.path("liveState").asText("null"))) {
                    try {
                        return Optional.of(new ObjectMapper()
                                .readTree(item.path("liveState").asText()));
                    } catch (IOException e) {
                        return Optional.empty();
                    }
                }
            }
            return Optional.empty();
        }
        if (cache.isEmpty()) {
            return Optional.empty();
        }
        for (JsonNode node : resourceTree(name).path("nodes")) {
            ResourceKey nodeKey = new ResourceKey(
                    node.path("group").asText(""),
                    node.path("kind").asText(),
                    node.path("namespace").asText(""),
                    node.path("name").asText());
            if (nodeKey.equals(key)) {
                return controller
                        .liveState(applications.get(name))
                        .flatMap(c -> c.get(key))
                        .map(SecretMasker::maskIfSecret);
            }
        }
        return Optional.empty();
    }

    private static OperationRefusedException noController(String consequence) {
        return new OperationRefusedException(
                "this Sextant process runs no controller (sextant.roles), so it " + consequence);
    }

    private Comparison comparison(String name) {
        return controller
                .comparisons()
                .get(AppKey.parse(name))
                .orElseThrow(() -> new OperationRefusedException(
                        "application '" + name + "' has not been compared yet; try again in a moment"));
    }

    private static void key(ObjectNode node, ResourceKey key) {
        node.put("group", key.group());
        node.put("kind", key.kind());
        if (!key.namespace().isEmpty()) {
            node.put("namespace", key.namespace());
        }
        node.put("name", key.name());
    }
}
