package io.sextant.notify;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sextant.template.GoTemplate;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What ConfigMap {@code sextant-notifications-cm} and Secret {@code sextant-notifications-secret} say, read with
 * the keys of Argo CD's argocd-notifications-cm (operator-manual/notifications): {@code service.<type>[.<name>]},
 * {@code template.<name>}, {@code trigger.<name>}, {@code defaultTriggers[.<service>]}, {@code context},
 * {@code subscriptions}, over the built-in {@link Catalog}. {@code $key} in a service's values is the Secret's
 * key. A key that cannot be read is kept as a problem and only that key is off; every other key works.
 * Service types other than webhook, email and slack, and keys Sextant does not know, are problems too: refused
 * by name, never ignored. Immutable.
 */
public final class NotificationSettings {

    public static final String CONFIG_MAP = "sextant-notifications-cm";
    public static final String SECRET = "sextant-notifications-secret";
    /** The service types Sextant delivers to. */
    static final List<String> TYPES = List.of("webhook", "email", "slack");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern SECRET_REF = Pattern.compile("\\$([\\w.-]+)");

    /** A configured service: its name (what subscriptions name), type and settings with secrets filled in. */
    public record Service(String name, String type, JsonNode settings) {
        String text(String field) {
            JsonNode n = settings.get(field);
            return n == null || n.isNull() ? null : n.asText();
        }
    }

    /** One condition of a trigger: its place, {@code when}, {@code oncePer} (or null) and templates. */
    public record TriggerCondition(
            int index, String when, Condition condition, Condition oncePer, List<String> send, String description) {
        /** Argo's condition key: {@code [index].} and the unpadded base64url of the SHA-1 of {@code when}. */
        String key() {
            try {
                byte[] sha = MessageDigest.getInstance("SHA-1").digest(when.getBytes(StandardCharsets.UTF_8));
                return "[" + index + "]."
                        + Base64.getUrlEncoder().withoutPadding().encodeToString(sha);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public record Trigger(String name, List<TriggerCondition> conditions) {}

    /** A template's parts: message, e-mail subject and body, slack attachments and blocks, webhook requests. */
    public record Template(
            String name,
            GoTemplate message,
            GoTemplate emailSubject,
            GoTemplate emailBody,
            GoTemplate slackAttachments,
            GoTemplate slackBlocks,
            Map<String, WebhookRequest> webhooks) {}

    public record WebhookRequest(String method, GoTemplate path, GoTemplate body) {}

    /** A {@code subscriptions} entry: {@code service:recipient} strings, triggers (empty: the defaults), selector. */
    public record Subscription(List<String> recipients, List<String> triggers, String selector) {}

    private final Map<String, Service> services;
    private final Map<String, Template> templates;
    private final Map<String, Trigger> triggers;
    private final List<String> defaultTriggers;
    private final Map<String, List<String>> defaultTriggersByService;
    private final Map<String, Object> context;
    private final List<Subscription> subscriptions;
    private final Map<String, String> problems;

    private NotificationSettings(Builder b) {
        this.services = Map.copyOf(b.services);
        this.templates = Map.copyOf(b.templates);
        this.triggers = Map.copyOf(b.triggers);
        this.defaultTriggers = List.copyOf(b.defaultTriggers);
        this.defaultTriggersByService = Map.copyOf(b.defaultTriggersByService);
        this.context = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.context));
        this.subscriptions = List.copyOf(b.subscriptions);
        this.problems = java.util.Collections.unmodifiableMap(new TreeMap<>(b.problems));
    }

    /** Nothing configured: the catalogue only, no services. */
    public static NotificationSettings empty() {
        return parse(Map.of(), Map.of());
    }

    /**
     * Reads the ConfigMap's data over the catalogue, with the Secret's (decoded) data for {@code $key}; a null
     * Secret leaves {@code $key} as written (for showing what is configured, never for sending).
     */
    public static NotificationSettings parse(Map<String, String> configMap, Map<String, String> secret) {
        Map<String, String> data = new LinkedHashMap<>(Catalog.defaults());
        if (configMap != null) {
            data.putAll(configMap);
        }
        Builder b = new Builder();
        for (Map.Entry<String, String> e : data.entrySet()) {
            String key = e.getKey();
            String value = e.getValue() == null ? "" : e.getValue();
            try {
                b.read(key, value, secret);
            } catch (Condition.ConditionException | GoTemplate.TemplateException | IllegalArgumentException e2) {
                b.problems.put(key, e2.getMessage());
            } catch (StackOverflowError e2) {
                // A bound above should have caught it; whatever slipped through turns only this key off.
                b.problems.put(key, "too deeply nested to read");
            }
        }
        for (Trigger t : b.triggers.values()) {
            for (TriggerCondition c : t.conditions()) {
                for (String tpl : c.send()) {
                    if (b.problems.containsKey("template." + tpl)) {
                        // Off until the template is mended: firing would mark it sent with nothing to send.
                        b.problems.put(
                                "trigger." + t.name(),
                                "sends template " + tpl + ", which cannot be used: "
                                        + b.problems.get("template." + tpl));
                    } else if (!b.templates.containsKey(tpl)) {
                        b.problems.put("trigger." + t.name(), "sends template " + tpl + ", which is not defined");
                    }
                }
            }
        }
        return new NotificationSettings(b);
    }

    private static final class Builder {
        final Map<String, Service> services = new LinkedHashMap<>();
        final Map<String, Template> templates = new LinkedHashMap<>();
        final Map<String, Trigger> triggers = new LinkedHashMap<>();
        List<String> defaultTriggers = List.of();
        final Map<String, List<String>> defaultTriggersByService = new LinkedHashMap<>();
        Map<String, Object> context = new LinkedHashMap<>();
        final List<Subscription> subscriptions = new ArrayList<>();
        final Map<String, String> problems = new LinkedHashMap<>();

        void read(String key, String value, Map<String, String> secret) {
            if (key.startsWith("service.")) {
                service(key, value, secret);
            } else if (key.startsWith("template.")) {
                String name = key.substring("template.".length());
                templates.put(name, template(name, yaml(value)));
            } else if (key.startsWith("trigger.")) {
                String name = key.substring("trigger.".length());
                triggers.put(name, trigger(name, yaml(value)));
            } else if (key.equals("defaultTriggers")) {
                defaultTriggers = names(yaml(value), key);
            } else if (key.startsWith("defaultTriggers.")) {
                defaultTriggersByService.put(key.substring("defaultTriggers.".length()), names(yaml(value), key));
            } else if (key.equals("context")) {
                JsonNode n = yaml(value);
                if (!n.isObject()) {
                    throw new IllegalArgumentException(
                            "context is a map of names to texts, e.g. argocdUrl: https://...");
                }
                context = YAML.convertValue(n, new TypeReference<LinkedHashMap<String, Object>>() {});
            } else if (key.equals("subscriptions")) {
                subscriptions(yaml(value));
            } else {
                throw new IllegalArgumentException(
                        "Sextant does not know the key " + key + " (keys: service.<type>[.<name>],"
                                + " template.<name>, trigger.<name>, defaultTriggers[.<service>], context, subscriptions)");
            }
        }

        private void service(String key, String value, Map<String, String> secret) {
            String[] parts = key.split("\\.", -1);
            if (parts.length < 2
                    || parts.length > 3
                    || parts[1].isEmpty()
                    || (parts.length == 3 && parts[2].isEmpty())) {
                throw new IllegalArgumentException("a service key is service.<type> or service.<type>.<name>");
            }
            String type = parts[1];
            if (!TYPES.contains(type)) {
                throw new IllegalArgumentException("Sextant cannot deliver to " + type + " services (it delivers to "
                        + String.join(", ", TYPES) + ")");
            }
            String name = parts.length == 3 ? parts[2] : type;
            if (type.equals("webhook") && parts.length != 3) {
                throw new IllegalArgumentException("a webhook is service.webhook.<name>");
            }
            JsonNode settings = withSecrets(yaml(value), secret, key);
            if (!settings.isObject()) {
                throw new IllegalArgumentException("a service's value is a map of settings");
            }
            if (secret != null) {
                ServiceChecks.check(type, name, settings);
            }
            services.put(name, new Service(name, type, settings));
        }

        private static JsonNode withSecrets(JsonNode n, Map<String, String> secret, String key) {
            if (secret == null) {
                return n; // read without the Secret (the pages): $refs stay as written
            }
            if (n.isTextual()) {
                Matcher m = SECRET_REF.matcher(n.asText());
                StringBuilder out = new StringBuilder();
                while (m.find()) {
                    String ref = m.group(1);
                    if (!secret.containsKey(ref)) {
                        throw new IllegalArgumentException(
                                key + " refers to $" + ref + ", which is not a key of Secret " + SECRET);
                    }
                    m.appendReplacement(out, Matcher.quoteReplacement(secret.get(ref)));
                }
                m.appendTail(out);
                return com.fasterxml.jackson.databind.node.TextNode.valueOf(out.toString());
            }
            if (n.isObject()) {
                com.fasterxml.jackson.databind.node.ObjectNode o = YAML.createObjectNode();
                n.fields().forEachRemaining(f -> o.set(f.getKey(), withSecrets(f.getValue(), secret, key)));
                return o;
            }
            if (n.isArray()) {
                com.fasterxml.jackson.databind.node.ArrayNode a = YAML.createArrayNode();
                n.forEach(x -> a.add(withSecrets(x, secret, key)));
                return a;
            }
            return n;
        }

        private static Template template(String name, JsonNode n) {
            if (!n.isObject()) {
                throw new IllegalArgumentException("a template is a map with message, email, slack or webhook");
            }
            known(n, "template." + name, "message", "title", "email", "slack", "webhook");
            JsonNode email = n.path("email");
            JsonNode slack = n.path("slack");
            known(email, "template." + name + " email", "subject", "body");
            known(slack, "template." + name + " slack", "attachments", "blocks", "username", "icon");
            Map<String, WebhookRequest> hooks = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.path("webhook").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> h = it.next();
                known(h.getValue(), "template." + name + " webhook." + h.getKey(), "method", "path", "body");
                String method = h.getValue().path("method").asText("GET").toUpperCase(java.util.Locale.ROOT);
                if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    throw new IllegalArgumentException("webhook." + h.getKey() + " method " + method
                            + " is not one of GET, POST, PUT, PATCH, DELETE");
                }
                hooks.put(
                        h.getKey(),
                        new WebhookRequest(
                                method,
                                tpl(
                                        name,
                                        "webhook." + h.getKey() + ".path",
                                        h.getValue().path("path")),
                                tpl(
                                        name,
                                        "webhook." + h.getKey() + ".body",
                                        h.getValue().path("body"))));
            }
            return new Template(
                    name,
                    tpl(name, "message", n.path("message")),
                    tpl(name, "email.subject", email.path("subject")),
                    tpl(name, "email.body", email.path("body")),
                    tpl(name, "slack.attachments", slack.path("attachments")),
                    tpl(name, "slack.blocks", slack.path("blocks")),
                    Map.copyOf(hooks));
        }

        private static GoTemplate tpl(String template, String part, JsonNode n) {
            if (n.isMissingNode() || n.isNull()) {
                return null;
            }
            if (!n.isValueNode()) {
                throw new IllegalArgumentException("template." + template + " " + part + " is a text");
            }
            return GoTemplate.parse("template." + template + " " + part, n.asText());
        }

        private static void known(JsonNode n, String where, String... fields) {
            if (n.isMissingNode()) {
                return;
            }
            List<String> allowed = List.of(fields);
            n.fieldNames().forEachRemaining(f -> {
                if (!allowed.contains(f)) {
                    throw new IllegalArgumentException(
                            where + ": Sextant does not support the field " + f + " (it reads " + allowed + ")");
                }
            });
        }

        private static Trigger trigger(String name, JsonNode n) {
            List<JsonNode> items = new ArrayList<>();
            if (n.isArray()) {
                n.forEach(items::add);
            } else if (n.isObject()) {
                items.add(n);
            } else {
                throw new IllegalArgumentException("a trigger is a list of conditions with when and send");
            }
            List<TriggerCondition> conditions = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                JsonNode c = items.get(i);
                known(c, "trigger." + name + "[" + i + "]", "when", "send", "oncePer", "description");
                String when = c.path("when").asText("");
                Condition condition;
                try {
                    condition = Condition.parse(when);
                } catch (Condition.ConditionException e) {
                    throw new IllegalArgumentException("condition " + i + " (when): " + e.getMessage());
                }
                Condition oncePer = null;
                if (c.hasNonNull("oncePer") && !c.path("oncePer").asText().isBlank()) {
                    try {
                        oncePer = Condition.parse(c.path("oncePer").asText());
                    } catch (Condition.ConditionException e) {
                        throw new IllegalArgumentException("condition " + i + " (oncePer): " + e.getMessage());
                    }
                }
                List<String> send = names(c.path("send"), "trigger." + name + " send");
                if (send.isEmpty()) {
                    throw new IllegalArgumentException("condition " + i + " sends no template (send: [a-template])");
                }
                conditions.add(new TriggerCondition(
                        i, when, condition, oncePer, send, c.path("description").asText("")));
            }
            return new Trigger(name, List.copyOf(conditions));
        }

        private void subscriptions(JsonNode n) {
            if (!n.isArray()) {
                throw new IllegalArgumentException("subscriptions is a list of {recipients, triggers, selector}");
            }
            for (JsonNode s : n) {
                known(s, "subscriptions", "recipients", "triggers", "selector");
                List<String> recipients = names(s.path("recipients"), "subscriptions recipients");
                if (recipients.isEmpty()) {
                    throw new IllegalArgumentException("a subscription needs recipients such as slack:my-channel");
                }
                String selector = s.path("selector").asText("");
                io.sextant.model.LabelSelectors.parse(selector); // refused now, not when an app is looked at
                subscriptions.add(
                        new Subscription(recipients, names(s.path("triggers"), "subscriptions triggers"), selector));
            }
        }

        private static List<String> names(JsonNode n, String where) {
            if (n.isMissingNode() || n.isNull()) {
                return List.of();
            }
            if (!n.isArray()) {
                throw new IllegalArgumentException(where + " is a list of names");
            }
            List<String> out = new ArrayList<>();
            n.forEach(x -> out.add(x.asText().strip()));
            return List.copyOf(out);
        }

        private static JsonNode yaml(String value) {
            try {
                JsonNode n = YAML.readTree(value);
                return n == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : n;
            } catch (java.io.IOException e) {
                String msg = e.getMessage() == null ? "" : e.getMessage().split("\n")[0];
                throw new IllegalArgumentException("not valid YAML: " + msg);
            }
        }
    }

    public Optional<Service> service(String name) {
        return Optional.ofNullable(services.get(name));
    }

    public Map<String, Service> services() {
        return services;
    }

    public Optional<Trigger> trigger(String name) {
        return Optional.ofNullable(triggers.get(name));
    }

    public Map<String, Trigger> triggers() {
        return triggers;
    }

    public Optional<Template> template(String name) {
        return Optional.ofNullable(templates.get(name));
    }

    public Map<String, Template> templates() {
        return templates;
    }

    /** The triggers of a subscription that names none, for {@code service}. */
    public List<String> defaultTriggers(String service) {
        return defaultTriggersByService.getOrDefault(service, defaultTriggers);
    }

    public Map<String, Object> context() {
        return context;
    }

    public List<Subscription> subscriptions() {
        return subscriptions;
    }

    /** Keys that could not be read, with why (only those keys are off). */
    public Map<String, String> problems() {
        return problems;
    }

    /** Why {@code trigger.<name>}, {@code template.<name>} or {@code service...<name>} is off, if it is. */
    public Optional<String> problem(String key) {
        return Optional.ofNullable(problems.get(key));
    }

    /** The problem of the service a subscription names, under whichever key defined it. */
    public Optional<String> serviceProblem(String name) {
        for (Map.Entry<String, String> e : problems.entrySet()) {
            String k = e.getKey();
            if (k.startsWith("service.")
                    && (k.endsWith("." + name) && k.split("\\.").length == 3 || k.equals("service." + name))) {
                return Optional.of(k + ": " + e.getValue());
            }
        }
        return Optional.empty();
    }
}
