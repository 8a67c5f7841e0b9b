package io.sextant.repo.git;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which Secret's credentials a revert pushes with: repository-write (exact URL) or repo-write-creds (prefix). */
class WriteCredentialsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRepositoryWriteSecretIsFoundForItsUrlAndOnlyForWriting() {
        CredentialsResolver resolver = new CredentialsResolver(List.of(
                secret(
                        "kubercoins-read",
                        "repository",
                        "https://git.example.com/org/kubercoins",
                        "reader",
                        "read-token-1",
                        true),
                secret(
                        "kubercoins-write",
                        "repository-write",
                        "https://git.example.com/org/kubercoins.git",
                        "writer",
                        "write-token-1",
                        true)));

        CredentialsResolver.Match write =
                resolver.matchWrite("https://GIT.example.com/org/kubercoins/").orElseThrow();
        assertThat(write.secretName()).isEqualTo("kubercoins-write");
        assertThat(write.secretType()).isEqualTo("repository-write");
        assertThat(write.credentials()).isEqualTo(Credentials.basic("writer", "write-token-1"));

        assertThat(resolver.forUrl("https://git.example.com/org/kubercoins"))
                .as("a write token is not used for fetching")
                .contains(Credentials.basic("reader", "read-token-1"));
        assertThat(resolver.forWriteUrl("https://git.example.com/org/other")).isEmpty();
    }

    @Test
    void readCredentialsNeverStandInForWriteCredentials() {
        CredentialsResolver resolver = new CredentialsResolver(List.of(
                secret("read", "repository", "https://git.example.com/org/kubercoins", "reader", "read-token-1", false),
                secret("creds", "repo-creds", "https://git.example.com/org", "reader", "read-token-2", false)));

        assertThat(resolver.forWriteUrl("https://git.example.com/org/kubercoins"))
                .isEmpty();
        assertThat(resolver.forUrl("https://git.example.com/org/kubercoins")).isPresent();
    }

    @Test
    void aRepoWriteCredsTemplateMatchesByLongestPrefixAndAnExactSecretWins() {
        List<JsonNode> secrets = new ArrayList<>(List.of(
                secret("org-wide", "repo-write-creds", "https://git.example.com/org", "bot", "org-token-1", false),
                secret("team", "repo-write-creds", "https://git.example.com/org/team", "bot", "team-token-1", true)));

        CredentialsResolver templates = new CredentialsResolver(secrets);
        assertThat(templates
                        .matchWrite("https://git.example.com/org/team/kubercoins.git")
                        .orElseThrow()
                        .secretName())
                .isEqualTo("team");
        assertThat(templates
                        .matchWrite("https://git.example.com/org/kubercoins")
                        .orElseThrow()
                        .secretName())
                .isEqualTo("org-wide");
        assertThat(templates.forUrl("https://git.example.com/org/kubercoins"))
                .as("not read credentials")
                .isEmpty();

        secrets.add(secret(
                "exact",
                "repository-write",
                "https://git.example.com/org/team/kubercoins",
                "me",
                "own-token-1",
                false));
        assertThat(new CredentialsResolver(secrets)
                        .matchWrite("https://git.example.com/org/team/kubercoins")
                        .orElseThrow()
                        .secretName())
                .isEqualTo("exact");
    }

    @Test
    void aWriteSecretWithoutPasswordOrKeyIsSkipped() {
        CredentialsResolver resolver = new CredentialsResolver(List.of(
                secret("empty", "repository-write", "https://git.example.com/org/kubercoins", "writer", null, true)));

        assertThat(resolver.forWriteUrl("https://git.example.com/org/kubercoins"))
                .isEmpty();
    }

    /** A Secret as the API server returns it ({@code data}, base64) or as written in a manifest ({@code stringData}). */
    private static JsonNode secret(
            String name, String type, String url, String username, String password, boolean base64) {
        ObjectNode node = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Secret");
        node.putObject("metadata")
                .put("name", name)
                .putObject("labels")
                .put(CredentialsResolver.SECRET_TYPE_LABEL, type);
        ObjectNode data = node.putObject(base64 ? "data" : "stringData");
        put(data, "url", url, base64);
        put(data, "username", username, base64);
        if (password != null) {
            put(data, "password", password, base64);
        }
        return node;
    }

    private static void put(ObjectNode data, String key, String value, boolean base64) {
        data.put(key, base64 ? Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) : value);
    }
}
