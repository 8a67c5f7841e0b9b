package io.sextant.service;

import io.quarkus.arc.Arc;
import io.sextant.auth.RbacSettings;
import io.sextant.auth.Subject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * RBAC checks for the services: the current request's subject against the policy of
 * {@link RbacSettings}. Outside a request, or in a request without a subject (Sextant's own work:
 * the controller, webhooks), everything is allowed; a user's request always carries a subject.
 * {@link #open()} gives an authorizer that allows everything, for the CLI's core mode (where
 * Kubernetes RBAC decides).
 */
@ApplicationScoped
public class Authorizer {

    private final RbacSettings settings;

    @Inject
    public Authorizer(RbacSettings settings) {
        this.settings = settings;
    }

    /** Allows everything. */
    public static Authorizer open() {
        return new Authorizer(null);
    }

    /** The subject of the current request, or null. */
    public Subject subject() {
        if (settings == null) {
            return null;
        }
        var container = Arc.container();
        if (container == null || !container.requestContext().isActive()) {
            return null;
        }
        return container.instance(CurrentSubject.class).get().get();
    }

    /** Whether the current subject may do {@code action} on {@code resource} {@code object}. */
    public boolean can(String resource, String action, String object) {
        return can(subject(), resource, action, object);
    }

    /** Whether {@code subject} (null: Sextant itself) may do it; for work outside the request (streams). */
    public boolean can(Subject subject, String resource, String action, String object) {
        return subject == null || settings == null || settings.policy().allows(subject, resource, action, object);
    }

    /** @throws ForbiddenException unless the current subject may do it */
    public void check(String resource, String action, String object) {
        if (!can(resource, action, object)) {
            throw new ForbiddenException();
        }
    }
}
