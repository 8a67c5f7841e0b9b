package io.sextant.service;

import io.sextant.auth.Subject;
import jakarta.enterprise.context.RequestScoped;

/**
 * Who the current request acts for, set by the API's and the pages' authentication; services check
 * RBAC against it. Empty for Sextant's own work (the controller, webhooks), which RBAC does not limit.
 */
@RequestScoped
public class CurrentSubject {

    private Subject subject;

    public Subject get() {
        return subject;
    }

    public void set(Subject subject) {
        this.subject = subject;
    }
}
