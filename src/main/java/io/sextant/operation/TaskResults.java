package io.sextant.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.model.ResourceKey;
import io.sextant.model.SyncOperationResult.ResourceResult;
import io.sextant.sync.HookType;
import io.sextant.sync.SyncTask;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Results by task identity (kind, namespace, name or generateName, phase), in the order recorded. It is
 * what makes a run resumable: the plan is made again on every call, and a task is matched to the result an
 * earlier call (or another controller) recorded for it, so it is never run twice. Separate from
 * {@link SyncRun} because every part of the executor reads and writes it.
 */
final class TaskResults {
    private final Map<String, ResourceResult> byTask = new LinkedHashMap<>();

    TaskResults(List<ResourceResult> previous) {
        for (ResourceResult r : previous == null ? List.<ResourceResult>of() : previous) {
            byTask.put(id(r.getGroup(), r.getKind(), r.getNamespace(), r.getName(), r.getSyncPhase()), r);
        }
    }

    /** A new result for {@code task}, named and placed as Argo CD reports it. */
    static ResourceResult resultFor(SyncTask task, String status, String message) {
        ResourceResult r = new ResourceResult();
        ResourceKey key = task.key();
        ObjectNode obj = task.obj();
        String apiVersion = obj.path("apiVersion").asText("");
        r.setGroup(key.group());
        r.setVersion(apiVersion.contains("/") ? apiVersion.substring(apiVersion.indexOf('/') + 1) : apiVersion);
        r.setKind(key.kind());
        r.setNamespace(key.namespace().isEmpty() ? null : key.namespace());
        r.setName(task.sortName());
        r.setStatus(status);
        r.setMessage(message);
        r.setSyncPhase(task.phase().argoName());
        if (task.isHook()) {
            r.setHookType(task.hook().types().stream()
                    .filter(t -> t.phase() == task.phase())
                    .findFirst()
                    .map(HookType::argoName)
                    .orElse(task.phase().argoName()));
        }
        return r;
    }

    boolean has(SyncTask task) {
        return get(task) != null;
    }

    ResourceResult get(SyncTask task) {
        ResourceResult exact = byTask.get(id(task));
        if (exact != null || !task.needsGeneratedName()) {
            return exact;
        }
        // A hook the server named: recorded under its real name, which starts with generateName.
        ResourceKey k = task.key();
        return byTask.values().stream()
                .filter(r -> same(r.getGroup(), k.group())
                        && k.kind().equals(r.getKind())
                        && same(r.getNamespace(), k.namespace())
                        && task.phase().argoName().equals(r.getSyncPhase())
                        && r.getName() != null
                        && r.getName().startsWith(task.hook().generateName()))
                .findFirst()
                .orElse(null);
    }

    private static boolean same(String a, String b) {
        return (a == null ? "" : a).equals(b == null ? "" : b);
    }

    void put(SyncTask task, ResourceResult r) {
        byTask.put(id(task), r);
    }

    void putIfAbsent(SyncTask task, ResourceResult r) {
        byTask.putIfAbsent(id(task), r);
    }

    ResourceResult getKey(ResourceKey key, String phase) {
        return byTask.get(id(key.group(), key.kind(), key.namespace(), key.name(), phase));
    }

    void putKey(ResourceKey key, String phase, ResourceResult r) {
        byTask.put(id(key.group(), key.kind(), key.namespace(), key.name(), phase), r);
    }

    List<ResourceResult> list() {
        return List.copyOf(byTask.values());
    }

    private static String id(SyncTask task) {
        return id(
                task.key().group(),
                task.key().kind(),
                task.key().namespace(),
                task.sortName(),
                task.phase().argoName());
    }

    private static String id(String group, String kind, String namespace, String name, String phase) {
        return (group == null ? "" : group) + "|" + kind + "|" + (namespace == null ? "" : namespace) + "|" + name + "|"
                + phase;
    }
}
