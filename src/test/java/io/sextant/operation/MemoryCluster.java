package io.sextant.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sextant.kube.ClusterWriter;
import io.sextant.model.ResourceKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A cluster in memory for the sync executor's unit tests: objects by key, the API server's answers a
 * sync depends on (409 on creating an existing object, a name for generateName, 404-as-absent), and
 * the knobs a test turns — objects that take a few reads to go away, writes refused with a message,
 * the API server down, a hook Job finishing. Every write is logged in order. Not thread-safe beyond
 * what the executor needs (its pooled writes are serialised here).
 */
final class MemoryCluster implements ClusterWriter {

    private final Map<String, ObjectNode> objects = new LinkedHashMap<>();
    private final List<String> log = new ArrayList<>();
    private final Map<String, String> refusals = new HashMap<>();
    private final Map<String, Integer> slowDeletes = new HashMap<>();
    private final Set<String> deleting = new HashSet<>();
    private int generated;
    boolean down;
    /** While set, every call gets this status from the API server (429 throttling, 5xx, 401). */
    int failing;

    @Override
    public synchronized ObjectNode apply(ObjectNode manifest, Mode mode, boolean force, boolean dryRun) {
        checkUp();
        ResourceKey key = ResourceKey.of(manifest);
        String refusal = refusals.get(key.kind() + "/" + key.name());
        if (refusal != null) {
            throw failure(422, refusal);
        }
        if (dryRun) {
            return manifest.deepCopy();
        }
        log.add("apply " + key.kind() + "/" + key.name());
        ObjectNode stored = manifest.deepCopy();
        ObjectNode old = objects.get(id(key));
        if (old != null && old.has("status")) {
            stored.set("status", old.get("status"));
        }
        objects.put(id(key), stored);
        return stored.deepCopy();
    }

    @Override
    public synchronized ObjectNode create(ObjectNode manifest, boolean dryRun) {
        checkUp();
        ObjectNode stored = manifest.deepCopy();
        ObjectNode meta = (ObjectNode) stored.get("metadata");
        if (meta.path("name").asText("").isEmpty()) {
            meta.put("name", meta.path("generateName").asText() + String.format("%05d", ++generated));
        }
        ResourceKey key = ResourceKey.of(stored);
        if (objects.containsKey(id(key))) {
            throw failure(409, key.kind().toLowerCase() + " \"" + key.name() + "\" already exists");
        }
        if (dryRun) {
            return stored;
        }
        log.add("create " + key.kind() + "/" + key.name());
        objects.put(id(key), stored);
        return stored.deepCopy();
    }

    @Override
    public synchronized Optional<ObjectNode> get(String apiVersion, ResourceKey key) {
        checkUp();
        String id = id(key);
        if (deleting.contains(id)) {
            int left = slowDeletes.merge(id, -1, Integer::sum);
            if (left <= 0) {
                deleting.remove(id);
                objects.remove(id);
            }
        }
        return Optional.ofNullable(objects.get(id)).map(ObjectNode::deepCopy);
    }

    @Override
    public synchronized boolean delete(String apiVersion, ResourceKey key, String propagation, boolean dryRun) {
        checkUp();
        String id = id(key);
        if (!objects.containsKey(id) || dryRun) {
            return objects.containsKey(id);
        }
        if (!deleting.contains(id)) {
            log.add("delete " + key.kind() + "/" + key.name());
        }
        if (slowDeletes.getOrDefault(id, 0) > 0) {
            deleting.add(id);
        } else {
            objects.remove(id);
        }
        return true;
    }

    /** Puts an object in place, as a previous sync or another actor left it. */
    synchronized void put(ObjectNode obj) {
        objects.put(id(ResourceKey.of(obj)), obj.deepCopy());
    }

    synchronized Optional<ObjectNode> object(String kind, String namespace, String name) {
        return objects.values().stream()
                .filter(o -> o.path("kind").asText().equals(kind)
                        && o.path("metadata").path("namespace").asText("").equals(namespace)
                        && o.path("metadata").path("name").asText().equals(name))
                .findFirst();
    }

    /** Objects of a kind whose name starts with {@code prefix}. */
    synchronized List<String> names(String kind, String prefix) {
        return objects.values().stream()
                .filter(o -> o.path("kind").asText().equals(kind))
                .map(o -> o.path("metadata").path("name").asText())
                .filter(n -> n.startsWith(prefix))
                .toList();
    }

    /** The Job ends: a Complete or a Failed condition, as the Job controller writes it. */
    synchronized void finishJob(String namespace, String name, boolean succeeded) {
        ObjectNode job = object("Job", namespace, name).orElseThrow(() -> new AssertionError("no Job " + name));
        ObjectNode condition = job.putObject("status").putArray("conditions").addObject();
        condition.put("type", succeeded ? "Complete" : "Failed").put("status", "True");
        if (!succeeded) {
            condition.put("message", "Job has reached the specified backoff limit");
        }
    }

    /** Sets {@code status} of an object (a Deployment's rollout finishing). */
    synchronized void setStatus(String kind, String namespace, String name, ObjectNode status) {
        object(kind, namespace, name)
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name))
                .set("status", status);
    }

    /** Writes of {@code kind/name} are refused with 422 and this message. */
    synchronized void refuse(String kindName, String message) {
        refusals.put(kindName, message);
    }

    synchronized void accept(String kindName) {
        refusals.remove(kindName);
    }

    /** The object stays {@code reads} more reads after its deletion, as a foreground delete does. */
    synchronized void slowDelete(String kind, String namespace, String name, int reads) {
        slowDeletes.put(id(new ResourceKey(group(kind), kind, namespace, name)), reads);
    }

    synchronized List<String> log() {
        return List.copyOf(log);
    }

    private void checkUp() {
        if (down) {
            throw new KubernetesClientException("connect timed out", 0, null);
        }
        if (failing != 0) {
            throw failure(
                    failing,
                    failing == 429
                            ? "Too many requests, please try again later."
                            : failing == 401 ? "Unauthorized" : "the server is currently unable to handle the request");
        }
    }

    private static KubernetesClientException failure(int code, String message) {
        return new KubernetesClientException(
                new StatusBuilder().withCode(code).withMessage(message).build());
    }

    private static String group(String kind) {
        return switch (kind) {
            case "Job" -> "batch";
            case "Deployment" -> "apps";
            default -> "";
        };
    }

    private static String id(ResourceKey key) {
        return key.group() + "|" + key.kind() + "|" + key.namespace() + "|" + key.name();
    }
}
