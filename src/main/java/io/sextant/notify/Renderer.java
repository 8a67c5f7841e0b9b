package io.sextant.notify;

import io.sextant.notify.NotificationSettings.Template;
import io.sextant.notify.NotificationSettings.WebhookRequest;
import io.sextant.template.GoTemplate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Renders templates for one recipient over {@code .app}, {@code .context} (the ConfigMap's {@code context} plus
 * {@code notificationType}), {@code .serviceType} (the service's name, as Argo CD gives it), {@code .recipient} and
 * {@code .repo} ({@code RepoURLToHTTPS}, {@code FullNameByRepoURL} for {@code call}). Nothing else is reachable:
 * no Secret values (Argo's {@code .secrets} is not offered, so a template cannot put one in a message).
 */
final class Renderer {

    /** {@code .context.argocdUrl} when the ConfigMap's {@code context} gives none: the dashboard's local address. */
    static final String DEFAULT_URL = "http://localhost:8080";

    private Renderer() {}

    static Notification render(
            List<String> templateNames,
            NotificationSettings settings,
            Map<String, Object> app,
            String service,
            String recipient) {
        Map<String, Object> data = new LinkedHashMap<>();
        Map<String, Object> context = new LinkedHashMap<>(settings.context());
        // The catalogue's links need it; without a context in the ConfigMap they point at a local dashboard.
        context.putIfAbsent("argocdUrl", DEFAULT_URL);
        context.put("notificationType", service);
        data.put("app", app);
        data.put("context", context);
        data.put("serviceType", service);
        data.put("recipient", recipient);
        data.put(
                "repo",
                Map.of(
                        "RepoURLToHTTPS", (Function<List<Object>, Object>) args -> toHttps(first(args)),
                        "FullNameByRepoURL", (Function<List<Object>, Object>) args -> fullName(first(args))));
        Notification n = Notification.empty();
        for (String name : templateNames) {
            Template t = settings.template(name)
                    .orElseThrow(() -> new GoTemplate.TemplateException("template " + name + " is not defined"));
            WebhookRequest hook = t.webhooks().get(service);
            n = new Notification(
                    keep(n.message(), run(t.message(), data)),
                    keep(n.emailSubject(), run(t.emailSubject(), data)),
                    keep(n.emailBody(), run(t.emailBody(), data)),
                    keep(n.slackAttachments(), run(t.slackAttachments(), data)),
                    keep(n.slackBlocks(), run(t.slackBlocks(), data)),
                    hook != null ? hook.method() : n.webhookMethod(),
                    hook != null ? keep(n.webhookPath(), run(hook.path(), data)) : n.webhookPath(),
                    hook != null ? keep(n.webhookBody(), run(hook.body(), data)) : n.webhookBody());
        }
        return n;
    }

    private static String run(GoTemplate t, Map<String, Object> data) {
        return t == null ? null : t.render(data);
    }

    private static String keep(String earlier, String later) {
        return later == null || later.isEmpty() ? earlier : later;
    }

    private static String first(List<Object> args) {
        if (args.size() != 1 || !(args.get(0) instanceof String s)) {
            throw new GoTemplate.TemplateException("the repo functions take one repository URL");
        }
        return s;
    }

    /** {@code git@host:org/repo.git} and {@code ssh://git@host/org/repo.git} as {@code https://host/org/repo}. */
    static String toHttps(String url) {
        String u = url.strip();
        if (u.startsWith("git@") && u.contains(":")) {
            u = "https://" + u.substring(4).replaceFirst(":", "/");
        } else if (u.startsWith("ssh://")) {
            u = "https://" + u.substring("ssh://".length()).replaceFirst("^[^@/]*@", "");
        }
        return u.endsWith(".git") ? u.substring(0, u.length() - 4) : u;
    }

    static String fullName(String url) {
        String https = toHttps(url);
        String[] parts = https.replaceFirst("^https?://[^/]+/", "").split("/");
        return parts.length >= 2 ? parts[parts.length - 2] + "/" + parts[parts.length - 1] : https;
    }
}
