package io.sextant.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sextant.model.ResourceKey;
import java.util.List;

/**
 * One app's resource tree and managed resources, typed and in the Argo JSON the API answered before the
 * reads were typed (written out by hand from that code: field order, an empty namespace, parentRefs, health
 * and images left out, the states as JSON text, {@code "null"} for an absent one, a null diff kept).
 */
public final class ResourceSamples {

    private ResourceSamples() {}

    private static final ResourceKey DEPLOYMENT = new ResourceKey("apps", "Deployment", "demo", "worker");
    private static final ResourceKey REPLICA_SET = new ResourceKey("apps", "ReplicaSet", "demo", "worker-5d");
    private static final String CREATED = "2026-01-02T03:04:05Z";

    public static final ResourceTree TREE = new ResourceTree(List.of(
            new ResourceTree.Node(
                    DEPLOYMENT,
                    "v1",
                    "u-dep",
                    "101",
                    CREATED,
                    List.of(),
                    new ResourceTree.NodeHealth("Healthy", null),
                    List.of()),
            new ResourceTree.Node(
                    REPLICA_SET,
                    "v1",
                    "u-rs",
                    "102",
                    CREATED,
                    List.of(new ResourceTree.Parent(DEPLOYMENT, "u-dep")),
                    null,
                    List.of()),
            new ResourceTree.Node(
                    new ResourceKey("", "Pod", "demo", "worker-5d-x7"),
                    "v1",
                    "u-pod",
                    "103",
                    CREATED,
                    List.of(new ResourceTree.Parent(REPLICA_SET, "u-rs")),
                    new ResourceTree.NodeHealth("Progressing", "waiting for \"worker\""),
                    List.of("dockercoins/worker:v0.1", "busybox")),
            new ResourceTree.Node(
                    new ResourceKey("", "Namespace", "", "demo"),
                    "v1",
                    "u-ns",
                    "7",
                    CREATED,
                    List.of(),
                    null,
                    List.of())));

    public static final String TREE_JSON = String.join(
            "",
            "{\"nodes\":[",
            "{\"group\":\"apps\",\"kind\":\"Deployment\",\"namespace\":\"demo\",\"name\":\"worker\",\"version\":\"v1\",",
            "\"uid\":\"u-dep\",\"resourceVersion\":\"101\",\"createdAt\":\"2026-01-02T03:04:05Z\",",
            "\"health\":{\"status\":\"Healthy\"}},",
            "{\"group\":\"apps\",\"kind\":\"ReplicaSet\",\"namespace\":\"demo\",\"name\":\"worker-5d\",\"version\":\"v1\",",
            "\"uid\":\"u-rs\",\"resourceVersion\":\"102\",\"createdAt\":\"2026-01-02T03:04:05Z\",",
            "\"parentRefs\":[{\"group\":\"apps\",\"kind\":\"Deployment\",\"namespace\":\"demo\",\"name\":\"worker\",",
            "\"uid\":\"u-dep\"}]},",
            "{\"group\":\"\",\"kind\":\"Pod\",\"namespace\":\"demo\",\"name\":\"worker-5d-x7\",\"version\":\"v1\",",
            "\"uid\":\"u-pod\",\"resourceVersion\":\"103\",\"createdAt\":\"2026-01-02T03:04:05Z\",",
            "\"parentRefs\":[{\"group\":\"apps\",\"kind\":\"ReplicaSet\",\"namespace\":\"demo\",\"name\":\"worker-5d\",",
            "\"uid\":\"u-rs\"}],",
            "\"health\":{\"status\":\"Progressing\",\"message\":\"waiting for \\\"worker\\\"\"},",
            "\"images\":[\"dockercoins/worker:v0.1\",\"busybox\"]},",
            "{\"group\":\"\",\"kind\":\"Namespace\",\"name\":\"demo\",\"version\":\"v1\",",
            "\"uid\":\"u-ns\",\"resourceVersion\":\"7\",\"createdAt\":\"2026-01-02T03:04:05Z\"}",
            "]}");

    public static final List<ManagedResource> MANAGED = List.of(
            new ManagedResource(
                    DEPLOYMENT,
                    "v1",
                    json("{\"kind\":\"Deployment\",\"spec\":{\"replicas\":2,\"ratio\":0.5}}"),
                    json("{\"kind\":\"Deployment\",\"spec\":{\"replicas\":1,\"ratio\":0.5}}"),
                    "-  replicas: 1\n+  replicas: 2",
                    false,
                    1),
            new ManagedResource(
                    new ResourceKey("", "ConfigMap", "demo", "left-over"),
                    "v1",
                    null,
                    json("{\"kind\":\"ConfigMap\",\"data\":{\"k\":\"v\"}}"),
                    null,
                    true,
                    null),
            new ManagedResource(
                    new ResourceKey("", "Namespace", "", "missing"),
                    null,
                    json("{\"kind\":\"Namespace\"}"),
                    null,
                    "",
                    false,
                    null));

    public static final String MANAGED_JSON = String.join(
            "",
            "{\"items\":[",
            "{\"group\":\"apps\",\"kind\":\"Deployment\",\"namespace\":\"demo\",\"name\":\"worker\",\"version\":\"v1\",",
            "\"targetState\":\"{\\\"kind\\\":\\\"Deployment\\\",\\\"spec\\\":{\\\"replicas\\\":2,\\\"ratio\\\":0.5}}\",",
            "\"liveState\":\"{\\\"kind\\\":\\\"Deployment\\\",\\\"spec\\\":{\\\"replicas\\\":1,\\\"ratio\\\":0.5}}\",",
            "\"normalizedLiveState\":\"{\\\"kind\\\":\\\"Deployment\\\",\\\"spec\\\":{\\\"replicas\\\":1,\\\"ratio\\\":0.5}}\",",
            "\"predictedLiveState\":\"{\\\"kind\\\":\\\"Deployment\\\",\\\"spec\\\":{\\\"replicas\\\":2,\\\"ratio\\\":0.5}}\",",
            "\"diff\":\"-  replicas: 1\\n+  replicas: 2\",\"sourceIndex\":1},",
            "{\"group\":\"\",\"kind\":\"ConfigMap\",\"namespace\":\"demo\",\"name\":\"left-over\",\"version\":\"v1\",",
            "\"targetState\":\"null\",",
            "\"liveState\":\"{\\\"kind\\\":\\\"ConfigMap\\\",\\\"data\\\":{\\\"k\\\":\\\"v\\\"}}\",",
            "\"normalizedLiveState\":\"{\\\"kind\\\":\\\"ConfigMap\\\",\\\"data\\\":{\\\"k\\\":\\\"v\\\"}}\",",
            "\"predictedLiveState\":\"null\",",
            "\"diff\":null,\"requiresPruning\":true},",
            "{\"group\":\"\",\"kind\":\"Namespace\",\"name\":\"missing\",\"version\":null,",
            "\"targetState\":\"{\\\"kind\\\":\\\"Namespace\\\"}\",",
            "\"liveState\":\"null\",\"normalizedLiveState\":\"null\",",
            "\"predictedLiveState\":\"{\\\"kind\\\":\\\"Namespace\\\"}\",",
            "\"diff\":\"\"}",
            "]}");

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
