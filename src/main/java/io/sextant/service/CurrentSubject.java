package io.sextant.service;

import io.sextant.auth.Subject;
import jakarta.enterprise.context.RequestScoped;

/**
 * Who the current request acts for, set by the API's and the pages' authentication (or
 * {@link Subject#SYSTEM} for a signed internal read); services check RBAC against it. Empty on open
 * paths, where RBAC then allows nothing. Only a request context {@link #enterHttp marked} as an HTTP
 * request's is held to it.
 */
@RequestScoped
public class CurrentSubject {

    private Subject subject;
    private boolean http;

    /** Marks this request context as an HTTP request's: RBAC then holds it to its subject, or to nothing. */
    public void enterHttp() {
        http = true;
    }

    /**
     * Whether this request context serves an HTTP request. Other request contexts (a scheduled job,
     * a test method) are Sextant's own work.
     */
    public boolean http() {
        return http;
    }

    public Subject get() {
        return subject;
    }

    public void set(Subject subject) {
        this.subject = subject;
    }
}
