package io.sextant.web;

/**
 * Who is looking at a page: the logged-in user and the session's CSRF token, which every
 * state-changing form carries back in its hidden {@code _csrf} field.
 */
public record Viewer(String username, String csrf) {
}
