package io.sextant.controller.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Bad scale-out settings stop the controller with a message naming the setting and what to fix. */
class ShardSettingsTest {

    @Test
    void defaultsGiveATenSecondRenewDeadlineAndAFiveSecondHold() {
        ShardSettings s = config(null, "15s", "5s");
        assertThat(s.renewDeadline()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.hold()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.replicaId())
                .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")
                .endsWith("-" + ProcessHandle.current().pid());
        assertThat(config("controller-0", "15s", "5s").replicaId()).isEqualTo("controller-0");
    }

    @Test
    void badValuesAreRefusedWithTheSettingsName() {
        assertThatThrownBy(() -> config("Controller_0", "15s", "5s"))
                .hasMessageContaining("sextant.controller.replica-id 'Controller_0'")
                .hasMessageContaining("lowercase");
        assertThatThrownBy(() -> config("-a", "15s", "5s")).hasMessageContaining("replica-id");
        assertThatThrownBy(() -> config("x".repeat(64), "15s", "5s")).hasMessageContaining("63");
        assertThatThrownBy(() -> config(null, "15s", "6s"))
                .hasMessageContaining("sextant.controller.lease-renew-period")
                .hasMessageContaining("a third");
        assertThatThrownBy(() -> config(null, "2s", "0.5s"))
                .hasMessageContaining("sextant.controller.lease-duration")
                .hasMessageContaining("at least 3s");
        assertThatThrownBy(() -> config(null, "15500ms", "5s")).hasMessageContaining("whole seconds");
    }

    private static ShardSettings config(String id, String lease, String renew) {
        return ShardSettings.of(id, parse(lease), parse(renew), false);
    }

    private static Duration parse(String s) {
        return s.endsWith("ms")
                ? Duration.ofMillis(Long.parseLong(s.replace("ms", "")))
                : Duration.ofMillis((long) (Double.parseDouble(s.replace("s", "")) * 1000));
    }
}
