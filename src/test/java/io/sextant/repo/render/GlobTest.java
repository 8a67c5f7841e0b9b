package io.sextant.repo.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sextant.repo.RepoException;
import io.sextant.repo.Scenarios;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** directory.include / exclude glob semantics: one scenario per file in repo/glob/. */
class GlobTest {

    static Stream<Named<JsonNode>> scenarios() {
        return Scenarios.of("glob");
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void glob(JsonNode scenario) {
        String pattern = scenario.get("pattern").asText();
        if (scenario.has("error")) {
            assertThatThrownBy(() -> Glob.compile(pattern, "directory.include"))
                    .isInstanceOfSatisfying(RepoException.class, e -> {
                        assertThat(e.reason()).isEqualTo(RepoException.Reason.INVALID_ARGUMENT);
                        assertThat(e.getMessage()).contains("directory.include").contains(scenario.get("error").asText());
                    });
            return;
        }
        Glob glob = Glob.compile(pattern, "directory.include");
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            for (JsonNode path : scenario.path("matches")) {
                assertThat(glob.matches(path.asText())).as("%s matches %s", pattern, path.asText()).isTrue();
            }
            for (JsonNode path : scenario.path("noMatch")) {
                assertThat(glob.matches(path.asText())).as("%s does not match %s", pattern, path.asText()).isFalse();
            }
        });
    }
}
