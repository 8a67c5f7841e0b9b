package io.sextant.model;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Argo CD's Application ({@code argoproj.io/v1alpha1}): a set of resources rendered from
 * {@code spec.source(s)} and kept equal to it in {@code spec.destination}.
 *
 * <p>Besides spec and status it has {@code operation}: a sync (or rollback) someone asked for. The
 * controller clears it when it starts the operation and records progress and result in
 * {@code status.operationState}. There is no status subresource: status is written with ordinary
 * updates, as Argo CD does.
 */
@Group("argoproj.io")
@Version("v1alpha1")
@Kind("Application")
@Plural("applications")
@Singular("application")
@ShortNames({"app", "apps"})
public class Application extends ExtensibleResource<ApplicationSpec, ApplicationStatus> implements Namespaced {

    private Operation operation;

    /** The requested operation, or null when none is pending. */
    public Operation getOperation() {
        return operation;
    }

    public void setOperation(Operation operation) {
        this.operation = operation;
    }
}
