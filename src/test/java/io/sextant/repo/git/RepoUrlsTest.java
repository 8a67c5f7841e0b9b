package io.sextant.repo.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sextant.repo.RepoException;
import io.sextant.repo.Scenarios;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Which repository URLs are fetched, and their normal forms: one scenario per file in repo/urls/. */
class RepoUrlsTest {

    static Stream<Named<JsonNode>> scenarios() {
        return Scenarios.of("urls");
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void url(JsonNode scenario) {
        String url = scenario.get("url").asText();
        if (scenario.get("valid").asBoolean()) {
            assertThat(RepoUrls.validate(url).name())
                    .isEqualTo(scenario.path("kind").asText());
            if (scenario.has("cacheKey")) {
                assertThat(RepoUrls.cacheKey(url))
                        .isEqualTo(scenario.get("cacheKey").asText());
            }
            if (scenario.has("matchKey")) {
                assertThat(RepoUrls.normalizeForMatching(url))
                        .isEqualTo(scenario.get("matchKey").asText());
            }
        } else {
            assertThatThrownBy(() -> RepoUrls.validate(url)).isInstanceOfSatisfying(RepoException.class, e -> {
                assertThat(e.reason()).isEqualTo(RepoException.Reason.INVALID_URL);
                assertThat(e.getMessage()).contains(scenario.get("error").asText());
                assertThat(e.getMessage()).doesNotContain("\n");
                if (scenario.has("notInError")) {
                    assertThat(e.getMessage())
                            .doesNotContain(scenario.get("notInError").asText());
                }
            });
        }
    }
}
