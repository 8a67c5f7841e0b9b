package io.sextant.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Argo CD's status and phase spellings, held in one set of enums: what they are (from Argo CD's API types
 * and its docs), that they read back, that JSON writes them as Argo does, and that a value from elsewhere is
 * not mistaken for one.
 */
class ProtocolValuesTest {

    @Test
    void theSpellingsAreArgoCds() {
        assertThat(codes(SyncStatusCode.values(), SyncStatusCode::code))
                .containsExactly("Synced", "OutOfSync", "Unknown");
        assertThat(codes(HealthStatusCode.values(), HealthStatusCode::code))
                .containsExactly("Healthy", "Progressing", "Degraded", "Suspended", "Missing", "Unknown");
        assertThat(codes(OperationPhase.values(), OperationPhase::code))
                .containsExactly("Running", "Terminating", "Failed", "Error", "Succeeded");
        assertThat(codes(ResultCode.values(), ResultCode::code))
                .containsExactly("Synced", "SyncFailed", "Pruned", "PruneSkipped");
        assertThat(codes(ConnectionStatus.values(), ConnectionStatus::code))
                .containsExactly("Successful", "Failed", "Unknown");
    }

    @Test
    void valuesReadBackAndOthersAreNotMistakenForThem() throws Exception {
        for (OperationPhase p : OperationPhase.values()) {
            assertThat(OperationPhase.of(p.code())).contains(p);
            assertThat(p.is(p.code())).isTrue();
        }
        assertThat(OperationPhase.of("running"))
                .as("case matters, as in Argo CD")
                .isEmpty();
        assertThat(OperationPhase.of(null)).isEmpty();
        assertThat(HealthStatusCode.of("Pending")).isEmpty();
        assertThat(OperationPhase.isCompleted("Succeeded")).isTrue();
        assertThat(OperationPhase.isCompleted("Terminating")).isFalse();
        assertThat(OperationPhase.inProgress("Terminating")).isTrue();
        assertThat(OperationPhase.inProgress("Error")).isFalse();
        assertThat(SyncStatusCode.SYNCED.is("OutOfSync")).isFalse();
        assertThat(new ObjectMapper()
                        .writeValueAsString(
                                Map.of("phase", OperationPhase.SUCCEEDED, "status", ResultCode.PRUNE_SKIPPED)))
                .contains("\"phase\":\"Succeeded\"")
                .contains("\"status\":\"PruneSkipped\"");
    }

    private static <E> List<String> codes(E[] values, Function<E, String> code) {
        return Arrays.stream(values).map(code).toList();
    }
}
