package io.sextant.notify;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code sextant admin notifications} does, as Argo CD's {@code argocd admin notifications}: read the
 * settings from the cluster, tell whether a trigger's conditions hold for an app, and render a template and send it
 * to recipients now (no trigger, no state, nothing written to the app).
 */
public final class NotificationTool {

    private final NotificationSettings settings;
    private final KubernetesClient client;
    private final Map<String, String> secret;

    private NotificationTool(KubernetesClient client, NotificationSettings settings, Map<String, String> secret) {
        this.client = client;
        this.settings = settings;
        this.secret = secret;
    }

    /** Reads sextant-notifications-cm and -secret of {@code namespace}. */
    public static NotificationTool read(KubernetesClient client, String namespace) {
        ConfigMap cm = client.configMaps()
                .inNamespace(namespace)
                .withName(NotificationSettings.CONFIG_MAP)
                .get();
        Secret s = client.secrets()
                .inNamespace(namespace)
                .withName(NotificationSettings.SECRET)
                .get();
        Map<String, String> values = NotificationController.decode(s);
        return new NotificationTool(
                client,
                NotificationSettings.parse(cm == null || cm.getData() == null ? Map.of() : cm.getData(), values),
                values);
    }

    public NotificationSettings settings() {
        return settings;
    }

    /** One condition of a trigger and whether it holds. */
    public record ConditionResult(String when, String result) {}

    /** Each condition of {@code trigger} over the app; an unknown or broken trigger is an error saying so. */
    public List<ConditionResult> run(String trigger, Map<String, Object> app) {
        NotificationSettings.Trigger t = trigger(trigger);
        List<ConditionResult> out = new ArrayList<>();
        for (NotificationSettings.TriggerCondition c : t.conditions()) {
            String result;
            try {
                result = String.valueOf(c.condition().test(Map.of("app", app)));
            } catch (Condition.ConditionException e) {
                result = "error: " + e.getMessage();
            }
            out.add(new ConditionResult(c.when(), result));
        }
        return out;
    }

    private NotificationSettings.Trigger trigger(String name) {
        settings.problem("trigger." + name).ifPresent(p -> {
            throw new IllegalArgumentException("trigger " + name + " cannot be used: " + p);
        });
        return settings.trigger(name)
                .orElseThrow(() -> new IllegalArgumentException("trigger with name '" + name
                        + "' does not exist (found "
                        + String.join(
                                ", ",
                                new java.util.TreeSet<>(settings.triggers().keySet())) + ")"));
    }

    /** {@code template} rendered for {@code service} and {@code recipient}. */
    public Notification render(String template, Map<String, Object> app, String service, String recipient) {
        settings.problem("template." + template).ifPresent(p -> {
            throw new IllegalArgumentException("template " + template + " cannot be used: " + p);
        });
        if (settings.template(template).isEmpty()) {
            throw new IllegalArgumentException("template with name '" + template + "' does not exist (found "
                    + String.join(
                            ", ", new java.util.TreeSet<>(settings.templates().keySet())) + ")");
        }
        return Renderer.render(List.of(template), settings, app, service, recipient);
    }

    /** Sends now through the configured {@code service}; an error says why, without Secret values. */
    public void send(String service, String recipient, Notification n, Duration timeout) {
        NotificationSettings.Service s = settings.service(service)
                .orElseThrow(() -> new IllegalArgumentException(settings.serviceProblem(service)
                        .orElse("service " + service + " is not configured in " + NotificationSettings.CONFIG_MAP)));
        HttpSenders http =
                new HttpSenders(new AddressGuard(client.getMasterUrl().toString()));
        Vertx vertx = s.type().equals("email") ? Vertx.vertx() : null;
        try {
            Sender sender = switch (s.type()) {
                case "webhook" -> http.webhook();
                case "slack" -> http.slack();
                default -> new EmailSender(vertx);
            };
            sender.send(s, recipient, n, timeout);
        } catch (Sender.DeliveryException e) {
            String msg = e.getMessage();
            for (String v : secret.values()) {
                if (v != null && v.length() >= 3) {
                    msg = msg.replace(v, "***");
                }
            }
            throw new IllegalStateException(msg);
        } finally {
            if (vertx != null) {
                vertx.close();
            }
        }
    }
}
