package io.sextant.notify;

import io.sextant.model.AppProject;
import io.sextant.model.Application;
import io.sextant.model.LabelSelectors;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who is subscribed to what for one Application (Argo CD's operator-manual/notifications/subscriptions): the
 * annotations {@code notifications.argoproj.io/subscribe.<trigger>.<service>: <recipient>;<recipient>} and
 * {@code notifications.argoproj.io/subscribe.<service>} (the default triggers) on the Application and on its
 * AppProject, and the ConfigMap's {@code subscriptions} whose selector matches the app's labels. Recipients are
 * split at {@code ;} and trimmed; an empty value is the one recipient "" (webhooks take none). Duplicates
 * are dropped.
 */
public final class Subscriptions {

    public static final String PREFIX = "notifications.argoproj.io/subscribe.";

    /** One trigger sending to one recipient of one service, and where that was said. */
    public record Subscription(String trigger, String service, String recipient, String from) {
        /** {@code service:recipient}, as Argo writes a destination. */
        public String destination() {
            return service + ":" + recipient;
        }
    }

    private Subscriptions() {}

    public static List<Subscription> of(Application app, AppProject project, NotificationSettings settings) {
        Set<String> seen = new LinkedHashSet<>();
        List<Subscription> out = new ArrayList<>();
        fromAnnotations(app.getMetadata().getAnnotations(), "Application annotation", settings, seen, out);
        if (project != null) {
            fromAnnotations(
                    project.getMetadata().getAnnotations(),
                    "AppProject " + project.getMetadata().getName() + " annotation",
                    settings,
                    seen,
                    out);
        }
        for (NotificationSettings.Subscription s : settings.subscriptions()) {
            if (!LabelSelectors.parse(s.selector().isBlank() ? null : s.selector())
                    .test(app)) {
                continue;
            }
            for (String r : s.recipients()) {
                int colon = r.indexOf(':');
                String service = colon < 0 ? r : r.substring(0, colon);
                String recipient = colon < 0 ? "" : r.substring(colon + 1);
                List<String> triggers = s.triggers().isEmpty() ? settings.defaultTriggers(service) : s.triggers();
                for (String t : triggers) {
                    add(
                            new Subscription(t, service, recipient, NotificationSettings.CONFIG_MAP + " subscriptions"),
                            seen,
                            out);
                }
            }
        }
        return List.copyOf(out);
    }

    private static void fromAnnotations(
            Map<String, String> annotations,
            String from,
            NotificationSettings settings,
            Set<String> seen,
            List<Subscription> out) {
        if (annotations == null) {
            return;
        }
        annotations.entrySet().stream()
                .filter(e -> e.getKey().startsWith(PREFIX))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> {
                    String rest = e.getKey().substring(PREFIX.length());
                    int dot = rest.indexOf('.');
                    List<String> triggers = dot < 0 ? settings.defaultTriggers(rest) : List.of(rest.substring(0, dot));
                    String service = dot < 0 ? rest : rest.substring(dot + 1);
                    for (String recipient : recipients(e.getValue())) {
                        for (String t : triggers) {
                            add(new Subscription(t, service, recipient, from + " " + e.getKey()), seen, out);
                        }
                    }
                });
    }

    static List<String> recipients(String value) {
        if (value == null || value.isBlank()) {
            return List.of("");
        }
        List<String> out = new ArrayList<>();
        for (String r : value.split(";")) {
            if (!r.isBlank()) {
                out.add(r.strip());
            }
        }
        return out.isEmpty() ? List.of("") : out;
    }

    private static void add(Subscription s, Set<String> seen, List<Subscription> out) {
        if (seen.add(s.trigger() + "\u0000" + s.service() + "\u0000" + s.recipient())) {
            out.add(s);
        }
    }
}
