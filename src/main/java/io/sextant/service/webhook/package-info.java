/**
 * Git push webhooks: reading the push events of GitHub, GitLab, Bitbucket Cloud, Bitbucket Server and
 * Gogs ({@link io.sextant.service.webhook.PushEvents}), checking their signature or secret
 * ({@link io.sextant.service.webhook.WebhookSecrets}), and finding the Applications a push concerns
 * ({@link io.sextant.service.webhook.PushMatcher}): same repository whatever the URL's scheme, user,
 * port or {@code .git}, and a {@code targetRevision} naming the pushed branch ({@code HEAD} or empty:
 * the default branch). Matching apps are refreshed at once, so auto-sync follows within a second.
 */
package io.sextant.service.webhook;
