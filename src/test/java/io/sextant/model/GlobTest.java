package io.sextant.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sextant.repo.Scenarios;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Argo CD's glob, the one matcher of every pattern: one scenario per file in repo/glob/ (directory.include /
 * exclude), and resource-customization keys.
 */
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
                    .isInstanceOfSatisfying(IllegalArgumentException.class, e -> {
                        assertThat(e.getMessage())
                                .contains("directory.include")
                                .contains(scenario.get("error").asText());
                    });
            return;
        }
        Glob glob = Glob.compile(pattern, "directory.include");
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            for (JsonNode path : scenario.path("matches")) {
                assertThat(glob.matches(path.asText()))
                        .as("%s matches %s", pattern, path.asText())
                        .isTrue();
            }
            for (JsonNode path : scenario.path("noMatch")) {
                assertThat(glob.matches(path.asText()))
                        .as("%s does not match %s", pattern, path.asText())
                        .isFalse();
            }
        });
    }

    @Test
    void customizationKeysMatchGroupAndKindAsArgoCdDoesAndNeverStall() {
        assertThat(Glob.compile("*.aws.crossplane.io/*", "key").matches("ec2.aws.crossplane.io/Instance"))
                .isTrue();
        assertThat(Glob.compile("*.aws.crossplane.io/*", "key").matches("aws.crossplane.io/Instance"))
                .isFalse();
        assertThat(Glob.compile("*", "key").matches("apps/Deployment"))
                .as("* crosses /")
                .isTrue();
        assertThat(Glob.compile("{apps,extensions}/Deploy?ent", "key").matches("extensions/Deployment"))
                .isTrue();
        assertThat(Glob.compile("[a-c]*/Job", "key").matches("batch/Job")).isTrue();
        assertThat(Glob.compile("[!a-c]*/Job", "key").matches("batch/Job")).isFalse();
        assertThat(Glob.compile("a\\*b", "key").matches("a*b")).isTrue();
        assertThat(Glob.compile("a\\*b", "key").matches("axxb")).isFalse();
        assertThat(Glob.isGlob("apps/Deployment")).isFalse();
        assertThat(Glob.isGlob("*.example.com/*")).isTrue();

        Glob g = Glob.compile("*a*a*a*a*a*a*a*a*a*a*a*b", "key");
        long start = System.nanoTime();
        assertThat(g.matches("a".repeat(300))).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(200));
        assertThatThrownBy(() -> Glob.compile("{a,b}".repeat(10), "key")).hasMessageContaining("alternatives");
    }
}
