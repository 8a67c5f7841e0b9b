package io.sextant.web;

import io.sextant.auth.Subject;
import io.sextant.service.Authorizer;
import io.sextant.service.CurrentSubject;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.ForbiddenException;

/**
 * The session of the current page request, filled in by {@link PageAuthFilter} once the
 * {@code argocd.token} cookie verified. Request-scoped: one per request, never shared.
 */
@RequestScoped
public class WebSession {

    private final CurrentSubject currentSubject;
    private final Authorizer authorizer;
    private String username;
    private String token;
    private String csrf;

    public WebSession(CurrentSubject currentSubject, Authorizer authorizer) {
        this.currentSubject = currentSubject;
        this.authorizer = authorizer;
    }

    void set(String username, String token) {
        this.username = username;
        this.token = token;
        this.csrf = Csrf.tokenFor(token);
    }

    public String username() {
        return username;
    }

    public String token() {
        return token;
    }

    public Viewer viewer() {
        Subject subject = currentSubject.get();
        // Captured now: a live update rendered later checks the same user; no subject may do nothing.
        return new Viewer(
                username, csrf, (resource, action, object) -> authorizer.can(subject, resource, action, object));
    }

    /** Every state-changing form calls this first; a missing or wrong token is a 403. */
    public void requireCsrf(String given) {
        if (token == null || !Csrf.matches(csrf, given)) {
            throw new ForbiddenException("missing or invalid CSRF token: reload the page and try again");
        }
    }
}
