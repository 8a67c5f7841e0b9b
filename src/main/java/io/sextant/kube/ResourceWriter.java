package io.sextant.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.sextant.model.ResourceKey;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Writes objects to the cluster the ways a sync asks for: server-side apply with Sextant's field
 * manager (conflicts forced, as Argo CD's server-side apply does), client-side apply (a JSON merge
 * patch against the {@code kubectl.kubernetes.io/last-applied-configuration} annotation, which it
 * keeps up to date, as {@code kubectl apply} does), replace, create (hooks, generateName included) and
 * delete with a propagation policy. Every write can be a dry run.
 *
 * <p>Errors are the API server's {@link KubernetesClientException}; {@link #reason} gives the
 * server's own message for a sync result. Thread-safe.
 */
public final class ResourceWriter implements ClusterWriter {

    public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    private final KubernetesClient client;
    private final ApiDiscovery discovery;
    private final DryRunApplier predictions;
    private volatile Consumer<ObjectNode> stored = o -> {};

    /** @param predictions told what each server-side apply stored, so the next comparison skips a dry run; may be null */
    public ResourceWriter(KubernetesClient client, ApiDiscovery discovery, DryRunApplier predictions) {
        this.client = client;
        this.discovery = discovery;
        this.predictions = predictions;
    }

    /** Who hears of every object this writer stored (not dry runs): the live-state cache. */
    public void onStored(Consumer<ObjectNode> listener) {
        this.stored = listener;
    }

    @Override
    public ObjectNode apply(ObjectNode manifest, Mode mode, boolean force, boolean dryRun) {
        GenericKubernetesResource resource = toResource(manifest);
        Resource<GenericKubernetesResource> op = handle(manifest);
        GenericKubernetesResource result = switch (mode) {
            case SERVER_SIDE -> {
                var ssa = dryRun ? client.resource(resource).dryRun() : client.resource(resource);
                yield ssa.fieldManager(CrdInstaller.FIELD_MANAGER)
                        .forceConflicts()
                        .serverSideApply();
            }
            case CLIENT_SIDE -> clientSideApply(manifest, op, dryRun);
            case REPLACE -> replace(resource, op, force, dryRun);
        };
        ObjectNode written = toTree(result);
        if (mode == Mode.SERVER_SIDE && !dryRun && predictions != null) {
            predictions.remember(manifest, written);
        }
        if (!dryRun) {
            stored.accept(written);
        }
        return written;
    }

    @Override
    public ObjectNode create(ObjectNode manifest, boolean dryRun) {
        GenericKubernetesResource resource = toResource(manifest);
        var op = dryRun ? client.resource(resource).dryRun() : client.resource(resource);
        ObjectNode written = toTree(op.create());
        if (!dryRun) {
            stored.accept(written);
        }
        return written;
    }

    /** The object as stored now, read from the API server (not a cache). */
    @Override
    public Optional<ObjectNode> get(String apiVersion, ResourceKey key) {
        Optional<ResourceDefinitionContext> ctx = discovery.find(apiVersion, key.kind());
        if (ctx.isEmpty()) {
            return Optional.empty();
        }
        GenericKubernetesResource found = byKey(ctx.get(), key).get();
        return Optional.ofNullable(found).map(this::toTree);
    }

    /**
     * Deletes the object. @return false when it was already gone
     *
     * @param propagation foreground, background or orphan
     */
    @Override
    public boolean delete(String apiVersion, ResourceKey key, String propagation, boolean dryRun) {
        ResourceDefinitionContext ctx = discovery.require(apiVersion, key.kind());
        var op = byKey(ctx, key);
        var deletable = (dryRun ? op.dryRun() : op).withPropagationPolicy(propagation(propagation));
        return !deletable.delete().isEmpty();
    }

    /**
     * Whether a failed request says nothing about the object, only that the API server could not take it now:
     * no answer at all (down, restarting, cut off), credentials not (yet) accepted (401), throttled (429), or
     * failing as a server (500, 502, 503, 504). A sync waits and tries such a write again rather than failing
     * the operation, as it does when such an answer comes to a read between writes; anything else (a refused
     * object: 400, 403, 404, 409, 422) is the object's result.
     */
    public static boolean transientFailure(KubernetesClientException e) {
        int code = e.getCode();
        if (tooLarge(e)) {
            return false; // the same write is as large the next time: retrying it would loop
        }
        if (code > 0) {
            return code == 401 || code == 429 || code >= 500;
        }
        // No HTTP answer (fabric8's code 0 or -1): transient when the connection failed (refused, reset, closed,
        // timed out), not when the request could not even be made (a manifest that does not serialize).
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            String type = t.getClass().getName();
            if (t instanceof java.io.IOException
                    || t instanceof java.util.concurrent.TimeoutException
                    || type.startsWith("io.vertx.")
                    || type.startsWith("io.netty.")) {
                return true;
            }
        }
        return e.getCause() == null && code == 0; // a bare "connect timed out" as some clients report it
    }

    /**
     * Whether the API server refused a write for its size: its own request limit (413, 3 MiB by default) or
     * etcd's (a 500 whose message is etcd's "request is too large", 1.5 MiB by default).
     */
    public static boolean tooLarge(KubernetesClientException e) {
        if (e.getCode() == 413) {
            return true;
        }
        String message = reason(e);
        return e.getCode() >= 500 && message != null && message.contains("request is too large");
    }

    /** The API server's message for a failed write, without the request URL around it. */
    public static String reason(KubernetesClientException e) {
        if (e.getStatus() != null
                && e.getStatus().getMessage() != null
                && !e.getStatus().getMessage().isBlank()) {
            return e.getStatus().getMessage();
        }
        return String.valueOf(e.getMessage());
    }

    private GenericKubernetesResource clientSideApply(
            ObjectNode manifest, Resource<GenericKubernetesResource> op, boolean dryRun) {
        ObjectNode desired = manifest.deepCopy();
        ObjectNode withAnnotation = desired.deepCopy();
        ObjectNode annotations = withAnnotation.with("metadata").with("annotations");
        annotations.put(LAST_APPLIED, desired.toString());
        GenericKubernetesResource live = op.get();
        if (live == null) {
            var create = dryRun
                    ? client.resource(toResource(withAnnotation)).dryRun()
                    : client.resource(toResource(withAnnotation));
            return create.create();
        }
        ObjectNode liveTree = toTree(live);
        JsonNode lastText = liveTree.path("metadata").path("annotations").path(LAST_APPLIED);
        ObjectNode last = lastText.isTextual() ? parse(lastText.asText()) : JsonNodeFactory.instance.objectNode();
        ObjectNode patch = mergePatch(last, withAnnotation);
        var target = dryRun ? op.dryRun() : op;
        return target.patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
    }

    private GenericKubernetesResource replace(
            GenericKubernetesResource resource, Resource<GenericKubernetesResource> op, boolean force, boolean dryRun) {
        GenericKubernetesResource live = op.get();
        var target = dryRun ? client.resource(resource).dryRun() : client.resource(resource);
        if (live == null) {
            return target.create();
        }
        if (force) {
            // Replace=true with Force=true: delete and create, for fields the server will not change in place.
            if (!dryRun) {
                op.withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
                op.waitUntilCondition(r -> r == null, 60, TimeUnit.SECONDS);
            }
            return target.create();
        }
        resource.getMetadata().setResourceVersion(live.getMetadata().getResourceVersion());
        return target.update();
    }

    /**
     * A JSON merge patch taking an object written as {@code last} to {@code desired}: fields of
     * {@code last} that {@code desired} dropped are removed, others set. Fields nobody wrote (the
     * server's defaults, other managers') are left alone, as kubectl's three-way merge does.
     */
    static ObjectNode mergePatch(ObjectNode last, ObjectNode desired) {
        ObjectNode patch = desired.deepCopy();
        Iterator<Map.Entry<String, JsonNode>> fields = last.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode now = desired.get(f.getKey());
            if (now == null) {
                patch.putNull(f.getKey());
            } else if (now.isObject() && f.getValue().isObject()) {
                patch.set(f.getKey(), mergePatch((ObjectNode) f.getValue(), (ObjectNode) now));
            }
        }
        return patch;
    }

    private Resource<GenericKubernetesResource> handle(ObjectNode manifest) {
        String apiVersion = manifest.path("apiVersion").asText();
        ResourceDefinitionContext ctx =
                discovery.require(apiVersion, manifest.path("kind").asText());
        return byKey(ctx, ResourceKey.of(manifest));
    }

    private Resource<GenericKubernetesResource> byKey(ResourceDefinitionContext ctx, ResourceKey key) {
        var all = client.genericKubernetesResources(ctx);
        return ctx.isNamespaceScoped()
                ? all.inNamespace(key.namespace()).withName(key.name())
                : all.withName(key.name());
    }

    private static DeletionPropagation propagation(String name) {
        if (name == null) {
            return DeletionPropagation.FOREGROUND;
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "background" -> DeletionPropagation.BACKGROUND;
            case "orphan" -> DeletionPropagation.ORPHAN;
            default -> DeletionPropagation.FOREGROUND;
        };
    }

    private GenericKubernetesResource toResource(ObjectNode manifest) {
        return client.getKubernetesSerialization().convertValue(manifest, GenericKubernetesResource.class);
    }

    private ObjectNode toTree(GenericKubernetesResource resource) {
        return client.getKubernetesSerialization().convertValue(resource, ObjectNode.class);
    }

    private ObjectNode parse(String json) {
        try {
            JsonNode node = client.getKubernetesSerialization().unmarshal(json, JsonNode.class);
            return node instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
        } catch (RuntimeException e) {
            return JsonNodeFactory.instance.objectNode();
        }
    }
}
