package io.sextant.web;

import io.sextant.model.AppKey;

/**
 * Who is looking at a page: the logged-in user, the session's CSRF token, which every
 * state-changing form carries back in its hidden {@code _csrf} field, and what RBAC lets them do,
 * so pages disable the buttons the API would refuse. Captured at the request, so a live update
 * rendered later (SSE) checks the same user.
 */
public record Viewer(String username, String csrf, Permissions permissions) {

    /** RBAC for one user: whether they may do {@code action} on {@code resource} {@code object}. */
    @FunctionalInterface
    public interface Permissions {
        boolean allows(String resource, String action, String object);
    }

    /** Whether the user may do {@code action} (sync, delete, update…) on the application {@code project/name}. */
    public boolean can(String action, String project, String name) {
        return permissions != null
                && permissions.allows("applications", action, project + "/" + AppKey.qualified(name));
    }
}
