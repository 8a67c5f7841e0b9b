package io.sextant.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the status, events and logs writers get from {@link SecretMasker#maskIfSecret}. */
class SecretMaskerTest {

    private static ObjectNode yaml(String text) throws Exception {
        return (ObjectNode) DiffScenarios.YAML.readTree(text);
    }

    @Test
    void masksDataStringDataAndTheLastAppliedCopyWithOneNumberingPerKey() throws Exception {
        ObjectNode secret = yaml("""
                apiVersion: v1
                kind: Secret
                metadata:
                  name: db
                  annotations:
                    kubectl.kubernetes.io/last-applied-configuration: '{"apiVersion":"v1","kind":"Secret","stringData":{"password":"old-pass-1"},"data":{"token":"dG9rLW5ldw=="}}'
                data:
                  token: dG9rLW5ldw==
                stringData:
                  password: new-pass-2
                """);
        String before = secret.toString();

        ObjectNode masked = SecretMasker.maskIfSecret(secret);

        assertThat(secret.toString()).as("the input is not changed").isEqualTo(before);
        assertThat(masked.toString()).doesNotContain("old-pass-1", "new-pass-2", "dG9rLW5ldw==");
        assertThat(masked.at("/data/token").asText()).isEqualTo("++++++++");
        assertThat(masked.at("/stringData/password").asText()).isEqualTo("++++++++");
        JsonNode lastApplied = DiffScenarios.YAML.readTree(
                masked.at("/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration")
                        .asText());
        assertThat(lastApplied.at("/data/token").asText())
                .as("same value, same mask")
                .isEqualTo("++++++++");
        assertThat(lastApplied.at("/stringData/password").asText())
                .as("another value, a longer mask")
                .isEqualTo("++++++++++++");
        assertThat(masked.at("/metadata/name").asText()).isEqualTo("db");
    }

    @Test
    void anUnreadableAnnotationOrAMalformedDataFieldIsMaskedWhole() throws Exception {
        ObjectNode secret = yaml("""
                apiVersion: v1
                kind: Secret
                metadata:
                  name: db
                  annotations:
                    kubectl.kubernetes.io/last-applied-configuration: '{"stringData":{"password":"half-written'
                data: raw-value-not-a-map
                stringData: [item-value-in-a-list]
                """);

        ObjectNode masked = SecretMasker.maskIfSecret(secret);

        assertThat(masked.toString()).doesNotContain("half-written", "raw-value-not-a-map", "item-value-in-a-list");
        assertThat(masked.at("/data").asText()).isEqualTo("++++++++");
    }

    @Test
    void statesOfOneResourceAreNumberedTogether() throws Exception {
        ObjectNode target =
                yaml("{apiVersion: v1, kind: Secret, metadata: {name: db}, data: {a: dmFsdWUtb25l, b: c2FtZS12YWw=}}");
        ObjectNode live =
                yaml("{apiVersion: v1, kind: Secret, metadata: {name: db}, data: {a: dmFsdWUtdHdv, b: c2FtZS12YWw=}}");

        List<ObjectNode> masked = SecretMasker.maskConsistently(target, live, null);

        assertThat(masked.get(0).at("/data/a").asText()).isEqualTo("++++++++");
        assertThat(masked.get(1).at("/data/a").asText()).isEqualTo("++++++++++++");
        assertThat(masked.get(0).at("/data/b").asText())
                .isEqualTo(masked.get(1).at("/data/b").asText());
        assertThat(masked.get(2)).isNull();
        assertThat(target.at("/data/a").asText()).as("inputs unchanged").isEqualTo("dmFsdWUtb25l");
    }

    @Test
    void otherObjectsAreReturnedAsTheyAre() throws Exception {
        ObjectNode configMap = yaml("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings}
                data: {mode: fast}
                """);
        ObjectNode lookAlike = yaml("""
                apiVersion: example.com/v1
                kind: Secret
                metadata: {name: not-core}
                data: {note: visible}
                """);

        assertThat(SecretMasker.maskIfSecret(configMap)).isSameAs(configMap);
        assertThat(SecretMasker.maskIfSecret(lookAlike)).isSameAs(lookAlike);
        assertThat((ObjectNode) SecretMasker.maskIfSecret(null)).isNull();
    }

    @Test
    void scrubRemovesSecretValuesFromErrorTextInEveryEncoding() throws Exception {
        ObjectNode target = yaml("""
                apiVersion: v1
                kind: Secret
                metadata: {name: creds}
                data: {password: aHVudGVyMi1wYXNz}
                stringData: {token: tok-12345}
                """);
        ObjectNode live = yaml("""
                apiVersion: v1
                kind: Secret
                metadata: {name: creds}
                data: {password: 'not base64 live-pass!'}
                """);
        String message = "bad: hunter2-pass, aHVudGVyMi1wYXNz, tok-12345, dG9rLTEyMzQ1, not base64 live-pass! in creds";

        String scrubbed = SecretMasker.scrub(message, target, live, null);

        assertThat(scrubbed)
                .doesNotContain("hunter2-pass", "aHVudGVyMi1wYXNz", "tok-12345", "dG9rLTEyMzQ1", "live-pass")
                .contains("bad: ")
                .endsWith(" in creds");
        assertThat(SecretMasker.scrub("value x of creds", yaml("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: creds}
                data: {k: value}
                """)))
                .as("ConfigMaps are not secret")
                .isEqualTo("value x of creds");
    }

    @Test
    void sensitiveAnnotationsOfTheSettingsAreMaskedOnSecretsOnlyNumberedWithTheirStates() throws Exception {
        ObjectNode live = yaml("""
                apiVersion: v1
                kind: Secret
                metadata:
                  name: sa-token
                  annotations:
                    openshift.io/token-secret.value: live-token-value
                    api-key: same-key-value
                    app: shop
                    kubectl.kubernetes.io/last-applied-configuration: '{"apiVersion":"v1","kind":"Secret","metadata":{"annotations":{"api-key":"same-key-value"}}}'
                """);
        ObjectNode target = yaml("""
                apiVersion: v1
                kind: Secret
                metadata:
                  name: sa-token
                  annotations: {openshift.io/token-secret.value: git-token-value, api-key: same-key-value, app: shop}
                """);
        ObjectNode configMap = yaml("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: c, annotations: {api-key: not-a-secret-value}}
                """);
        try {
            SecretMasker.useSettings(
                    Map.of(SecretMasker.SENSITIVE_ANNOTATIONS_KEY, " openshift.io/token-secret.value, api-key ,"));

            List<ObjectNode> masked = SecretMasker.maskConsistently(target, live);
            String all = masked.toString();
            assertThat(all)
                    .doesNotContain("live-token-value", "git-token-value", "same-key-value")
                    .contains("shop");
            assertThat(masked.get(0)
                            .at("/metadata/annotations/openshift.io~1token-secret.value")
                            .asText())
                    .as("two values, two masks")
                    .isNotEqualTo(masked.get(1)
                            .at("/metadata/annotations/openshift.io~1token-secret.value")
                            .asText());
            assertThat(masked.get(0).at("/metadata/annotations/api-key").asText())
                    .as("one value, one mask")
                    .isEqualTo(masked.get(1).at("/metadata/annotations/api-key").asText());
            assertThat(SecretMasker.maskIfSecret(configMap).toString()).contains("not-a-secret-value");
            assertThat(SecretMasker.scrub("webhook says live-token-value is bad", live))
                    .isEqualTo("webhook says ++++++++ is bad");
        } finally {
            SecretMasker.useSettings(Map.of());
        }
        assertThat(SecretMasker.maskIfSecret(live).toString())
                .as("without the setting, annotations are shown")
                .contains("live-token-value");
    }
}
