package io.sextant.controller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.sextant.model.AppProject;
import io.sextant.sync.ProjectBounds;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The AppProjects of the control-plane namespace, watched, and the {@link ProjectBounds} of each,
 * compiled once per version of the project. A change to a project is reported by name so its apps
 * are compared again at once: tightening a project stops its apps' syncs without a restart.
 */
final class ProjectWatcher implements AutoCloseable {

    private final SharedIndexInformer<AppProject> informer;
    private final String namespace;
    private final Map<String, ProjectBounds> compiled = new ConcurrentHashMap<>();

    ProjectWatcher(KubernetesClient client, String namespace, Consumer<String> changed) {
        this.namespace = namespace;
        this.informer = client.resources(AppProject.class)
                .inNamespace(namespace)
                .inform(
                        new ResourceEventHandler<>() {
                            @Override
                            public void onAdd(AppProject p) {
                                changed(p);
                            }

                            @Override
                            public void onUpdate(AppProject before, AppProject after) {
                                changed(after);
                            }

                            @Override
                            public void onDelete(AppProject p, boolean unknownFinalState) {
                                changed(p);
                            }

                            private void changed(AppProject p) {
                                compiled.remove(p.getMetadata().getName());
                                changed.accept(p.getMetadata().getName());
                            }
                        },
                        0);
    }

    /** The bounds of {@code project} as last seen. */
    ProjectBounds bounds(String project) {
        return compiled.computeIfAbsent(project, name -> {
            AppProject p = informer.getStore().getByKey(namespace + "/" + name);
            return ProjectBounds.of(name, p == null ? null : p.getSpec());
        });
    }

    @Override
    public void close() {
        informer.close();
    }
}
