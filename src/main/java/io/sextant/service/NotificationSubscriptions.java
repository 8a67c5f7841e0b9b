package io.sextant.service;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sextant.config.SextantConfig;
import io.sextant.model.AppProject;
import io.sextant.model.Application;
import io.sextant.notify.NotificationSettings;
import io.sextant.notify.NotifiedState;
import io.sextant.notify.Subscriptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An Application's notification subscriptions as the details page shows them: trigger, destination, where it is
 * said (the app's or its project's annotation, or the ConfigMap's subscriptions) and what happened (sent how
 * often, waiting for delivery, or why it cannot be sent). Reads sextant-notifications-cm when asked; the Secret
 * is not read (no value of it is shown), so a service that refers to one is shown as configured.
 */
@ApplicationScoped
public class NotificationSubscriptions {

    /** One subscription line. */
    public record Line(String trigger, String destination, String from, String state) {}

    private final KubernetesClient client;
    private final String namespace;

    public NotificationSubscriptions(KubernetesClient client, SextantConfig config) {
        this.client = client;
        this.namespace = config.namespace();
    }

    public List<Line> of(Application app) {
        NotificationSettings settings;
        AppProject project;
        try {
            ConfigMap cm = client.configMaps()
                    .inNamespace(namespace)
                    .withName(NotificationSettings.CONFIG_MAP)
                    .get();
            settings = NotificationSettings.parse(cm == null || cm.getData() == null ? Map.of() : cm.getData(), null);
            String p = app.getSpec() == null || app.getSpec().getProject() == null
                    ? "default"
                    : app.getSpec().getProject();
            project = client.resources(AppProject.class)
                    .inNamespace(namespace)
                    .withName(p)
                    .get();
        } catch (KubernetesClientException e) {
            return List.of(
                    new Line("", "", "", "cannot read " + NotificationSettings.CONFIG_MAP + ": HTTP " + e.getCode()));
        }
        NotifiedState state = NotifiedState.of(app.getMetadata().getAnnotations());
        List<Line> out = new ArrayList<>();
        for (Subscriptions.Subscription s : Subscriptions.of(app, project, settings)) {
            out.add(new Line(s.trigger(), s.destination(), s.from(), state(s, settings, state)));
        }
        return out;
    }

    private static String state(Subscriptions.Subscription s, NotificationSettings settings, NotifiedState state) {
        if (settings.trigger(s.trigger()).isEmpty()
                || settings.problem("trigger." + s.trigger()).isPresent()) {
            return settings.problem("trigger." + s.trigger())
                    .map(p -> "trigger cannot be used: " + p)
                    .orElse("trigger not defined");
        }
        boolean serviceSaysSecret = settings.serviceProblem(s.service())
                .filter(p -> p.contains("which is not a key of Secret"))
                .isPresent();
        if (settings.service(s.service()).isEmpty() && !serviceSaysSecret) {
            return settings.serviceProblem(s.service())
                    .map(p -> "service cannot be used: " + p)
                    .orElse("service not configured");
        }
        String suffix = ":" + s.service() + ":" + s.recipient();
        boolean pending = state.pending().stream()
                .anyMatch(p -> p.trigger().equals(s.trigger())
                        && p.service().equals(s.service())
                        && p.recipient().equals(s.recipient()));
        long sent = state.notifiedKeys().keySet().stream()
                .filter(k ->
                        k.endsWith(suffix) && (k.startsWith(s.trigger() + ":") || k.contains(":" + s.trigger() + ":")))
                .count();
        return pending
                ? "being sent"
                : sent == 0 ? "not sent yet" : "sent for " + sent + (sent == 1 ? " change" : " changes");
    }
}
