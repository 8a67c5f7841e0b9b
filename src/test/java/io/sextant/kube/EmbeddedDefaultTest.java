package io.sextant.kube;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.sextant.embedded.DemoGitServer;
import io.sextant.embedded.EmbeddedCluster;
import io.sextant.model.Application;
import io.sextant.testing.ApiLogin;
import io.sextant.testing.TestbedResource;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default of {@code ./mvnw quarkus:dev} with no kubeconfig: Sextant starts (here:
 * finds) the testbed itself, installs the CRDs, creates its namespace, serves the demo
 * repository, and the first page lists Applications. Dev mode switches this on when nothing is
 * configured; the test asks for it with {@code sextant.embedded.testbed=always}.
 */
@QuarkusTest
@TestProfile(EmbeddedDefaultTest.Embedded.class)
class EmbeddedDefaultTest {

    public static class Embedded implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sextant.embedded.testbed", "always", "sextant.embedded.git-port", "0");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            // Only makes sure a testbed runs (and is stopped if this JVM started it); the
            // application must find it on its own.
            return List.of(
                    new TestResourceEntry(TestbedResource.class, Map.of(TestbedResource.SET_KUBECONFIG, "false")));
        }
    }

    @Inject
    KubernetesClient client;

    @Inject
    EmbeddedCluster embedded;

    @Inject
    DemoGitServer demoGit;

    @TempDir
    Path tmp;

    @Test
    void sextantRunsOnTheTestbedWithCrdsNamespaceAndDemoRepository() throws Exception {
        assertThat(embedded.running()).isTrue();
        String testbedServer =
                Config.fromKubeconfig(TestbedResource.kubeconfig().toFile()).getMasterUrl();
        assertThat(client.getConfiguration().getMasterUrl()).isEqualTo(testbedServer);
        assertThat(client.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .withName("applications.argoproj.io")
                        .get())
                .isNotNull();
        assertThat(client.namespaces().withName("sextant").get()).isNotNull();

        Process clone = new ProcessBuilder(
                        "git",
                        "clone",
                        "--branch",
                        "stage",
                        demoGit.start(),
                        tmp.resolve("kc").toString())
                .redirectErrorStream(true)
                .start();
        assertThat(clone.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(clone.exitValue())
                .as(new String(clone.getInputStream().readAllBytes()))
                .isZero();
        assertThat(Files.readString(tmp.resolve("kc/worker-deployment.yaml"))).contains("dockercoins/worker:v0.1");
    }

    @Test
    void theFirstPageListsApplicationsFromTheTestbed() throws IOException {
        client.resource(client.getKubernetesSerialization().unmarshal("""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata:
                  name: embedded-demo
                  namespace: sextant
                spec:
                  project: default
                  destination: {server: https://kubernetes.default.svc, namespace: kubercoins-prod}
                  source: {repoURL: http://127.0.0.1:18081/kubercoins.git, path: ., targetRevision: prod}
                """, Application.class))
                .serverSideApply();

        // The dashboard needs a session (its login page comes first); the list is at /applications.
        given().cookie("argocd.token", ApiLogin.sessionCookie(client))
                .when()
                .get("/applications")
                .then()
                .statusCode(200)
                .body(containsString("embedded-demo"))
                .body(containsString("kubercoins-prod"));
    }
}
