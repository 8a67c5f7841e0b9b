package io.sextant.repo.git;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.repo.Scenarios;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which Secret's credentials a repository URL gets: one scenario per file in repo/credentials/. The
 * fixtures write {@code data} in plain text for readability; it is base64-encoded here, as the API server
 * returns it.
 */
class CredentialsResolverTest {

    static Stream<Named<JsonNode>> scenarios() {
        return Scenarios.of("credentials");
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void credentialsFor(JsonNode scenario) {
        List<ObjectNode> secrets = new ArrayList<>();
        for (JsonNode fixture : scenario.get("secrets")) {
            ObjectNode secret = fixture.deepCopy();
            secret.put("apiVersion", "v1").put("kind", "Secret");
            if (secret.has("data")) {
                ObjectNode encoded = secret.putObject("data");
                fixture.get("data")
                        .fields()
                        .forEachRemaining(field -> encoded.put(
                                field.getKey(),
                                Base64.getEncoder()
                                        .encodeToString(
                                                field.getValue().asText().getBytes(StandardCharsets.UTF_8))));
            }
            secrets.add(secret);
        }
        Optional<CredentialsResolver.Match> match =
                new CredentialsResolver(secrets).match(scenario.get("url").asText());
        JsonNode expect = scenario.get("expect");
        if (expect == null || expect.isNull()) {
            assertThat(match).isEmpty();
            return;
        }
        assertThat(match).isPresent();
        assertThat(match.get().secretName()).isEqualTo(expect.get("secret").asText());
        Credentials credentials = match.get().credentials();
        assertThat(credentials.username()).isEqualTo(text(expect, "username"));
        assertThat(credentials.password()).isEqualTo(text(expect, "password"));
        assertThat(credentials.sshPrivateKey()).isEqualTo(text(expect, "sshPrivateKey"));
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}
