package io.sextant.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.notify.Subscriptions.Subscription;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * When notifications are due, as notifications-engine decides: once per oncePer value, again after a condition
 * without oncePer turned false; state keys as Argo CD writes them; settings problems named by key.
 */
class TriggerEvaluatorTest {

    private static final NotificationSettings SETTINGS = NotificationSettings.parse(
            Map.of(
                    "service.webhook.hook", "url: http://127.0.0.1:9/x",
                    "trigger.on-degraded-plain",
                            "- when: app.status.health.status == 'Degraded'\n  send: [app-health-degraded]\n"),
            Map.of());

    private static Map<String, Object> app(String health, String revision) {
        return Map.of(
                "metadata", Map.of("name", "guestbook"),
                "status",
                        Map.of(
                                "health", Map.of("status", health),
                                "operationState",
                                        Map.of("phase", "Succeeded", "syncResult", Map.of("revision", revision))));
    }

    private static TriggerEvaluator.Outcome look(String trigger, Map<String, Object> app, NotifiedState state) {
        return TriggerEvaluator.evaluate(
                app, List.of(new Subscription(trigger, "hook", "", "test")), SETTINGS, state, 1_700_000_000L);
    }

    @Test
    void oncePerRevisionSendsOncePerRevisionAndKeysAsArgoDoes() {
        NotifiedState state = NotifiedState.of(Map.of());
        assertThat(SETTINGS.problems()).isEmpty();
        assertThat(look("on-health-degraded", app("Degraded", "aaa"), state).due())
                .hasSize(1);
        assertThat(state.notifiedKeys().keySet())
                .singleElement()
                .asString()
                .matches("aaa:on-health-degraded:\\[0\\]\\.[A-Za-z0-9_-]{27}:hook:");
        assertThat(look("on-health-degraded", app("Degraded", "aaa"), state).due())
                .as("once")
                .isEmpty();
        assertThat(look("on-health-degraded", app("Healthy", "aaa"), state).changed())
                .as("with oncePer the key stays")
                .isFalse();
        assertThat(look("on-health-degraded", app("Degraded", "aaa"), state).due())
                .isEmpty();
        assertThat(look("on-health-degraded", app("Degraded", "bbb"), state).due())
                .as("a new revision")
                .hasSize(1);
        Map<String, String> written = state.annotations();
        assertThat(written.get(NotifiedState.PENDING)).contains("\"trigger\":\"on-health-degraded\"");
        NotifiedState read = NotifiedState.of(new HashMap<>(written));
        assertThat(read.pending()).hasSize(2);
        assertThat(read.notifiedKeys()).containsValue(1_700_000_000L);
    }

    @Test
    void withoutOncePerItSendsAgainAfterTheConditionTurnedFalse() {
        NotifiedState state = NotifiedState.of(Map.of());
        assertThat(look("on-degraded-plain", app("Degraded", "a"), state).due()).hasSize(1);
        assertThat(look("on-degraded-plain", app("Degraded", "a"), state).due()).isEmpty();
        assertThat(state.notifiedKeys().keySet()).singleElement().asString().startsWith("on-degraded-plain:[0].");
        assertThat(look("on-degraded-plain", app("Healthy", "a"), state).changed())
                .isTrue();
        assertThat(state.notifiedKeys()).isEmpty();
        assertThat(look("on-degraded-plain", app("Degraded", "a"), state).due()).hasSize(1);
    }

    @Test
    void pendingRecordsNotWrittenByTheControllerAreDropped() {
        NotifiedState state = NotifiedState.of(
                Map.of(
                        NotifiedState.NOTIFIED,
                        "{\"r1:on-sync-succeeded:[0].abc:hook:\": 1, \"r2:on-sync-succeeded:[0].abc:hook:\": 2}",
                        NotifiedState.PENDING,
                        "[{\"key\": \"r1:on-sync-succeeded:[0].abc:hook:\", \"trigger\": \"on-sync-succeeded\", \"condition\": 0,"
                                + " \"service\": \"hook\", \"recipient\": \"\"},"
                                + " {\"key\": \"forged\", \"trigger\": \"on-sync-succeeded\", \"condition\": 0, \"service\": \"hook\","
                                + " \"recipient\": \"\"},"
                                + " {\"key\": \"r2:on-sync-succeeded:[0].abc:hook:\", \"trigger\": \"on-sync-succeeded\", \"condition\": -1,"
                                + " \"service\": \"hook\", \"recipient\": \"\"},"
                                + " {\"key\": null, \"trigger\": \"x\", \"condition\": 0, \"service\": \"hook\", \"recipient\": \"\"}]"));
        assertThat(state.dropForgedPending()).isTrue();
        assertThat(state.pending())
                .extracting(NotifiedState.Pending::key)
                .containsExactly("r1:on-sync-succeeded:[0].abc:hook:");
    }

    @Test
    void theStateKeepsAtMostAHundredEntries() {
        NotifiedState state = NotifiedState.of(Map.of());
        for (int i = 0; i < 130; i++) {
            state.markNotified("k" + i, 1000 + i);
        }
        assertThat(state.notifiedKeys()).hasSize(100).containsKey("k129").doesNotContainKey("k0");
    }

    @Test
    void problemsAreNamedAndOnlyTheirKeyIsOff() {
        NotificationSettings s = NotificationSettings.parse(
                Map.of(
                        "trigger.broken", "- when: app.status.health.status = 'x'\n  send: [app-deployed]",
                        "trigger.no-template", "- when: 'true'\n  send: [nope]",
                        "template.bad", "message: '{{.app.metadata.name'",
                        "service.teams", "recipientUrls: {}",
                        "service.webhook.ftp", "url: ftp://example.com/x",
                        "service.webhook.secret", "url: https://example.com/$missing",
                        "service.email", "host: 127.0.0.1\nfrom: a@b\nport: 25\nsmtpPassword: x",
                        "unknownKey", "x",
                        "service.slack", "token: $slack-token\napiURL: http://127.0.0.1:9/api/"),
                Map.of("slack-token", "xoxb-secret"));
        assertThat(s.problems())
                .hasEntrySatisfying(
                        "trigger.broken",
                        m -> assertThat(m).contains("condition 0 (when)").contains("'='"))
                .hasEntrySatisfying("trigger.no-template", m -> assertThat(m).contains("template nope"))
                .hasEntrySatisfying("template.bad", m -> assertThat(m).contains("without }}"))
                .hasEntrySatisfying("service.teams", m -> assertThat(m).contains("cannot deliver to teams"))
                .hasEntrySatisfying("service.webhook.ftp", m -> assertThat(m).contains("http:// or https://"))
                .hasEntrySatisfying("service.webhook.secret", m -> assertThat(m).contains("$missing"))
                .hasEntrySatisfying("service.email", m -> assertThat(m).contains("smtpPassword"))
                .hasEntrySatisfying("unknownKey", m -> assertThat(m).contains("does not know"));
        assertThat(NotificationSettings.parse(
                                Map.of(
                                        "template.app-sync-failed", "message: '{{.app.metadata.name'",
                                        "trigger.mine", "- when: 'true'\n  send: [app-created]"),
                                Map.of())
                        .problems())
                .as("a trigger sending a broken template is off, so nothing is marked sent with nothing to send")
                .hasEntrySatisfying(
                        "trigger.on-sync-failed", m -> assertThat(m).contains("app-sync-failed, which cannot be used"))
                .doesNotContainKey("trigger.mine");
        assertThat(s.service("slack"))
                .get()
                .satisfies(x -> assertThat(x.text("token")).isEqualTo("xoxb-secret"));
        assertThat(s.trigger("on-deployed")).as("the catalogue is still there").isPresent();
        TriggerEvaluator.Outcome o = TriggerEvaluator.evaluate(
                app("Degraded", "a"),
                List.of(
                        new Subscription("broken", "slack", "c", "annotation"),
                        new Subscription("on-health-degraded", "teams", "c", "annotation"),
                        new Subscription("on-nothing", "slack", "c", "annotation")),
                s,
                NotifiedState.of(Map.of()),
                1L);
        assertThat(o.due()).isEmpty();
        assertThat(o.problems())
                .anySatisfy(p -> assertThat(p).contains("trigger broken cannot be used"))
                .anySatisfy(p ->
                        assertThat(p).contains("service teams cannot be used").contains("cannot deliver to teams"))
                .anySatisfy(p -> assertThat(p).contains("trigger on-nothing is not defined"));
    }

    @Test
    void subscriptionsComeFromAnnotationsProjectsAndTheConfigMap() {
        io.sextant.model.Application a = new io.sextant.model.Application();
        a.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                .withName("guestbook")
                .withLabels(Map.of("team", "web"))
                .withAnnotations(Map.of(
                        "notifications.argoproj.io/subscribe.on-sync-failed.slack", "chan-a; chan-b ;",
                        "notifications.argoproj.io/subscribe.hook", ""))
                .build());
        io.sextant.model.AppProject p = new io.sextant.model.AppProject();
        p.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                .withName("default")
                .withAnnotations(Map.of("notifications.argoproj.io/subscribe.on-sync-failed.slack", "chan-a"))
                .build());
        NotificationSettings s = NotificationSettings.parse(
                Map.of(
                        "defaultTriggers",
                        "[on-deployed, on-sync-failed]",
                        "subscriptions",
                        "- recipients: [email:ops@example.com]\n  triggers: [on-health-degraded]\n"
                                + "  selector: team=web\n- recipients: [email:db@example.com]\n  selector: team=db\n"),
                Map.of());
        assertThat(Subscriptions.of(a, p, s))
                .extracting(x -> x.trigger() + " " + x.destination())
                .containsExactly(
                        "on-deployed hook:",
                        "on-sync-failed hook:",
                        "on-sync-failed slack:chan-a",
                        "on-sync-failed slack:chan-b",
                        "on-health-degraded email:ops@example.com");
    }
}
