package io.sextant.service.webhook;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sextant.config.SextantConfig;
import io.sextant.model.Application;
import io.sextant.service.ApplicationService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Handles a Git push webhook: finds the provider, checks the secret from Secret {@code sextant-secret}
 * ({@code webhook.<provider>.secret}), reads the push and asks for a refresh of every matching
 * Application (the refresh annotation, which also makes the controller fetch at once).
 */
@ApplicationScoped
public class WebhookService {

    public static final String SETTINGS_SECRET = "sextant-secret";
    private static final Logger LOG = Logger.getLogger(WebhookService.class);

    private final KubernetesClient client;
    private final SextantConfig config;
    private final ApplicationService applications;

    public WebhookService(KubernetesClient client, SextantConfig config, ApplicationService applications) {
        this.client = client;
        this.config = config;
        this.applications = applications;
    }

    /**
     * @param headers request headers, names lower-cased
     * @return the names of the Applications asked to refresh (empty for non-push events)
     * @throws WebhookException with the HTTP status for unknown senders, bad signatures, malformed bodies
     */
    public List<String> handle(Map<String, String> headers, byte[] body) {
        String provider = PushEvents.provider(headers).orElseThrow(() -> new WebhookException(400,
                "unknown webhook: expected a push event from GitHub, GitLab, Bitbucket, Bitbucket Server or Gogs"));
        WebhookSecrets.verify(provider, secret(provider).orElse(null), headers, body);
        Optional<PushEvent> push = PushEvents.parse(provider, headers, body);
        if (push.isEmpty()) {
            return List.of();
        }
        List<Application> apps = client.resources(Application.class).inNamespace(config.namespace()).list().getItems();
        List<String> names = PushMatcher.matching(push.get(), apps).stream().map(a -> a.getMetadata().getName()).toList();
        names.forEach(name -> applications.requestRefresh(name, "normal"));
        LOG.infof("%s push to %s %s: refreshing %s", provider, push.get().repoUrls().get(0), push.get().branches(), names);
        return names;
    }

    private Optional<String> secret(String provider) {
        Secret s = client.secrets().inNamespace(config.namespace()).withName(SETTINGS_SECRET).get();
        if (s == null) {
            return Optional.empty();
        }
        return io.sextant.service.SecretFields.value(s, "webhook." + provider + ".secret");
    }
}
