package io.sextant.controller.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectorBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.Executors;
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

    /**
     * Every accepted lease setting gives fabric8's leader elector a configuration it takes: the defaults once
     * did not (renew deadline 10 s, not above 2.2 retry periods of 5 s), and a controller with sharding on
     * failed to start.
     */
    @Test
    void everyAcceptedSettingStartsTheLeaderElection() {
        for (String[] t : new String[][] {{"15s", "5s"}, {"3s", "1s"}, {"6s", "2s"}, {"10s", "2s"}, {"60s", "20s"}}) {
            ShardSettings s = config("c", t[0], t[1]);
            var elector = new LeaderElectionConfigBuilder()
                    .withName("sextant-controller")
                    .withLock(new LeaseLock("ns", "lock", "c"))
                    .withLeaseDuration(s.leaseDuration())
                    .withRenewDeadline(s.renewDeadline())
                    .withRetryPeriod(Leader.retryPeriod(s))
                    .withLeaderCallbacks(new LeaderCallbacks(() -> {}, () -> {}, id -> {}))
                    .build();
            assertThatCode(() -> new LeaderElectorBuilder(null, Executors.newSingleThreadExecutor())
                            .withConfig(elector)
                            .build())
                    .as("lease %s, renewed every %s", t[0], t[1])
                    .doesNotThrowAnyException();
        }
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
