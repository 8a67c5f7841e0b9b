package io.sextant.repo.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sextant.model.ApplicationSource;
import io.sextant.repo.RepoException;
import io.sextant.repo.Scenarios;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Argo CD's source type rules: one scenario per file in repo/source-types/. */
class SourceTypesTest {

    static Stream<Named<JsonNode>> scenarios() {
        return Scenarios.of("source-types");
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void sourceType(JsonNode scenario) throws Exception {
        ApplicationSource source = Scenarios.YAML.treeToValue(scenario.get("source"), ApplicationSource.class);
        List<String> files = new ArrayList<>();
        scenario.get("files").forEach(f -> files.add(f.asText()));
        if (scenario.has("error")) {
            assertThatThrownBy(() -> SourceTypes.explicit(source))
                    .isInstanceOf(RepoException.class)
                    .hasMessageContaining(scenario.get("error").asText());
            return;
        }
        Optional<SourceType> explicit = SourceTypes.explicit(source);
        SourceType type = explicit.orElseGet(
                () -> SourceTypes.fromFileNames(files.stream().sorted().toList()));
        assertThat(type.argoName()).isEqualTo(scenario.get("expect").asText());
    }
}
