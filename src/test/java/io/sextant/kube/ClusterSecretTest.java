package io.sextant.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cluster Secrets read as Argo CD writes them (operator-manual/declarative-setup.md, "Clusters"). */
class ClusterSecretTest {

    private static Secret secret(Map<String, String> stringData) {
        return new SecretBuilder()
                .withNewMetadata()
                .withName("c")
                .endMetadata()
                .withStringData(stringData)
                .build();
    }

    @Test
    void argoCdsKeysAreRead() {
        String ca =
                Base64.getEncoder().encodeToString("-----BEGIN CERTIFICATE-----\nx\n".getBytes(StandardCharsets.UTF_8));
        ClusterSecret c = ClusterSecret.parse(secret(Map.of(
                "name",
                "prod",
                "server",
                "https://prod.example.com:6443",
                "namespaces",
                "team-a, team-b,,",
                "clusterResources",
                "true",
                "project",
                "payments",
                "config",
                "{\"bearerToken\": \"t-1\", \"tlsClientConfig\": {\"insecure\": false, \"caData\": \"" + ca + "\"}}")));
        assertThat(c.name()).isEqualTo("prod");
        assertThat(c.namespaces()).containsExactly("team-a", "team-b");
        assertThat(c.clusterResources()).isTrue();
        assertThat(c.project()).isEqualTo("payments");
        assertThat(c.bearerToken()).isEqualTo("t-1");
        assertThat(new String(c.caData(), StandardCharsets.UTF_8)).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(c.toString()).doesNotContain("t-1");

        // data (base64) as kubectl writes it, and no name: shown by its server.
        Secret data = new SecretBuilder()
                .withNewMetadata()
                .withName("d")
                .endMetadata()
                .withData(Map.of(
                        "server",
                        Base64.getEncoder().encodeToString("https://10.0.0.1".getBytes(StandardCharsets.UTF_8))))
                .build();
        assertThat(ClusterSecret.parse(data).displayName()).isEqualTo("https://10.0.0.1");
        assertThat(ClusterSecret.parse(data).hasCredentials()).isFalse();
    }

    @Test
    void whatCannotBeUsedSaysWhatToFixWithoutCredentials() {
        Map<String, String> bad = Map.ofEntries(
                Map.entry("{\"username\": \"u-only\"}", "needs both username and password"),
                Map.entry("{\"tlsClientConfig\": {\"certData\": \"eA==\"}}", "needs both certData and keyData"),
                Map.entry("{\"tlsClientConfig\": {\"serverName\": \"x\"}}", "serverName is not supported"),
                Map.entry("{\"tlsClientConfig\": {\"insecure\": \"yes\"}}", "insecure must be true or false"),
                Map.entry("{\"tlsClientConfig\": {\"caDat\": \"x\"}}", "unknown key 'caDat'"),
                Map.entry("[1]", "config must be a JSON object"),
                Map.entry("{\"bearerToken\": 42}", "'bearerToken' must be a string"),
                Map.entry("{\"awsAuthConfig\": {\"clusterName\": \"x\"}}", "awsAuthConfig is not supported"),
                Map.entry("{\"bearerToken\": \"secret-77\" \"x\"}", "config is not valid JSON (line 1"));
        bad.forEach((config, why) -> assertThatThrownBy(
                        () -> ClusterSecret.parse(secret(Map.of("server", "https://k.example", "config", config))))
                .as(config)
                .isInstanceOf(ClusterSecret.Invalid.class)
                .hasMessageStartingWith("cluster Secret 'c': ")
                .hasMessageContaining(why)
                .hasMessageNotContaining("secret-77"));
        assertThatThrownBy(() -> ClusterSecret.parse(secret(Map.of("name", "x"))))
                .hasMessageContaining("key 'server' is missing");
        assertThatThrownBy(() -> ClusterSecret.parse(secret(Map.of("server", "http://k.example"))))
                .hasMessageContaining("https");
        assertThat(ClusterSecret.parse(secret(Map.of("server", "http://127.0.0.1:8001")))
                        .server())
                .as("http on loopback (kubectl proxy)")
                .isEqualTo("http://127.0.0.1:8001");
        assertThatThrownBy(() -> ClusterSecret.parse(secret(Map.of("server", "https://u:p@k.example"))))
                .hasMessageContaining("must not hold credentials")
                .hasMessageNotContaining("u:p");
        assertThatThrownBy(() ->
                        ClusterSecret.parse(secret(Map.of("server", "https://k.example", "namespaces", "Team_A"))))
                .hasMessageContaining("not a namespace name");
    }
}
