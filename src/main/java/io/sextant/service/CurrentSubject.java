package io.sextant.service;

import io.sextant.auth.Subject;
import jakarta.enterprise.context.RequestScoped;

/**
 * Who the current request acts for, set by the API's and the pages' authentication (or
 * {@link Subject#SYSTEM} for a signed internal read); services check RBAC against it. Empty on open
 * paths, where RBAC then allows nothing.
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
