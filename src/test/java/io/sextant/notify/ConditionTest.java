package io.sextant.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Trigger conditions in the expr syntax of Argo CD's catalogue, and the refusals of what they do not read. */
class ConditionTest {

    private static Map<String, Object> app(String phase, String health) {
        Map<String, Object> status = new java.util.HashMap<>();
        status.put("health", Map.of("status", health));
        if (phase != null) {
            status.put(
                    "operationState",
                    Map.of(
                            "phase", phase,
                            "finishedAt", Instant.now().minusSeconds(600).toString(),
                            "syncResult", Map.of("revision", "abc")));
        }
        return Map.of("app", Map.of("metadata", Map.of("name", "guestbook"), "status", status));
    }

    @Test
    void theCataloguesConditionsHoldWhereTheyShould() {
        Condition deployed = Condition.parse("app.status.operationState != nil and app.status.operationState.phase in"
                + " ['Succeeded'] and app.status.health.status == 'Healthy'");
        assertThat(deployed.test(app("Succeeded", "Healthy"))).isTrue();
        assertThat(deployed.test(app("Succeeded", "Degraded"))).isFalse();
        assertThat(deployed.test(app(null, "Healthy"))).as("no operation yet").isFalse();
        Condition failed = Condition.parse("app.status.operationState.phase in ['Error', 'Failed']");
        assertThat(failed.test(app("Failed", "Healthy"))).isTrue();
        assertThat(failed.test(app(null, "Healthy")))
                .as("a member of nil is nil")
                .isFalse();
        assertThat(Condition.parse("not (app.status.health.status == 'Healthy') || false")
                        .test(app(null, "Degraded")))
                .isTrue();
        assertThat(Condition.parse("app.status.health.status not in ['Healthy']")
                        .test(app(null, "Healthy")))
                .isFalse();
        assertThat(Condition.parse("time.Now().Sub(time.Parse(app.status.operationState.finishedAt)).Minutes() >= 5")
                        .test(app("Failed", "Healthy")))
                .isTrue();
        assertThat(Condition.parse("app.status.operationState?.syncResult?.revision")
                        .evaluate(app("Failed", "x")))
                .isEqualTo("abc");
        assertThat(Condition.parse("app.status.operationState?.syncResult?.revision")
                        .evaluate(app(null, "x")))
                .isNull();
        assertThat(Condition.parse("len(app.metadata.name) == 9 && \"x\" + 'y' == 'xy'")
                        .test(app(null, "x")))
                .isTrue();
        assertThat(Condition.parse("true").test(Map.of("app", Map.of()))).isTrue();
        assertThat(Condition.parse("[1, 2][1] == 2.0").test(Map.of("app", List.of())))
                .isTrue();
    }

    @Test
    void whatItCannotReadIsRefusedWithWhere() {
        assertThatThrownBy(() -> Condition.parse("app.status.health.status = 'Healthy'"))
                .hasMessageContaining("unexpected '='")
                .hasMessageContaining("position 26");
        assertThatThrownBy(() -> Condition.parse("app.status.health.status == 'Healthy"))
                .hasMessageContaining("is not closed");
        assertThatThrownBy(() -> Condition.parse("strings.ToUpper(app.metadata.name) == 'X'"))
                .hasMessageContaining("unknown name strings");
        assertThatThrownBy(() -> Condition.parse("app.metadata.name.Upper() == 'X'"))
                .hasMessageContaining("unknown function")
                .hasMessageContaining("Upper()");
        assertThatThrownBy(() -> Condition.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> Condition.parse("(".repeat(1000) + "true" + ")".repeat(1000)))
                .hasMessageContaining("nested deeper than 32");
        assertThatThrownBy(() -> Condition.parse("true and ".repeat(5000) + "true"))
                .hasMessageContaining("longer than 4096");
        assertThat(Condition.parse("true and ".repeat(400) + "true").test(Map.of("app", Map.of())))
                .isTrue();
        assertThat(Condition.parse("!".repeat(4000) + "true").test(Map.of("app", Map.of())))
                .isTrue();
        assertThatThrownBy(() -> Condition.parse("app.status.health.status ==")).hasMessageContaining("the end");
        assertThatThrownBy(() -> Condition.parse("app.metadata.name").test(app(null, "x")))
                .hasMessageContaining("not true or false");
        assertThatThrownBy(() -> Condition.parse("app.metadata.name < 3").test(app(null, "x")))
                .hasMessageContaining("cannot compare");
    }
}
