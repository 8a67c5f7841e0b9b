package io.sextant.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sextant.controller.ComparedResource;
import io.sextant.controller.Comparison;
import io.sextant.controller.ControllerReads;
import io.sextant.controller.MultiSource;
import io.sextant.controller.Rendered;
import io.sextant.controller.SourceRevisions;
import io.sextant.diff.SecretMasker;
import io.sextant.model.AppKey;
import io.sextant.model.Application;
import io.sextant.model.ResourceKey;
import io.sextant.repo.git.CommitInfo;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an Application's resources look like, for the API's {@code managed-resources} (target and
 * live state per resource, Secrets masked) and {@code resource-tree} (the managed objects and what
 * they own: Deployment → ReplicaSet → Pod), as typed values ({@link ManagedResource},
 * {@link ResourceTree}) the API writes in Argo's JSON and the pages draw. Both come from the controller of
 * this process ({@link ControllerReads}), or from the one {@code sextant.controller-url} names
 * ({@link RemoteController}); a server-only process without one answers that the app has not been
 * compared yet.
 */
@ApplicationScoped
public class ApplicationResources {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final ApplicationService applications;
    private final ControllerReads controller;
    private final KubernetesClient client;
    private final RemoteController remote;

    public ApplicationResources(
            ApplicationService applications,
            ControllerReads controller,
            KubernetesClient client,
            RemoteController remote) {
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
        return !controller.runsController() && remote.available();
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
        boolean multi = MultiSource.of(app);
        if (!multi && app.getSpec().getSource() == null) {
            throw new IllegalArgumentException("application '" + name + "' has no spec.source");
        }
        // An explicit revision is resolved against the repository as it is now (one fetch), as Argo's
        // repo server does; the app's own revision comes from this round's fetch. With several sources,
        // revision holds one revision per source, comma-separated (blank: that source's targetRevision).
        boolean explicit = revision != null && !revision.isBlank();
        Rendered rendered;
        if (multi) {
            List<String> each = explicit ? java.util.Arrays.asList(revision.split(",", -1)) : null;
            int count = app.getSpec().getSources().size();
            if (each != null && each.size() > count) {
                throw new IllegalArgumentException("revision names " + each.size() + " sources (one per comma-"
                        + "separated entry) but application '" + name + "' has " + count);
            }
            rendered = source.renderSources(app, app.getSpec().getSources(), each, explicit, false);
        } else {
            String wanted = explicit ? revision : app.getSpec().getSource().getTargetRevision();
            rendered = source.render(app, app.getSpec().getSource(), wanted, explicit, false);
        }
        ObjectNode out = F.objectNode();
        ArrayNode manifests = out.putArray("manifests");
        rendered.manifests()
                .forEach(m -> manifests.add(SecretMasker.maskIfSecret(m).toString()));
        out.put("namespace", app.getSpec().getDestination().getNamespace());
        out.put("server", app.getSpec().getDestination().getServer());
        if (multi) {
            ArrayNode revisions = out.putArray("revisions");
            SourceRevisions.split(rendered.revision()).forEach(revisions::add);
            ArrayNode types = out.putArray("sourceTypes");
            SourceRevisions.split(rendered.sourceType()).forEach(types::add);
        } else {
            out.put("revision", rendered.revision());
            out.put("sourceType", rendered.sourceType());
        }
        return out;
    }

    /** Argo's RevisionMetadata: {@code {"author", "date", "tags", "message"}} of a commit of the app's repository. */
    public ObjectNode revisionMetadata(String name, String revision) {
        return revisionMetadata(name, revision, null);
    }

    /** As above, of the source at {@code sourceIndex} (counting from 0, Argo's query parameter) of a multi-source app. */
    public ObjectNode revisionMetadata(String name, String revision, Integer sourceIndex) {
        Application app = applications.get(name);
        if (fromRemote()) {
            return remote.application(
                    name,
                    "revisions/"
                            + URLEncoder.encode(revision, StandardCharsets.UTF_8)
                                    .replace("+", "%20")
                            + "/metadata",
                    query("sourceIndex", sourceIndex == null ? null : sourceIndex.toString()));
        }
        var source = controller.manifestSource().orElseThrow(() -> noController("reads no commits"));
        CommitInfo commit = source.commit(app, revision, sourceIndex == null ? 0 : sourceIndex);
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
        String ns = namespace == null ? "" : namespace;
        return resourceTree(app).nodes().stream()
                .anyMatch(n ->
                        resourceName.equals(n.key().name()) && ns.equals(n.key().namespace()));
    }

    /**
     * Each resource of the app's latest comparison (Argo's ManagedResourcesResponse in the API), Secret
     * values masked.
     */
    public List<ManagedResource> managedResources(String name) {
        applications.get(name);
        if (fromRemote()) {
            return remote.managedResources(name);
        }
        Comparison c = comparison(name);
        List<ManagedResource> out = new ArrayList<>(c.resources().size());
        for (ComparedResource r : c.resources()) {
            // The comparison holds the states normalised and masked already; masked here as well, so no
            // Secret value leaves through this read whatever the comparison holds.
            out.add(new ManagedResource(
                    r.key(),
                    r.version(),
                    r.target() == null ? null : SecretMasker.maskIfSecret(r.target()),
                    r.live() == null ? null : SecretMasker.maskIfSecret(r.live()),
                    r.diff(),
                    r.requiresPruning(),
                    r.sourceIndex()));
        }
        return out;
    }

    /**
     * The app's resource tree (Argo's ApplicationTree in the API): the live objects of its managed
     * resources and what they own, found in the live state of the app's destination cluster; empty while
     * that cluster cannot be had.
     */
    public ResourceTree resourceTree(String name) {
        Application app = applications.get(name);
        if (fromRemote()) {
            return remote.resourceTree(name);
        }
        Comparison c = comparison(name);
        if (!controller.runsController()) {
            throw noController("has no resource tree");
        }
        ControllerReads.LiveState cache = controller.liveObjects(app).orElse(null);
        if (cache == null) {
            return ResourceTree.EMPTY;
        }
        List<ResourceTree.Node> nodes = new ArrayList<>();
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
            ResourceKey key = ResourceKey.of(obj);
            String apiVersion = obj.path("apiVersion").asText();
            List<ResourceTree.Parent> parents = next[1] == null
                    ? List.of()
                    : List.of(new ResourceTree.Parent(
                            ResourceKey.of(next[1]),
                            next[1].path("metadata").path("uid").asText()));
            ResourceTree.NodeHealth health = c.resources().stream()
                    .filter(r -> r.key().equals(key)
                            && r.healthStatus() != null
                            && !r.healthStatus().isEmpty())
                    .findFirst()
                    .map(r -> new ResourceTree.NodeHealth(
                            r.healthStatus(),
                            r.healthMessage() == null || r.healthMessage().isEmpty() ? null : r.healthMessage()))
                    .orElse(null);
            List<String> images = new ArrayList<>();
            for (JsonNode container : obj.path("spec").path("containers")) {
                images.add(container.path("image").asText());
            }
            nodes.add(new ResourceTree.Node(
                    key,
                    apiVersion.contains("/") ? apiVersion.substring(apiVersion.indexOf('/') + 1) : apiVersion,
                    uid,
                    obj.path("metadata").path("resourceVersion").asText(),
                    obj.path("metadata").path("creationTimestamp").asText(),
                    parents,
                    health,
                    images));
            for (ObjectNode child : cache.childrenOf(uid)) {
                todo.add(new JsonNode[] {child, obj});
            }
        }
        return new ResourceTree(nodes);
    }

    /**
     * The live object of one node of the app's resource tree (a managed resource or something it owns),
     * Secret values masked; empty when this process has no controller or the node is not in the tree,
     * so no other object of the cluster can be read this way.
     */
    public Optional<JsonNode> liveObject(String name, ResourceKey key) {
        if (fromRemote()) {
            // Only the managed resources' live states travel: what they own has none here.
            return managedResources(name).stream()
                    .filter(r -> r.key().equals(key) && r.live() != null)
                    .findFirst()
                    .map(ManagedResource::live);
        }
        if (!controller.runsController()) {
            return Optional.empty();
        }
        if (resourceTree(name).nodes().stream().anyMatch(n -> n.key().equals(key))) {
            return controller
                    .liveObjects(applications.get(name))
                    .flatMap(c -> c.get(key))
                    .map(SecretMasker::maskIfSecret);
        }
        return Optional.empty();
    }

    private static OperationRefusedException noController(String consequence) {
        return new OperationRefusedException(
                "this Sextant process runs no controller (sextant.roles), so it " + consequence);
    }

    private Comparison comparison(String name) {
        return controller
                .comparison(AppKey.parse(name))
                .orElseThrow(() -> new OperationRefusedException(
                        "application '" + name + "' has not been compared yet; try again in a moment"));
    }
}
