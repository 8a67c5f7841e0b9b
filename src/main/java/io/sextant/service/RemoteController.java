package io.sextant.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sextant.auth.InternalRequests;
import io.sextant.config.SextantConfig;
import io.sextant.model.AppKey;
import io.sextant.model.ResourceKey;
import io.sextant.repo.git.Redactor;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a server without the controller role reads from a controller process
 * ({@code sextant.controller-url}): an application's resource tree, managed resources, rendered
 * manifests and revision metadata, through the controller's own API, signed as an internal read
 * ({@link io.sextant.auth.InternalRequests}). The tree and the managed resources arrive in Argo's JSON
 * and are read here, once, into the typed values the local controller gives too. The caller has checked RBAC already. A controller that
 * cannot be reached, or refuses, gives a message that names it. Thread-safe.
 */
@ApplicationScoped
public class RemoteController {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Optional<URI> base;
    private final SessionService sessions;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final ControllerReplicas replicas;

    public RemoteController(
            SextantConfig config, SessionService sessions, KubernetesClient client, ApplicationStore store) {
        this.base =
                config.controllerUrl().filter(u -> !u.isBlank()).map(u -> URI.create(u.endsWith("/") ? u : u + "/"));
        this.sessions = sessions;
        this.replicas = new ControllerReplicas(client, config.namespace(), store::find);
    }

    public boolean available() {
        return base.isPresent();
    }

    /** The controller's {@code resource-tree} of the app. */
    public ResourceTree resourceTree(String name) {
        return tree(application(name, "resource-tree", ""));
    }

    /** The controller's {@code managed-resources} of the app. */
    public List<ManagedResource> managedResources(String name) {
        return managed(application(name, "managed-resources", ""));
    }

    /** An ApplicationTree as the API writes it, read back. */
    static ResourceTree tree(JsonNode json) {
        List<ResourceTree.Node> nodes = new ArrayList<>();
        for (JsonNode n : json.path("nodes")) {
            List<ResourceTree.Parent> parents = new ArrayList<>();
            for (JsonNode p : n.path("parentRefs")) {
                parents.add(new ResourceTree.Parent(key(p), text(p, "uid")));
            }
            JsonNode h = n.path("health");
            List<String> images = new ArrayList<>();
            n.path("images").forEach(i -> images.add(i.asText()));
            nodes.add(new ResourceTree.Node(
                    key(n),
                    text(n, "version"),
                    text(n, "uid"),
                    text(n, "resourceVersion"),
                    text(n, "createdAt"),
                    parents,
                    h.isObject() ? new ResourceTree.NodeHealth(text(h, "status"), text(h, "message")) : null,
                    images));
        }
        return new ResourceTree(nodes);
    }

    /** A ManagedResourcesResponse as the API writes it, read back; the states travel as JSON text. */
    static List<ManagedResource> managed(JsonNode json) {
        List<ManagedResource> out = new ArrayList<>();
        for (JsonNode item : json.path("items")) {
            out.add(new ManagedResource(
                    key(item),
                    text(item, "version"),
                    state(item, "targetState"),
                    state(item, "liveState"),
                    text(item, "diff"),
                    item.path("requiresPruning").asBoolean(false),
                    item.path("sourceIndex").isInt() ? item.path("sourceIndex").asInt() : null));
        }
        return out;
    }

    private static ResourceKey key(JsonNode node) {
        return new ResourceKey(
                node.path("group").asText(""),
                node.path("kind").asText(),
                node.path("namespace").asText(""),
                node.path("name").asText());
    }

    /** The field's text; null when absent or JSON null, as the writer leaves it. */
    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }

    private static JsonNode state(JsonNode item, String field) {
        String text = item.path(field).asText("null");
        if (text.equals("null")) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new OperationRefusedException("the application controller sent a " + field + " that is not JSON");
        }
    }

    /** GET {@code /api/v1/applications/<name>/<what>} of the controller. */
    public ObjectNode application(String name, String what, String query) {
        String key = AppKey.parse(name);
        String namespace = AppKey.namespace(key);
        String params = namespace.equals(AppKey.controlPlane())
                ? query
                : "appNamespace=" + URLEncoder.encode(namespace, StandardCharsets.UTF_8)
                        + (query == null || query.isEmpty() ? "" : "&" + query);
        String path = "/api/v1/applications/"
                + URLEncoder.encode(AppKey.name(key), StandardCharsets.UTF_8).replace("+", "%20")
                + "/" + what + (params == null || params.isEmpty() ? "" : "?" + params);
        // The replica that owns the app: only it has compared it.
        URI controller = replicas.baseFor(key, base.orElseThrow());
        URI uri = controller.resolve(path.substring(1));
        String pathAndQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("Accept", "application/json")
                .header(InternalRequests.HEADER, sessions.internal().sign(pathAndQuery))
                .GET()
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new OperationRefusedException("the application controller at "
                    + Redactor.redact(controller.toString()) + " cannot be reached: "
                    + Redactor.redact(String.valueOf(e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationRefusedException("interrupted while asking the application controller");
        }
        ObjectNode body;
        try {
            body = (ObjectNode) JSON.readTree(response.body());
        } catch (IOException | ClassCastException e) {
            throw new OperationRefusedException(
                    "the application controller answered " + response.statusCode() + " without JSON");
        }
        if (response.statusCode() != 200) {
            // Its own error, e.g. "has not been compared yet": said as it said it.
            throw new OperationRefusedException(
                    body.path("message").asText("the application controller answered " + response.statusCode()));
        }
        return body;
    }
}
