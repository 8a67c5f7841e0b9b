package io.sextant.appset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.sextant.model.Application;
import io.sextant.model.ApplicationSet;
import io.sextant.model.ApplicationSetStatus;
import io.sextant.model.HealthStatus;
import io.sextant.model.ResourceStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Makes a set's Applications what its plan says, as far as {@code applicationsSync} allows
 * (Controlling-Resource-Modification.md: create-only creates, create-update also updates, create-delete also
 * deletes, sync does all three), then writes the set's status. Generated apps carry a controller
 * ownerReference to the set, so deleting the set lets Kubernetes delete them.
 *
 * <p>Stricter than Argo CD, which adopts an existing Application that has no owner: an app of the same name
 * that the set does not own (hand-made, or another set's) is left alone and reported. An update replaces
 * the app's spec, labels, annotations and finalizers with the generated ones, keeping the annotations and
 * labels of {@code preservedFields} and Argo CD's default preserved annotations; it is a JSON patch, so a
 * status the controller writes meanwhile is not overwritten. Writes are counted.
 */
final class AppSetReconciler {

    static final Set<String> ALWAYS_PRESERVED_ANNOTATIONS =
            Set.of("notified.notifications.argoproj.io", "argocd.argoproj.io/refresh");
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(AppSetReconciler.class);

    private final KubernetesClient client;
    private final Function<String, List<Application>> appsIn;
    private final Predicate<String> projectExists;
    private final AtomicLong writes;
    private final ObjectMapper json;
    private final java.util.concurrent.ExecutorService writers =
            java.util.concurrent.Executors.newFixedThreadPool(WRITERS, r -> {
                Thread t = new Thread(r, "sextant-applicationset-writer");
                t.setDaemon(true);
                return t;
            });
    /** Whether this process may still write (false once another process leads). */
    private final java.util.function.BooleanSupplier acting;
    /** Application writes of one reconcile in flight at once. */
    static final int WRITERS = 8;

    AppSetReconciler(
            KubernetesClient client,
            Function<String, List<Application>> appsIn,
            Predicate<String> projectExists,
            AtomicLong writes,
            java.util.function.BooleanSupplier acting) {
        this.acting = acting;
        this.client = client;
        this.appsIn = appsIn;
        this.projectExists = projectExists;
        this.writes = writes;
        this.json = new ObjectMapper();
    }

    ObjectMapper json() {
        return json;
    }

    /** Applies {@code plan}; returns the problems of single apps (empty when all went well). */
    List<String> apply(ApplicationSet set, AppSetPlan plan) {
        String policy = policy(set);
        boolean update = policy.equals("sync") || policy.equals("create-update");
        boolean delete = allowsDelete(set);
        // One lookup per project and reconcile, however many apps name it.
        Map<String, Boolean> projects = new java.util.HashMap<>();
        String ns = set.getMetadata().getNamespace();
        Map<String, Application> existing = new LinkedHashMap<>();
        appsIn.apply(ns).forEach(a -> existing.put(a.getMetadata().getName(), a));
        List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>(plan.problems()));
        Set<String> wanted = new HashSet<>();
        // The writes run a few at a time: a set of a thousand apps is created in seconds, not a minute.
        List<java.util.concurrent.Callable<Void>> tasks = new ArrayList<>();
        for (Application app : plan.apps()) {
            String name = app.getMetadata().getName();
            wanted.add(name);
            String project = app.getSpec().getProject();
            if (project == null || project.isBlank() || !projects.computeIfAbsent(project, projectExists::test)) {
                problems.add("application " + name + " references project " + project + " which does not exist");
                continue;
            }
            if (app.getSpec().getDestination() == null) {
                problems.add("application " + name + ": application destination spec is invalid: the template has"
                        + " no spec.destination");
                continue;
            }
            Application current = existing.get(name);
            if (current == null) {
                tasks.add(write(problems, name, "create", () -> create(set, app)));
            } else if (current.getMetadata().getDeletionTimestamp() != null) {
                problems.add("application " + name + " is being deleted: it is created again once it is gone");
            } else if (!ownedBy(current, set)) {
                problems.add("application " + name + " already exists and is not generated by ApplicationSet "
                        + set.getMetadata().getName() + ": it is left alone; rename the generated app or"
                        + " delete the existing one");
            } else if (update) {
                tasks.add(write(problems, name, "update", () -> updateIfChanged(set, current, app)));
            }
        }
        if (delete) {
            for (Application a : existing.values()) {
                // One being deleted already (its finalizer at work) is not deleted again.
                if (ownedBy(a, set)
                        && !wanted.contains(a.getMetadata().getName())
                        && a.getMetadata().getDeletionTimestamp() == null) {
                    tasks.add(write(problems, a.getMetadata().getName(), "delete", () -> {
                        client.resource(a).delete();
                        writes.incrementAndGet();
                        LOG.infof(
                                "ApplicationSet %s: deleted Application %s",
                                set.getMetadata().getName(), a.getMetadata().getName());
                    }));
                }
            }
        }
        try {
            for (var done : writers.invokeAll(tasks)) {
                done.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                    "interrupted while writing the apps of " + set.getMetadata().getName(), e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        List<String> sorted = new ArrayList<>(problems);
        // In a stable order: the conditions show the last one, and must not change between equal reconciles.
        java.util.Collections.sort(sorted);
        return sorted;
    }

    private java.util.concurrent.Callable<Void> write(
            List<String> problems, String name, String what, Runnable action) {
        return () -> {
            if (!acting.getAsBoolean()) {
                return null; // no longer the leader: the next one writes it
            }
            try {
                action.run();
            } catch (KubernetesClientException e) {
                problems.add("application " + name + ": " + what + " failed: " + e.getCode() + " " + message(e));
            }
            return null;
        };
    }

    /** Stops the writer threads. */
    void close() {
        writers.shutdownNow();
    }

    private static String policy(ApplicationSet set) {
        return set.getSpec() == null
                        || set.getSpec().getSyncPolicy() == null
                        || set.getSpec().getSyncPolicy().getApplicationsSync() == null
                ? "sync"
                : set.getSpec().getSyncPolicy().getApplicationsSync();
    }

    private static boolean allowsDelete(ApplicationSet set) {
        String policy = policy(set);
        return policy.equals("sync") || policy.equals("create-delete");
    }

    /**
     * A set being deleted that holds the resources finalizer (Application-Deletion.md: how users keep the
     * apps): when its policy does not allow deletes, its apps lose their owner reference so Kubernetes keeps
     * them; then the finalizer goes and the set with it. Without that finalizer Kubernetes deletes the set at
     * once and its garbage collector the apps.
     */
    void finishDeletion(ApplicationSet set) {
        List<String> finalizers = set.getMetadata().getFinalizers();
        if (finalizers == null || !finalizers.contains(AppTemplate.RESOURCES_FINALIZER)) {
            return;
        }
        if (!allowsDelete(set)) {
            for (Application a : appsIn.apply(set.getMetadata().getNamespace())) {
                if (ownedBy(a, set)) {
                    List<OwnerReference> others = a.getMetadata().getOwnerReferences().stream()
                            .filter(r -> !Objects.equals(
                                    r.getUid(), set.getMetadata().getUid()))
                            .toList();
                    ObjectNode body = F.objectNode();
                    body.putObject("metadata").set("ownerReferences", json.valueToTree(others));
                    client.resources(Application.class)
                            .inNamespace(a.getMetadata().getNamespace())
                            .withName(a.getMetadata().getName())
                            .patch(PatchContext.of(PatchType.JSON_MERGE), body.toString());
                    writes.incrementAndGet();
                }
            }
        }
        List<String> rest = finalizers.stream()
                .filter(f -> !f.equals(AppTemplate.RESOURCES_FINALIZER))
                .toList();
        ObjectNode body = F.objectNode();
        body.putObject("metadata").set("finalizers", json.valueToTree(rest));
        client.resources(ApplicationSet.class)
                .inNamespace(set.getMetadata().getNamespace())
                .withName(set.getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON_MERGE), body.toString());
    }

    private void create(ApplicationSet set, Application app) {
        app.getMetadata().setOwnerReferences(List.of(ownerOf(set)));
        client.resource(app).create();
        writes.incrementAndGet();
        LOG.infof(
                "ApplicationSet %s: created Application %s",
                set.getMetadata().getName(), app.getMetadata().getName());
    }

    private static OwnerReference ownerOf(ApplicationSet set) {
        return new OwnerReferenceBuilder()
                .withApiVersion("argoproj.io/v1alpha1")
                .withKind("ApplicationSet")
                .withName(set.getMetadata().getName())
                .withUid(set.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }

    static boolean ownedBy(Application app, ApplicationSet set) {
        List<OwnerReference> refs = app.getMetadata().getOwnerReferences();
        return refs != null
                && refs.stream()
                        .anyMatch(r -> Boolean.TRUE.equals(r.getController())
                                && "ApplicationSet".equals(r.getKind())
                                && Objects.equals(r.getUid(), set.getMetadata().getUid()));
    }

    /** The owning set's name of an app a set generated, or null. */
    static String ownerName(Application app) {
        List<OwnerReference> refs = app.getMetadata().getOwnerReferences();
        if (refs == null) {
            return null;
        }
        return refs.stream()
                .filter(r -> Boolean.TRUE.equals(r.getController()) && "ApplicationSet".equals(r.getKind()))
                .map(OwnerReference::getName)
                .findFirst()
                .orElse(null);
    }

    private void updateIfChanged(ApplicationSet set, Application current, Application generated) {
        JsonNode ignored = set.getSpec().getIgnoreApplicationDifferences();
        if (ignored != null && !ignored.isEmpty()) {
            // Fields the set leaves as they are on the existing app: the generated app takes them over first.
            ObjectNode tree = IgnoredDifferences.of(ignored)
                    .keepCurrent(
                            current.getMetadata().getName(), json.valueToTree(generated), json.valueToTree(current));
            generated = json.convertValue(tree, Application.class);
        }
        Map<String, String> annotations =
                new LinkedHashMap<>(nz(generated.getMetadata().getAnnotations()));
        Map<String, String> labels =
                new LinkedHashMap<>(nz(generated.getMetadata().getLabels()));
        Set<String> keepAnnotations = new HashSet<>(ALWAYS_PRESERVED_ANNOTATIONS);
        Set<String> keepLabels = new HashSet<>();
        if (set.getSpec().getPreservedFields() != null) {
            if (set.getSpec().getPreservedFields().getAnnotations() != null) {
                keepAnnotations.addAll(set.getSpec().getPreservedFields().getAnnotations());
            }
            if (set.getSpec().getPreservedFields().getLabels() != null) {
                keepLabels.addAll(set.getSpec().getPreservedFields().getLabels());
            }
        }
        nz(current.getMetadata().getAnnotations()).forEach((k, v) -> {
            if (keepAnnotations.contains(k)) {
                annotations.put(k, v);
            }
        });
        nz(current.getMetadata().getLabels()).forEach((k, v) -> {
            if (keepLabels.contains(k)) {
                labels.put(k, v);
            }
        });
        List<String> finalizers = new ArrayList<>(nzList(generated.getMetadata().getFinalizers()));
        nzList(current.getMetadata().getFinalizers()).stream()
                .filter(f -> f.startsWith("post-delete-finalizer.argocd.argoproj.io") && !finalizers.contains(f))
                .forEach(finalizers::add);
        JsonNode spec = json.valueToTree(generated.getSpec());
        boolean same = spec.equals(json.valueToTree(current.getSpec()))
                && annotations.equals(nz(current.getMetadata().getAnnotations()))
                && labels.equals(nz(current.getMetadata().getLabels()))
                && new HashSet<>(finalizers)
                        .equals(new HashSet<>(nzList(current.getMetadata().getFinalizers())));
        if (same) {
            return;
        }
        LOG.debugf(
                "updating application %s: spec %s, annotations %s, labels %s, finalizers %s",
                current.getMetadata().getName(),
                spec.equals(json.valueToTree(current.getSpec()))
                        ? "same"
                        : spec + " != " + json.valueToTree(current.getSpec()),
                annotations.equals(nz(current.getMetadata().getAnnotations()))
                        ? "same"
                        : annotations + " != " + current.getMetadata().getAnnotations(),
                labels.equals(nz(current.getMetadata().getLabels())) ? "same" : labels,
                finalizers);
        ArrayNode patch = F.arrayNode();
        patch.add(op("add", "/spec", spec));
        patch.add(op("add", "/metadata/annotations", json.valueToTree(annotations)));
        patch.add(op("add", "/metadata/labels", json.valueToTree(labels)));
        patch.add(op("add", "/metadata/finalizers", json.valueToTree(finalizers)));
        client.resources(Application.class)
                .inNamespace(current.getMetadata().getNamespace())
                .withName(current.getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON), patch.toString());
        writes.incrementAndGet();
        LOG.infof(
                "ApplicationSet %s: updated Application %s",
                set.getMetadata().getName(), current.getMetadata().getName());
    }

    private static ObjectNode op(String op, String path, JsonNode value) {
        ObjectNode o = F.objectNode();
        o.put("op", op);
        o.put("path", path);
        o.set("value", value);
        return o;
    }

    /** {@code status.resources}: each app the set owns, sorted by name, with its sync status and health. */
    List<ResourceStatus> resources(ApplicationSet set) {
        List<ResourceStatus> out = new ArrayList<>();
        for (Application a : appsIn.apply(set.getMetadata().getNamespace())) {
            if (!ownedBy(a, set) || a.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            ResourceStatus r = new ResourceStatus();
            r.setGroup("argoproj.io");
            r.setVersion("v1alpha1");
            r.setKind("Application");
            r.setNamespace(a.getMetadata().getNamespace());
            r.setName(a.getMetadata().getName());
            if (a.getStatus() != null && a.getStatus().getSync() != null) {
                r.setStatus(a.getStatus().getSync().getStatus());
            }
            if (a.getStatus() != null && a.getStatus().getHealth() != null) {
                HealthStatus h = new HealthStatus();
                h.setStatus(a.getStatus().getHealth().getStatus());
                h.setMessage(a.getStatus().getHealth().getMessage());
                r.setHealth(h);
            }
            out.add(r);
        }
        out.sort(Comparator.comparing(ResourceStatus::getName));
        return out;
    }

    /** Writes the set's status when it differs from what is stored (conditions compared without times). */
    void writeStatus(
            ApplicationSet set, List<ApplicationSetStatus.Condition> conditions, List<ResourceStatus> resources) {
        ApplicationSetStatus before = set.getStatus();
        if (before != null
                && before.getConditions() != null
                && before.getConditions().size() == conditions.size()
                && sameConditions(before.getConditions(), conditions)
                && json.valueToTree(nzList(before.getResources())).equals(json.valueToTree(resources))) {
            return;
        }
        ApplicationSetStatus status = new ApplicationSetStatus();
        status.setConditions(conditions);
        status.setResources(resources);
        ObjectNode body = F.objectNode();
        body.set("status", json.valueToTree(status));
        client.resources(ApplicationSet.class)
                .inNamespace(set.getMetadata().getNamespace())
                .withName(set.getMetadata().getName())
                .subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), body.toString());
    }

    private static boolean sameConditions(
            List<ApplicationSetStatus.Condition> a, List<ApplicationSetStatus.Condition> b) {
        for (int i = 0; i < a.size(); i++) {
            if (!AppSetConditions.sameAs(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static String message(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage()
                : e.getMessage();
    }

    private static Map<String, String> nz(Map<String, String> m) {
        return m == null ? Map.of() : m;
    }

    private static <T> List<T> nzList(List<T> l) {
        return l == null ? List.of() : l;
    }
}
