package io.sextant.repo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

/**
 * The table-test fixtures of this package: {@code src/test/resources/repo/<rule>/*.yaml}, one scenario per
 * file (the way gitops-engine keeps its testdata), handed to a {@code @ParameterizedTest} by file name.
 */
public final class Scenarios {

    public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Scenarios() {}

    public static Stream<Named<JsonNode>> of(String rule) {
        URL dir = Scenarios.class.getResource("/repo/" + rule);
        if (dir == null) {
            throw new IllegalStateException("no fixtures for " + rule);
        }
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            List<Path> sorted =
                    files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            if (sorted.isEmpty()) {
                throw new IllegalStateException("no fixtures in " + dir);
            }
            return sorted.stream().map(p -> Named.of(p.getFileName().toString(), read(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
