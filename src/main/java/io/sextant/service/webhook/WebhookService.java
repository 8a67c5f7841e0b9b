package io.sextant.service.webhook;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.runtime.ShutdownEvent;
import io.sextant.appset.ApplicationSetController;
import io.sextant.appset.PushedRepos;
import io.sextant.config.SextantConfig;
import io.sextant.model.AppKey;
import io.sextant.model.ApplicationSet;
import io.sextant.service.ApplicationStore;
import io.sextant.service.SecretFields;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Handles a Git push webhook: finds the provider, checks the secret from Secret {@code sextant-secret}
 * ({@code webhook.<provider>.secret}), reads the push and asks for a refresh of every matching
 * Application (the refresh annotation, which also makes the controller fetch at once).
 *
 * <p>Unauthenticated callers reach this, so it tells them nothing and costs little: the answer names
 * no app; apps are matched against the server's watch cache, not listed from the API server per call;
 * at most {@link #IN_FLIGHT} calls are handled at once (a call waits up to 2 s for a slot, then 429). The provider is read from the
 * request's headers, so once any provider has a secret, a provider without one is refused rather than
 * let through (Argo CD lets it through).
 */
@ApplicationScoped
public class WebhookService {

    public static final String SETTINGS_SECRET = "sextant-secret";
    private static final Logger LOG = Logger.getLogger(WebhookService.class);

    /** Webhook calls handled at once; more get 429 (a push is retried by its provider). */
    static final int IN_FLIGHT = 4;

    private final KubernetesClient client;
    private final SextantConfig config;
    private final PushRefreshes refreshes;
    private final ApplicationStore store;
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    private final WatchedSecret watched;
    private final ApplicationSetController appsets;

    public WebhookService(
            KubernetesClient client,
            SextantConfig config,
            PushRefreshes refreshes,
            ApplicationStore store,
            ApplicationSetController appsets) {
        this.client = client;
        this.appsets = appsets;
        this.config = config;
        this.refreshes = refreshes;
        this.watched = new WatchedSecret(client, config.namespace(), SETTINGS_SECRET);
        this.store = store;
    }

    /** Sets the refresh annotation on each ApplicationSet reading one of {@code urls} (not already asked). */
    private void askSetsToRefresh(List<String> urls) {
        List<ApplicationSet> sets;
        try {
            sets = client.resources(ApplicationSet.class)
                    .inNamespace(config.namespace())
                    .list()
                    .getItems();
        } catch (KubernetesClientException e) {
            LOG.debugf("no ApplicationSets to refresh: %s", e.getMessage());
            return; // the CRD is not installed, or this server may not read sets
        }
        for (ApplicationSet set : sets) {
            var annotations = set.getMetadata().getAnnotations();
            boolean asked = annotations != null && "true".equals(annotations.get(PushedRepos.REFRESH_ANNOTATION));
            if (!asked && urls.stream().anyMatch(u -> PushedRepos.reads(set, u))) {
                try {
                    client.resources(ApplicationSet.class)
                            .inNamespace(config.namespace())
                            .withName(set.getMetadata().getName())
                            .patch(
                                    PatchContext.of(PatchType.JSON_MERGE),
                                    "{\"metadata\":{\"annotations\":{\"" + PushedRepos.REFRESH_ANNOTATION
                                            + "\":\"true\"}}}");
                } catch (KubernetesClientException e) {
                    LOG.warnf(
                            "cannot ask ApplicationSet %s to refresh: %s",
                            set.getMetadata().getName(), e.getMessage());
                }
            }
        }
    }

    /**
     * @param headers request headers, names lower-cased
     * @return the names of the Applications asked to refresh (empty for non-push events), for logs and
     *         tests; never for the caller
     * @throws WebhookException with the HTTP status for unknown senders, bad signatures, malformed bodies
     *         and too many calls at once
     */
    public List<String> handle(Map<String, String> headers, byte[] body) {
        if (!acquire()) {
            throw new WebhookException(429, "too many webhook calls at once; try again");
        }
        try {
            return handleNow(headers, body);
        } finally {
            inFlight.release();
        }
    }

    private List<String> handleNow(Map<String, String> headers, byte[] body) {
        String provider = PushEvents.provider(headers)
                .orElseThrow(
                        () -> new WebhookException(
                                400,
                                "unknown webhook: expected a push event from GitHub, GitLab, Bitbucket, Bitbucket Server or Gogs"));
        Secret settings = signedWithWatchedSecret(provider, headers, body)
                ? watched.get()
                : client.secrets()
                        .inNamespace(config.namespace())
                        .withName(SETTINGS_SECRET)
                        .get();
        Optional<String> secret = settings == null
                ? Optional.empty()
                : SecretFields.value(settings, "webhook." + provider + ".secret")
                        .filter(v -> !v.isEmpty());
        if (secret.isEmpty() && anySecret(settings)) {
            throw new WebhookException(
                    401,
                    "webhooks are signed here, and no secret is set for " + provider + ": set webhook." + provider
                            + ".secret in " + SETTINGS_SECRET);
        }
        WebhookSecrets.verify(provider, secret.orElse(null), headers, body);
        Optional<PushEvent> push = PushEvents.parse(provider, headers, body);
        if (push.isEmpty()) {
            return List.of();
        }
        List<String> names = PushMatcher.matching(push.get(), store.all()).stream()
                .map(AppKey::of)
                .toList();
        names.forEach(refreshes::ask);
        // ApplicationSets whose git generators read the repository generate again now: in this process when
        // it runs the applicationset role, else through Argo CD's refresh annotation, which the role reads.
        if (appsets.running()) {
            push.get().repoUrls().forEach(appsets::pushed);
        } else {
            askSetsToRefresh(push.get().repoUrls());
        }
        LOG.infof(
                "%s push to %s %s: refreshing %s",
                provider, push.get().repoUrls().get(0), push.get().branches(), names);
        return names;
    }

    /**
     * A slot to handle a call in, waiting a moment for one: a call is handled in about a millisecond (the
     * refreshes it asks for are written by {@link PushRefreshes}), so a burst queues briefly instead of
     * being refused, and only a sustained flood beyond what the server handles gets 429.
     */
    void onStop(@Observes ShutdownEvent event) {
        watched.close();
    }

    private boolean acquire() {
        try {
            return inFlight.tryAcquire(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Whether the call is signed with the provider's secret as this process's watch of
     * {@code sextant-secret} last saw it: then that copy is used and a flood of signed pushes costs the
     * API server nothing. Anything else (no secret watched, a signature that does not match, as after the
     * secret was changed a moment ago) is decided on a fresh read, so a change is never missed.
     */
    private boolean signedWithWatchedSecret(String provider, Map<String, String> headers, byte[] body) {
        Secret known = watched.get();
        if (known == null) {
            return false;
        }
        Optional<String> secret =
                SecretFields.value(known, "webhook." + provider + ".secret").filter(v -> !v.isEmpty());
        if (secret.isEmpty()) {
            return false;
        }
        try {
            WebhookSecrets.verify(provider, secret.get(), headers, body);
            return true;
        } catch (WebhookException e) {
            return false;
        }
    }

    /** Whether any provider's webhook secret is set (non-empty). */
    private static boolean anySecret(Secret settings) {
        if (settings == null) {
            return false;
        }
        Set<String> keys = new HashSet<>();
        if (settings.getData() != null) {
            keys.addAll(settings.getData().keySet());
        }
        if (settings.getStringData() != null) {
            keys.addAll(settings.getStringData().keySet());
        }
        return keys.stream()
                .filter(k -> k.startsWith("webhook.") && k.endsWith(".secret"))
                .anyMatch(k -> SecretFields.value(settings, k)
                        .filter(v -> !v.isEmpty())
                        .isPresent());
    }
}
