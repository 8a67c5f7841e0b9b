package io.sextant.diff;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sextant.model.ResourceIgnoreDifferences;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The scenario fixtures under {@code src/test/resources/diff/}, one YAML file per scenario (as
 * gitops-engine's testdata): {@code target}, {@code predicted}, {@code live} (each optional),
 * {@code rules} (the Application's ignoreDifferences), {@code settings} (settings ConfigMap data),
 * {@code options} and {@code expect}.
 */
final class DiffScenarios {

    static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory()).configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private DiffScenarios() {}

    /** One fixture file, read when its test runs so a malformed file fails that test alone. */
    record Scenario(String file, JsonNode parsed) {

        JsonNode doc() {
            return parsed != null ? parsed : read(file);
        }

        ObjectNode object(String field) {
            JsonNode node = doc().get(field);
            return node instanceof ObjectNode o ? o.deepCopy() : null;
        }

        List<ResourceIgnoreDifferences> rules() {
            JsonNode rules = doc().get("rules");
            return rules == null ? List.of() : YAML.convertValue(rules, new TypeReference<>() {});
        }

        Map<String, String> settings() {
            JsonNode settings = doc().get("settings");
            return settings == null ? Map.of() : YAML.convertValue(settings, new TypeReference<>() {});
        }

        DiffOptions options() {
            DiffOptions options = DiffOptions.defaults();
            JsonNode o = doc().path("options");
            if (o.has("statusMode")) {
                options = options.withStatusMode(
                        DiffOptions.StatusMode.parse(o.get("statusMode").asText()));
            }
            if (o.has("jqTimeoutMillis")) {
                options = options.withJqTimeout(
                        Duration.ofMillis(o.get("jqTimeoutMillis").asLong()));
            }
            return options;
        }

        JsonNode expect() {
            return doc().path("expect");
        }

        List<String> strings(String field) {
            JsonNode list = expect().get(field);
            return list == null ? List.of() : YAML.convertValue(list, new TypeReference<>() {});
        }
    }

    static Stream<Scenario> all() {
        try {
            URL url = DiffScenarios.class.getClassLoader().getResource("diff");
            Path dir = Path.of(url.toURI());
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream()
                        .map(p -> new Scenario(p.getFileName().toString(), null));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Scenario load(String file) {
        return new Scenario(file, read(file));
    }

    private static JsonNode read(String file) {
        try (var in = DiffScenarios.class.getClassLoader().getResourceAsStream("diff/" + file)) {
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
