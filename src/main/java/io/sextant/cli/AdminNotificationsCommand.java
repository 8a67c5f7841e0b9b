package io.sextant.cli;

import io.sextant.model.Application;
import io.sextant.notify.Notification;
import io.sextant.notify.NotificationSettings;
import io.sextant.notify.NotificationTool;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sextant admin notifications trigger get|run} and {@code template get|notify}, as Argo CD's
 * {@code argocd admin notifications}: they read sextant-notifications-cm and -secret and the Application through the
 * kubeconfig, so a configuration can be tried before any app subscribes. {@code template notify} sends for real
 * (default recipient {@code console:stdout} prints instead) and writes nothing to the app.
 */
@Command(
        name = "notifications",
        description = "Try notification triggers and templates against the cluster.",
        mixinStandardHelpOptions = true,
        subcommands = {AdminNotificationsCommand.Trigger.class, AdminNotificationsCommand.Template.class})
class AdminNotificationsCommand {

    /** Options every subcommand takes: where the settings and apps live. */
    abstract static class ClusterCommand extends BaseCommand {
        @Option(
                names = {"-n", "--namespace"},
                description = "Sextant's namespace (default: the login's, else sextant).")
        String namespace;

        @Option(names = "--kubeconfig")
        String kubeconfig;

        @Override
        public Integer call() {
            CliConfig c = CliConfig.load(configPath());
            String ns = namespace != null ? namespace : c != null && c.namespace != null ? c.namespace : "sextant";
            String kc = kubeconfig != null ? kubeconfig : c != null ? c.kubeconfig : null;
            KubernetesClasspath.ensure();
            try (CoreBackend backend = new CoreBackend(kc, ns)) {
                NotificationTool tool = NotificationTool.read(backend.client(), backend.namespace());
                return run(backend, tool, out());
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new CliException(e.getMessage());
            }
        }

        abstract int run(CoreBackend backend, NotificationTool tool, PrintWriter out);

        @Override
        Integer run(Backend backend) {
            throw new UnsupportedOperationException();
        }

        /** The Application as the conditions and templates see it (plain maps). */
        @SuppressWarnings("unchecked")
        static Map<String, Object> app(CoreBackend backend, String name) {
            Application app = backend.client()
                    .resources(Application.class)
                    .inNamespace(backend.namespace())
                    .withName(name)
                    .get();
            if (app == null) {
                throw new CliException("application '" + name + "' not found in namespace " + backend.namespace());
            }
            return backend.client().getKubernetesSerialization().convertValue(app, Map.class);
        }
    }

    @Command(
            name = "trigger",
            description = "Notification triggers.",
            mixinStandardHelpOptions = true,
            subcommands = {TriggerGet.class, TriggerRun.class})
    static class Trigger {}

    @Command(name = "get", description = "List triggers: NAME TEMPLATE CONDITION.")
    static class TriggerGet extends ClusterCommand {
        @Parameters(arity = "0..1", paramLabel = "NAME")
        String name;

        @Override
        int run(CoreBackend backend, NotificationTool tool, PrintWriter out) {
            List<String[]> rows = new ArrayList<>();
            new TreeMap<>(tool.settings().triggers()).forEach((n, t) -> {
                if (name != null && !name.equals(n)) {
                    return;
                }
                for (NotificationSettings.TriggerCondition c : t.conditions()) {
                    rows.add(new String[] {c.index() == 0 ? n : "", String.join(", ", c.send()), c.when()});
                }
            });
            if (name != null && rows.isEmpty()) {
                throw new CliException("trigger with name '" + name + "' does not exist");
            }
            Views.table(
                    out,
                    List.of("NAME", "TEMPLATE", "CONDITION"),
                    rows.stream().map(List::of).toList());
            tool.settings().problems().forEach((k, why) -> {
                if (k.startsWith("trigger.") && (name == null || k.equals("trigger." + name))) {
                    out.println(k + ": off: " + why);
                }
            });
            return 0;
        }
    }

    @Command(name = "run", description = "Evaluate a trigger's conditions for an app: CONDITION RESULT.")
    static class TriggerRun extends ClusterCommand {
        @Parameters(index = "0", paramLabel = "TRIGGER")
        String trigger;

        @Parameters(index = "1", paramLabel = "APP")
        String app;

        @Override
        int run(CoreBackend backend, NotificationTool tool, PrintWriter out) {
            List<String[]> rows = new ArrayList<>();
            for (NotificationTool.ConditionResult r : tool.run(trigger, app(backend, app))) {
                rows.add(new String[] {r.when(), r.result()});
            }
            Views.table(
                    out,
                    List.of("CONDITION", "RESULT"),
                    rows.stream().map(List::of).toList());
            return 0;
        }
    }

    @Command(
            name = "template",
            description = "Notification templates.",
            mixinStandardHelpOptions = true,
            subcommands = {TemplateGet.class, TemplateNotify.class})
    static class Template {}

    @Command(name = "get", description = "List templates: NAME PREVIEW.")
    static class TemplateGet extends ClusterCommand {
        @Parameters(arity = "0..1", paramLabel = "NAME")
        String name;

        @Override
        int run(CoreBackend backend, NotificationTool tool, PrintWriter out) {
            List<String[]> rows = new ArrayList<>();
            new TreeMap<>(tool.settings().templates()).forEach((n, t) -> {
                if (name == null || name.equals(n)) {
                    String text = t.message() == null ? "" : t.message().text().strip();
                    String first =
                            text.isEmpty() ? "" : text.lines().findFirst().orElse("");
                    rows.add(new String[] {n, first.length() > 100 ? first.substring(0, 99) + "..." : first});
                }
            });
            if (name != null && rows.isEmpty()) {
                throw new CliException("template with name '" + name + "' does not exist");
            }
            Views.table(
                    out, List.of("NAME", "PREVIEW"), rows.stream().map(List::of).toList());
            return 0;
        }
    }

    @Command(name = "notify", description = "Render a template for an app and send it now (no trigger, no state).")
    static class TemplateNotify extends ClusterCommand {
        @Parameters(index = "0", paramLabel = "TEMPLATE")
        String template;

        @Parameters(index = "1", paramLabel = "APP")
        String app;

        @Option(
                names = "--recipient",
                paramLabel = "SERVICE:RECIPIENT",
                description = "Where to send (repeatable; default console:stdout prints the notification).")
        List<String> recipients;

        @Override
        int run(CoreBackend backend, NotificationTool tool, PrintWriter out) {
            Map<String, Object> a = app(backend, app);
            int failed = 0;
            for (String r : recipients == null || recipients.isEmpty() ? List.of("console:stdout") : recipients) {
                int colon = r.indexOf(':');
                String service = colon < 0 ? r : r.substring(0, colon);
                String recipient = colon < 0 ? "" : r.substring(colon + 1);
                Notification n = tool.render(template, a, service, recipient);
                if (service.equals("console")) {
                    print(out, n);
                    continue;
                }
                try {
                    tool.send(service, recipient, n, Duration.ofSeconds(10));
                    out.println("sent to " + r);
                } catch (IllegalArgumentException | IllegalStateException e) {
                    err().println("failed to notify '" + r + "': " + e.getMessage());
                    failed++;
                }
            }
            return failed == 0 ? 0 : 1;
        }

        private static void print(PrintWriter out, Notification n) {
            field(out, "message", n.message());
            field(out, "email.subject", n.emailSubject());
            field(out, "email.body", n.emailBody());
            field(out, "slack.attachments", n.slackAttachments());
            field(out, "slack.blocks", n.slackBlocks());
            if (n.webhookMethod() != null) {
                field(out, "webhook.method", n.webhookMethod());
                field(out, "webhook.path", n.webhookPath());
                field(out, "webhook.body", n.webhookBody());
            }
        }

        private static void field(PrintWriter out, String name, String value) {
            if (value != null && !value.isEmpty()) {
                out.println(name + ": "
                        + (value.contains("\n") ? "|\n  " + value.strip().replace("\n", "\n  ") : value));
            }
        }
    }
}
