package io.sextant.sync;

import io.sextant.model.KindOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Sorts tasks into execution order and cuts them into steps. Stateless; see the package documentation
 * for the rules.
 */
final class TaskOrder {

    /** A task and the position of its candidate in the input, the last tie-breaker. */
    record Entry(SyncTask task, int index) {}

    /**
     * Phase, wave, prunes before the rest of their wave, kind rank, name; then kind, namespace, group and
     * input position, so equal inputs always give the same order.
     */
    static final Comparator<Entry> ORDER = Comparator.comparing(
                    (Entry e) -> e.task().phase())
            .thenComparingInt(e -> e.task().wave())
            .thenComparing(e -> e.task().action() != Action.PRUNE)
            .thenComparingInt(e -> KindOrder.rank(e.task().key().kind()))
            .thenComparing(e -> e.task().sortName())
            .thenComparing(e -> e.task().key().kind())
            .thenComparing(e -> e.task().key().namespace())
            .thenComparing(e -> e.task().key().group())
            .thenComparingInt(Entry::index);

    private TaskOrder() {}

    static List<SyncTask> sorted(List<Entry> entries) {
        return entries.stream().sorted(ORDER).map(Entry::task).toList();
    }

    /** Sorted, then Namespaces and CRDs moved in front of (and into the step of) the first task needing them. */
    static List<SyncTask> executionOrder(List<Entry> entries) {
        List<SyncTask> tasks = new ArrayList<>(sorted(entries));
        pullForward(
                tasks,
                TaskOrder::namespaceProvided,
                t -> t.key().namespace().isEmpty() ? null : t.key().namespace());
        pullForward(
                tasks,
                TaskOrder::crdProvided,
                t -> t.key().group() + "/" + t.key().kind());
        return tasks;
    }

    /** Consecutive tasks of the same phase and wave form a step. */
    static List<SyncStep> steps(List<SyncTask> tasks) {
        List<SyncStep> steps = new ArrayList<>();
        List<SyncTask> current = new ArrayList<>();
        for (SyncTask t : tasks) {
            if (!current.isEmpty()
                    && (current.get(0).phase() != t.phase() || current.get(0).wave() != t.wave())) {
                steps.add(new SyncStep(current.get(0).phase(), current.get(0).wave(), current));
                current = new ArrayList<>();
            }
            current.add(t);
        }
        if (!current.isEmpty()) {
            steps.add(new SyncStep(current.get(0).phase(), current.get(0).wave(), current));
        }
        return steps;
    }

    /**
     * Walks the sorted tasks once. A task that needs something (a namespace, a custom resource type) is
     * remembered by what it needs, first occurrence only. When the provider of that thing turns up later, it
     * moves to just before the first task needing it and takes that task's phase and wave. Prunes neither
     * provide nor need: deleting does not depend on creation order.
     */
    private static void pullForward(
            List<SyncTask> tasks, Function<SyncTask, String> provides, Function<SyncTask, String> needs) {
        Map<String, Integer> firstNeed = new HashMap<>();
        for (int i = 0; i < tasks.size(); i++) {
            SyncTask t = tasks.get(i);
            if (t.action() == Action.PRUNE) {
                continue;
            }
            String provided = provides.apply(t);
            if (provided != null) {
                Integer at = firstNeed.get(provided);
                if (at != null) {
                    SyncTask needer = tasks.get(at);
                    tasks.remove(i);
                    tasks.add(at, t.withPlacement(needer.phase(), needer.wave()));
                    firstNeed.replaceAll((k, v) -> v >= at ? v + 1 : v);
                }
                continue;
            }
            String needed = needs.apply(t);
            if (needed != null) {
                firstNeed.putIfAbsent(needed, i);
            }
        }
    }

    private static String namespaceProvided(SyncTask t) {
        return t.key().group().isEmpty() && t.key().kind().equals("Namespace")
                ? t.key().name()
                : null;
    }

    private static String crdProvided(SyncTask t) {
        if (!t.key().group().equals("apiextensions.k8s.io") || !t.key().kind().equals("CustomResourceDefinition")) {
            return null;
        }
        String group = t.target().path("spec").path("group").asText("");
        String kind = t.target().path("spec").path("names").path("kind").asText("");
        return group.isEmpty() || kind.isEmpty() ? null : group + "/" + kind;
    }
}
