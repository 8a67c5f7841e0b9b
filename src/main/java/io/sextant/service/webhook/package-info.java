/**
 * Git push webhooks: reading the push events of GitHub, GitLab, Bitbucket Cloud, Bitbucket Server and
 * Gogs ({@link io.sextant.service.webhook.PushEvents}), checking their signature or secret
 * ({@link io.sextant.service.webhook.WebhookSecrets}), and finding the Applications a push concerns
 * ({@link io.sextant.service.webhook.PushMatcher}): same repository whatever the URL's scheme, user,
 * port or {@code .git}, and a {@code targetRevision} naming the pushed branch ({@code HEAD} or empty:
 * the default branch). Matching apps are refreshed at once, so auto-sync follows within a second;
 * {@link io.sextant.service.webhook.PushRefreshes} writes those refreshes off the request thread and
 * merges the pushes of one app within a second into one more refresh, so a flood of pushes costs the
 * API server and the Git server about one refresh per app per second. A call signed with the secret
 * {@link io.sextant.service.webhook.WatchedSecret} last saw costs no read of {@code sextant-secret};
 * anything else is decided on a fresh read. Argo CD's webhook page (operator manual, "Git Webhook
 * Configuration") says what a push refreshes; the merging is ours.
 */
package io.sextant.service.webhook;
