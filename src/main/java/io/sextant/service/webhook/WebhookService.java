package io.sextant.service.webhook;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sextant.config.SextantConfig;
import io.sextant.model.AppKey;
import io.sextant.service.ApplicationRefresher;
import io.sextant.service.ApplicationStore;
import io.sextant.service.SecretFields;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import org.jboss.logging.Logger;

/**
 * Handles a Git push webhook: finds the provider, checks the secret from Secret {@code sextant-secret}
 * ({@code webhook.<provider>.secret}), reads the push and asks for a refresh of every matching
 * Application (the refresh annotation, which also makes the controller fetch at once).
 *
 * <p>Unauthenticated callers reach this, so it tells them nothing and costs little: the answer names
 * no app; apps are matched against the server's watch cache, not listed from the API server per call;
 * at most {@link #IN_FLIGHT} calls are handled at once (429 beyond). The provider is read from the
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
    private final ApplicationRefresher refresher;
    private final ApplicationStore store;
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);

    public WebhookService(
            KubernetesClient client, SextantConfig config, ApplicationRefresher refresher, ApplicationStore store) {
        this.client = client;
        this.config = config;
        this.refresher = refresher;
        this.store = store;
    }

    /**
     * @param headers request headers, names lower-cased
     * @return the names of the Applications asked to refresh (empty for non-push events), for logs and
     *         tests; never for the caller
     * @throws WebhookException with the HTTP status for unknown senders, bad signatures, malformed bodies
     *         and too many calls at once
     */
    public List<String> handle(Map<String, String> headers, byte[] body) {
        if (!inFlight.tryAcquire()) {
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
        Secret settings = client.secrets()
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
        names.forEach(refresher::refreshForPush);
        LOG.infof(
                "%s push to %s %s: refreshing %s",
                provider, push.get().repoUrls().get(0), push.get().branches(), names);
        return names;
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
