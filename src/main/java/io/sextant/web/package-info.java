/**
 * The server-rendered dashboard. JAX-RS page resources with {@code @CheckedTemplate} Qute templates
 * under templates/&lt;Class&gt;/ ({@code {#fragment}}s for the parts that update live), small view
 * records, and the pages' own SSE streams. Pages go through {@code service}, never to Kubernetes
 * directly, and never call the REST API over HTTP.
 *
 * <ul>
 * <li>{@link io.sextant.web.LoginPage}: local login/logout; the session is the HttpOnly, SameSite=Strict
 *     cookie {@code argocd.token}. {@link io.sextant.web.PageAuthFilter} sends every other page to it
 *     without a valid session.</li>
 * <li>{@link io.sextant.web.SsoPages}: SSO login ({@code /auth/login}, {@code /auth/callback}) through the
 *     provider of sextant-cm; it ends in the same session cookie. Pages disable the buttons RBAC forbids
 *     ({@link io.sextant.web.Viewer#can}); the services refuse those actions anyway.</li>
 * <li>{@link io.sextant.web.ApplicationsPage}: the list (filters and paging on the server,
 *     {@link io.sextant.web.ApplicationQuery}), New application, SYNC APPS / REFRESH APPS.</li>
 * <li>{@link io.sextant.web.ApplicationPage} (read) and {@link io.sextant.web.ApplicationActions}
 *     (forms): details, tree ({@link io.sextant.web.ResourceTreeView}, SVG drawn here), panels.</li>
 * <li>{@link io.sextant.web.ApplicationSetPages}: the ApplicationSets list and a set's page (conditions, the
 *     apps it generated that the viewer may see, its generators); each generated app's tile links to it.</li>
 * <li>{@link io.sextant.web.LiveStreams} / {@link io.sextant.web.LiveConnection}: per-page SSE streams
 *     of HTML fragments fed by {@code ApplicationStore}; {@code sextant.js} swaps them in by id.</li>
 * </ul>
 *
 * <p>Security rules every page keeps: text goes out through Qute's escaping (no raw output), URLs become
 * links only when http(s) ({@link io.sextant.web.Links}), every POST checks the session's CSRF token
 * ({@link io.sextant.web.WebSession#requireCsrf}) before anything else, and no inline script or style
 * exists (the Content-Security-Policy of application.properties forbids them). Panels and confirmations
 * open through the query string, so every flow works without JavaScript.
 */
package io.sextant.web;
