package io.sextant.service;

import io.quarkus.arc.Arc;
import io.sextant.auth.RbacPolicy;
import io.sextant.auth.RbacSettings;
import io.sextant.auth.Subject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * RBAC checks for the services: the current request's subject against the policy of
 * {@link RbacSettings}. Outside an HTTP request (the controller's threads, scheduled jobs) the subject
 * is {@link Subject#SYSTEM}, which is allowed everything. In an HTTP request (which the authentication
 * filter marks first thing) the subject is whoever the filters verified; a request with none (an open
 * path, a refused credential) is allowed nothing: "no subject" never means "Sextant itself" (the
 * CVE-2022-29165 class of bug).
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

    /** The subject of the current HTTP request, null in one that has none, SYSTEM outside HTTP requests. */
    public Subject subject() {
        if (settings == null) {
            return Subject.SYSTEM;
        }
        var container = Arc.container();
        if (container == null || !container.requestContext().isActive()) {
            return Subject.SYSTEM;
        }
        CurrentSubject current = container.instance(CurrentSubject.class).get();
        return current.http() ? current.get() : Subject.SYSTEM;
    }

    /** Whether the current subject may do {@code action} on {@code resource} {@code object}. */
    public boolean can(String resource, String action, String object) {
        return can(subject(), resource, action, object);
    }

    /**
     * Whether {@code subject} may do it; for work outside the request (streams) with the subject
     * captured in it. Null (no one) is allowed nothing.
     */
    public boolean can(Subject subject, String resource, String action, String object) {
        if (settings == null || (subject != null && subject.isSystem())) {
            return true;
        }
        return subject != null && settings.policy().allows(subject, resource, action, object);
    }

    /** Whether a decision on applications can depend on the app's name ({@link RbacPolicy#appNamesMatter}). */
    public boolean appNamesMatter() {
        return settings != null && settings.policy().appNamesMatter();
    }

    /** @throws ForbiddenException unless the current subject may do it */
    public void check(String resource, String action, String object) {
        if (!can(resource, action, object)) {
            throw new ForbiddenException();
        }
    }
}
