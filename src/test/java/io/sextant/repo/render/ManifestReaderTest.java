package io.sextant.repo.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.repo.RepoException;
import io.sextant.repo.Scenarios;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** How one manifest file's bytes become Kubernetes objects: one scenario per file in repo/manifests/. */
class ManifestReaderTest {

    static Stream<Named<JsonNode>> scenarios() {
        return Scenarios.of("manifests");
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void file(JsonNode scenario) throws Exception {
        RenderLimits limits = RenderLimits.DEFAULTS;
        if (scenario.has("limits")) {
            ObjectNode merged = Scenarios.YAML.valueToTree(limits);
            merged.setAll((ObjectNode) scenario.get("limits"));
            limits = Scenarios.YAML.treeToValue(merged, RenderLimits.class);
        }
        ManifestReader reader = new ManifestReader(new RenderBudget(limits));
        String file = scenario.get("file").asText();
        byte[] content = scenario.get("content").asText().getBytes(StandardCharsets.UTF_8);

        if (scenario.has("error")) {
            assertThatThrownBy(() -> reader.read(file, content)).isInstanceOfSatisfying(RepoException.class, e -> {
                assertThat(e.getMessage()).contains(scenario.get("error").asText());
                assertThat(e.reason().name()).isEqualTo(scenario.get("reason").asText());
                if (scenario.has("notInError")) {
                    assertThat(e.getMessage())
                            .doesNotContain(scenario.get("notInError").asText());
                }
            });
            return;
        }
        ManifestReader.FileResult result = reader.read(file, content);
        if (scenario.path("ignored").asBoolean()) {
            assertThat(result.ignored()).as("file is ignored").isTrue();
            return;
        }
        assertThat(result.ignored()).as("file is not ignored").isFalse();
        List<String> kindNames = new ArrayList<>();
        for (ObjectNode object : result.objects()) {
            JsonNode metadata = object.get("metadata");
            kindNames.add(object.get("kind").asText() + "/"
                    + metadata.path("name").asText(metadata.path("generateName").asText()));
        }
        List<String> expected = new ArrayList<>();
        scenario.get("expect").forEach(n -> expected.add(n.asText()));
        assertThat(kindNames).containsExactlyElementsOf(expected);

        ArrayNode all = Scenarios.YAML.createArrayNode().addAll(new ArrayList<>(result.objects()));
        scenario.path("values")
                .fields()
                .forEachRemaining(value ->
                        assertThat(all.at(value.getKey())).as(value.getKey()).isEqualTo(value.getValue()));
    }
}
