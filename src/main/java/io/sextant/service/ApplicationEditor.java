package io.sextant.service;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.sextant.model.Annotations;
import io.sextant.model.AppKey;
import io.sextant.model.Application;
import io.sextant.model.ApplicationSpec;
import io.sextant.model.SyncPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Creating, changing and deleting Applications, with RBAC and the project's bounds checked first. Only
 * the Application is written (spec, metadata, the cascade finalizer); the controller does the rest. Each
 * write's answer goes into the {@link ApplicationStore}, so the next list shows it.
 */
@ApplicationScoped
public class ApplicationEditor {

    private final KubernetesClient client;
    private final ApplicationStore store;
    private final ApplicationService applications;
    private final ApplicationValidator validator;

    @Inject
    public ApplicationEditor(
            KubernetesClient client,
            ApplicationStore store,
            ApplicationService applications,
            ApplicationValidator validator) {
        this.client = client;
        this.store = store;
        this.applications = applications;
        this.validator = validator;
    }

    /**
     * Creates the Application. With {@code upsert} an existing one gets the new spec; without, an
     * existing one with a different spec is refused (an identical one is returned, as Argo does).
     */
    public Application create(Application app, boolean upsert) {
        validator.validate(app);
        applications.check("create", app);
        app.getMetadata().setNamespace(applications.served(app.getMetadata().getNamespace()));
        validator.withinProject(app);
        Application existing = applications.resource(AppKey.of(app)).get();
        if (existing == null) {
            app.getMetadata().setResourceVersion(null);
            app.setStatus(null);
            app.setOperation(null);
            return remembered(client.resource(app).create());
        }
        if (sameSpec(existing, app)) {
            return existing;
        }
        if (!upsert) {
            throw new OperationRefusedException(
                    "existing application spec is different, use upsert flag to force update");
        }
        applications.check("update", existing);
        applications.check("update", app);
        updateSpec(AppKey.of(app), app.getSpec());
        return applications.get(AppKey.of(app));
    }

    /** Replaces the Application's spec (and labels, annotations, finalizers when given). */
    public Application update(Application app) {
        validator.validate(app);
        app.getMetadata().setNamespace(applications.served(app.getMetadata().getNamespace()));
        Application current = applications.get(AppKey.of(app));
        applications.check("update", current);
        applications.check("update", app);
        validator.withinProject(app);
        current.setSpec(app.getSpec());
        if (app.getMetadata().getLabels() != null) {
            current.getMetadata().setLabels(app.getMetadata().getLabels());
        }
        if (app.getMetadata().getAnnotations() != null) {
            current.getMetadata().setAnnotations(app.getMetadata().getAnnotations());
        }
        if (app.getMetadata().getFinalizers() != null) {
            current.getMetadata().setFinalizers(app.getMetadata().getFinalizers());
        }
        return remembered(client.resource(current).update());
    }

    /** Replaces only the spec (a merge patch: the controller's status writes never conflict with it). */
    public ApplicationSpec updateSpec(String name, ApplicationSpec spec) {
        Application current = applications.get(name);
        applications.check("update", current);
        if (spec != null
                && spec.getProject() != null
                && !spec.getProject().equals(current.getSpec().getProject())) {
            applications.check("update", ApplicationService.rbacObject(spec.getProject(), current));
        }
        if (spec != null && spec.hasMultipleSources()) {
            io.sextant.controller.MultiSource.check(spec.getSources());
        }
        if (spec != null) {
            Application proposed = new Application();
            proposed.setMetadata(current.getMetadata());
            proposed.setSpec(spec);
            validator.withinProject(proposed);
        }
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        // A whole-spec replace: null out what the new spec leaves out.
        ObjectNode next = client.getKubernetesSerialization().convertValue(spec, ObjectNode.class);
        ObjectNode old = client.getKubernetesSerialization()
                .convertValue(applications.get(name).getSpec(), ObjectNode.class);
        old.fieldNames().forEachRemaining(f -> {
            if (!next.has(f)) {
                next.putNull(f);
            }
        });
        patch.set("spec", next);
        return remembered(applications.resource(name).patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString()))
                .getSpec();
    }

    /**
     * Sets spec.syncPolicy.automated, or removes it when {@code automated} is null (auto-sync off), and
     * leaves the rest of the spec alone: a merge patch, since {@link #updateSpec} only clears top-level fields.
     */
    public Application setAutomated(String name, SyncPolicy.Automated automated) {
        applications.check("update", applications.get(name));
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        patch.putObject("spec")
                .putObject("syncPolicy")
                .set(
                        "automated",
                        automated == null
                                ? JsonNodeFactory.instance.nullNode()
                                : client.getKubernetesSerialization().convertValue(automated, ObjectNode.class));
        return remembered(applications.resource(name).patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString()));
    }

    /** Deletes the Application; with {@code cascade} its resources go too (the controller's finalizer). */
    public void delete(String name, boolean cascade, String propagationPolicy) {
        Application app = applications.get(name);
        applications.check("delete", app);
        if (cascade) {
            ObjectNode patch = JsonNodeFactory.instance.objectNode();
            String finalizer = "background".equalsIgnoreCase(propagationPolicy)
                    ? Annotations.RESOURCES_FINALIZER + "/background"
                    : Annotations.RESOURCES_FINALIZER;
            var finalizers = patch.putObject("metadata").putArray("finalizers");
            List<String> existing = app.getMetadata().getFinalizers() == null
                    ? List.of()
                    : app.getMetadata().getFinalizers();
            existing.forEach(finalizers::add);
            if (!existing.contains(finalizer)) {
                finalizers.add(finalizer);
            }
            applications.resource(name).patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
        }
        applications.resource(name).delete();
        if (!cascade) {
            store.forget(name);
        }
    }

    /** Takes a write's answer into the store, so the next list shows it; returns it. */
    private Application remembered(Application app) {
        store.remember(app);
        return app;
    }

    private boolean sameSpec(Application a, Application b) {
        return client.getKubernetesSerialization()
                .convertValue(a.getSpec(), ObjectNode.class)
                .equals(client.getKubernetesSerialization().convertValue(b.getSpec(), ObjectNode.class));
    }
}
