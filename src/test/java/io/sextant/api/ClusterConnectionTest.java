package io.sextant.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sextant.testing.ApiLogin;
import io.sextant.testing.Apps;
import io.sextant.testing.SecondTestbed;
import io.sextant.testing.TestbedResource;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Clusters of cluster Secrets, as Argo CD writes them, against a second real control plane: the connection
 * state the API shows is a real connection test with the Secret's credentials (a ServiceAccount token made in
 * that cluster, its CA), and every malformed Secret says what to fix without a credential in the answer.
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
class ClusterConnectionTest {

    private static String token;

    @Inject
    KubernetesClient client;

    @BeforeAll
    static void managerTokenInTheSecondCluster() {
        token = SecondTestbed.managerToken();
    }

    @BeforeEach
    void login() {
        ApiLogin.asAdmin(client);
    }

    @AfterEach
    void cleanUp() {
        ApiLogin.reset();
        client.secrets()
                .inNamespace(Apps.NAMESPACE)
                .withLabel("argocd.argoproj.io/secret-type", "cluster")
                .delete();
    }

    private void clusterSecret(String name, String server, String config) {
        client.resource(new SecretBuilder()
                        .withMetadata(new ObjectMetaBuilder()
                                .withName("cluster-" + name)
                                .withNamespace(Apps.NAMESPACE)
                                .addToLabels("argocd.argoproj.io/secret-type", "cluster")
                                .build())
                        .withStringData(Map.of("name", name, "server", server, "config", config))
                        .build())
                .serverSideApply();
    }

    private static String caData() {
        return Base64.getEncoder().encodeToString(SecondTestbed.caPem());
    }

    /** The cluster of that name as GET /api/v1/clusters shows it, and the whole answer. */
    private static JsonPath cluster(String name, String[] whole) {
        String body =
                given().get("/api/v1/clusters").then().statusCode(200).extract().asString();
        whole[0] = body;
        JsonPath all = JsonPath.from(body);
        int i = all.getList("items.name").indexOf(name);
        assertThat(i).as(body).isNotNegative();
        return JsonPath.from(body).setRootPath("items[" + i + "]");
    }

    @Test
    void aClusterSecretWithAServiceAccountTokenConnectsAndShowsTheServersVersion() {
        String version;
        try (KubernetesClient second = SecondTestbed.adminClient()) {
            var v = second.getKubernetesVersion();
            version = v.getMajor() + "." + v.getMinor().replaceAll("[^0-9]", "");
        }
        clusterSecret(
                "second",
                SecondTestbed.SERVER,
                "{\"bearerToken\": \"" + token + "\", \"tlsClientConfig\": {\"caData\": \"" + caData() + "\"}}");
        String[] body = new String[1];
        JsonPath c = cluster("second", body);
        assertThat(c.getString("connectionState.status")).as(body[0]).isEqualTo("Successful");
        assertThat(c.getString("serverVersion")).isEqualTo(version);
        assertThat(c.getString("server")).isEqualTo(SecondTestbed.SERVER);
        assertThat(body[0]).doesNotContain(token).doesNotContain(caData()).doesNotContain("bearerToken");
    }

    @Test
    void aBadSecretOrARefusedConnectionIsFailedWithWhatToFixAndNoCredential() {
        String leaked = "tok-never-shown-5521";
        Map<String, String[]> cases = Map.of(
                "wrong-token",
                        new String[] {
                            SecondTestbed.SERVER,
                            "{\"bearerToken\": \"" + leaked + "\", \"tlsClientConfig\": " + "{\"caData\": \"" + caData()
                                    + "\"}}",
                            "refused the Secret's credentials (401 Unauthorized)"
                        },
                "wrong-ca",
                        new String[] {
                            SecondTestbed.SERVER,
                            "{\"bearerToken\": \"" + token + "\"}",
                            "cannot connect to " + SecondTestbed.SERVER
                        },
                "broken-json",
                        new String[] {
                            SecondTestbed.SERVER, "{\"bearerToken\": \"" + leaked + "\",", "config is not valid JSON"
                        },
                "typo",
                        new String[] {
                            SecondTestbed.SERVER,
                            "{\"bearerTokn\": \"" + leaked + "\"}",
                            "config has the unknown key 'bearerTokn'"
                        },
                "plain-http",
                        new String[] {"http://cluster.example.com:6443", "{}", "must use https (http only on loopback)"
                        },
                "exec-no-version",
                        new String[] {
                            SecondTestbed.SERVER,
                            "{\"execProviderConfig\": {\"command\": \"argocd-k8s-auth\"}}",
                            "config.execProviderConfig.apiVersion must be one of client.authentication.k8s.io/v1, "
                                    + "client.authentication.k8s.io/v1beta1"
                        },
                "bad-base64",
                        new String[] {
                            SecondTestbed.SERVER,
                            "{\"tlsClientConfig\": {\"caData\": \"%%%\"}}",
                            "config.tlsClientConfig.caData is not valid base64"
                        });
        cases.forEach((name, c) -> clusterSecret(name, c[0], c[1]));
        String[] body = new String[1];
        cases.forEach((name, c) -> {
            JsonPath cluster = cluster(name, body);
            assertThat(cluster.getString("connectionState.status"))
                    .as(name + ": " + body[0])
                    .isEqualTo("Failed");
            assertThat(cluster.getString("connectionState.message")).as(name).contains(c[2]);
        });
        assertThat(body[0]).doesNotContain(leaked).doesNotContain(token);

        // The same cluster with insecure: true connects (the serving certificate is not checked then).
        clusterSecret(
                "wrong-ca",
                SecondTestbed.SERVER,
                "{\"bearerToken\": \"" + token + "\", \"tlsClientConfig\": " + "{\"insecure\": true}}");
        assertThat(cluster("wrong-ca", body).getString("connectionState.status"))
                .as("an edited Secret is tried again at once")
                .isEqualTo("Successful");
    }

    /** An execProviderConfig running the test plugin (src/test/resources/exec) as {@code /bin/sh <script>}. */
    private static String exec(String mode, String pluginToken) {
        String script = Path.of(System.getProperty("project.root", "."), "src/test/resources/exec/exec-credential.sh")
                .toAbsolutePath()
                .toString();
        return "{\"execProviderConfig\": {\"command\": \"/bin/sh\", \"args\": [\"" + script + "\"], "
                + "\"env\": {\"MODE\": \"" + mode + "\", \"TOKEN\": \"" + pluginToken + "\"}, "
                + "\"apiVersion\": \"client.authentication.k8s.io/v1\"}, "
                + "\"tlsClientConfig\": {\"caData\": \"" + caData() + "\"}}";
    }

    @Test
    void anExecPluginsTokenConnectsAndAPluginThatHangsBabblesOrFailsSaysSoWithoutItsOutput() {
        String leaked = "tok-from-a-broken-plugin-8812";
        clusterSecret("exec-ok", SecondTestbed.SERVER, exec("ok", token));
        clusterSecret("exec-hang", SecondTestbed.SERVER, exec("hang", leaked));
        clusterSecret("exec-garbage", SecondTestbed.SERVER, exec("garbage", leaked));
        clusterSecret("exec-old", SecondTestbed.SERVER, exec("old-version", leaked));
        clusterSecret("exec-fail", SecondTestbed.SERVER, exec("fail", leaked));
        clusterSecret("exec-wrong-token", SecondTestbed.SERVER, exec("ok", leaked));
        Map<String, String> expected = Map.of(
                "exec-hang", "exec plugin '/bin/sh' did not finish within 10 s",
                "exec-garbage", "exec plugin '/bin/sh' printed no ExecCredential (its output is not JSON)",
                "exec-old",
                        "printed an ExecCredential of apiVersion 'client.authentication.k8s.io/v1alpha1', not the "
                                + "configured 'client.authentication.k8s.io/v1'",
                "exec-fail", "exec plugin '/bin/sh' exited with 3",
                "exec-wrong-token", "refused the Secret's credentials (401 Unauthorized)");
        String[] body = new String[1];
        JsonPath ok = cluster("exec-ok", body);
        assertThat(ok.getString("connectionState.status")).as(body[0]).isEqualTo("Successful");
        assertThat(ok.getString("serverVersion")).isNotEmpty();
        expected.forEach((name, why) -> {
            JsonPath c = cluster(name, body);
            assertThat(c.getString("connectionState.status"))
                    .as(name + ": " + body[0])
                    .isEqualTo("Failed");
            assertThat(c.getString("connectionState.message")).as(name).contains(why);
        });
        assertThat(body[0]).doesNotContain(leaked).doesNotContain(token);
    }
}
