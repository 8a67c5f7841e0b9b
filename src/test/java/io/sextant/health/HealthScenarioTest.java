package io.sextant.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every scenario under {@code src/test/resources/health/<kind>/}: an object (and optionally the objects
 * it owns, linked by ownerReferences uid) and the health a user would see for it in the UI — status,
 * and the message exactly ({@code messageEquals}, {@code ""} for none) or in part ({@code messageContains}),
 * one of the two always. {@code status:
 * none} means the kind has no health. Runs through {@link HealthAssessor} with built-in rules only.
 */
class HealthScenarioTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final HealthAssessor ASSESSOR = new HealthAssessor();

    @TestFactory
    Stream<DynamicTest> scenarios() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path dir : kindDirectories()) {
            for (Path file : yamlFiles(dir)) {
                String name = dir.getFileName() + "/" + file.getFileName();
                tests.add(DynamicTest.dynamicTest(name, () -> run(file)));
            }
        }
        return tests.stream();
    }

    @Test
    void everyKindHasAtLeastThreeScenarios() throws IOException {
        List<String> kinds = new ArrayList<>();
        for (Path dir : kindDirectories()) {
            kinds.add(dir.getFileName().toString());
            assertThat(yamlFiles(dir)).as("scenarios for %s", dir.getFileName()).hasSizeGreaterThanOrEqualTo(3);
        }
        assertThat(kinds)
                .contains(
                        "deployment",
                        "statefulset",
                        "daemonset",
                        "replicaset",
                        "pod",
                        "service",
                        "ingress",
                        "persistentvolumeclaim",
                        "job",
                        "cronjob",
                        "horizontalpodautoscaler",
                        "apiservice",
                        "application",
                        "no-rule");
    }

    private static void run(Path file) throws IOException {
        JsonNode doc = YAML.readTree(file.toFile());
        ObjectNode obj = (ObjectNode) doc.get("object");
        List<ObjectNode> children = new ArrayList<>();
        doc.path("children").forEach(c -> children.add((ObjectNode) c));
        JsonNode expected = doc.get("expected");
        String description = doc.path("description").asText(file.getFileName().toString());

        Optional<Health> health = ASSESSOR.assess(obj, Children.of(children));

        String status = expected.get("status").asText();
        if (status.equals("none")) {
            assertThat(health).as(description).isEmpty();
            return;
        }
        assertThat(health).as(description).isPresent();
        assertThat(health.get().status())
                .as("%s\nmessage: %s", description, health.get().message())
                .isEqualTo(status);
        // Argo CD's own health tests compare the message too: a status with the wrong words is a wrong
        // health on the page, so every scenario says which message a user sees ("" when none).
        assertThat(expected.has("messageEquals") || expected.has("messageContains"))
                .as(
                        "%s: the scenario must name its message; this rule gives messageEquals: \"%s\"",
                        file, health.get().message())
                .isTrue();
        if (expected.has("messageEquals")) {
            assertThat(health.get().message())
                    .as(description)
                    .isEqualTo(expected.get("messageEquals").asText());
        }
        if (expected.has("messageContains")) {
            assertThat(health.get().message())
                    .as(description)
                    .contains(expected.get("messageContains").asText());
        }
    }

    private static List<Path> kindDirectories() throws IOException {
        try {
            Path root = Path.of(HealthScenarioTest.class
                    .getClassLoader()
                    .getResource("health")
                    .toURI());
            try (Stream<Path> dirs = Files.list(root)) {
                return dirs.filter(Files::isDirectory).sorted().toList();
            }
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }

    private static List<Path> yamlFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }
}
