package io.sextant.cli;

import static io.sextant.cli.CliRun.port;
import static io.sextant.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sextant.embedded.FixtureRepository;
import io.sextant.model.Application;
import io.sextant.testing.Apps;
import io.sextant.testing.SecondTestbed;
import io.sextant.testing.TestbedResource;
import io.sextant.testing.WithGitServer;
import jakarta.inject.Inject;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code sextant cluster add CONTEXT} against a second real control plane, as the user runs
 * {@code argocd cluster add}: the account, its rights and its token are made in that cluster, the cluster is
 * registered through the server's API and shows Successful with its version; get, rename and remove follow.
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
class ClusterCliTest extends WithGitServer {

    @Inject
    KubernetesClient client;

    @AfterEach
    void forgetClusters() {
        client.secrets()
                .inNamespace(Apps.NAMESPACE)
                .withLabel("argocd.argoproj.io/secret-type", "cluster")
                .delete();
    }

    @Test
    void addAClusterFromItsContextThenListGetRenameAndRemoveIt() throws Exception {
        Path config = Files.createTempDirectory("cli-cluster").resolve("config");
        CliRun login = run(
                config,
                "login",
                "localhost:" + port(),
                "--username",
                "admin",
                "--password",
                adminPassword(),
                "--plaintext");
        assertThat(login.code()).as(login.err()).isZero();
        String second = SecondTestbed.kubeconfig().toString();

        CliRun added = run(config, "cluster", "add", "sextant-testbed", "--kubeconfig", second, "--name", "edge");
        assertThat(added.code()).as(added.err()).isZero();
        assertThat(added.out())
                .contains("ServiceAccount \"sextant-manager\" set up in " + SecondTestbed.SERVER)
                .contains("Cluster '" + SecondTestbed.SERVER + "' added");
        try (KubernetesClient target = SecondTestbed.adminClient()) {
            assertThat(target.serviceAccounts()
                            .inNamespace("kube-system")
                            .withName("sextant-manager")
                            .get())
                    .isNotNull();
            assertThat(target.rbac()
                            .clusterRoleBindings()
                            .withName("sextant-manager-role-binding")
                            .get()
                            .getRoleRef()
                            .getName())
                    .isEqualTo("sextant-manager-role");
            String token = new String(
                    Base64.getDecoder()
                            .decode(target.secrets()
                                    .inNamespace("kube-system")
                                    .withName("sextant-manager-long-lived-token")
                                    .get()
                                    .getData()
                                    .get("token")),
                    StandardCharsets.UTF_8);
            CliRun list = run(config, "cluster", "list");
            assertThat(list.code()).as(list.err()).isZero();
            assertThat(list.out())
                    .containsPattern(
                            "(?m)^" + Pattern.quote(SecondTestbed.SERVER) + "\\s+edge\\s+\\d+\\.\\d+\\s+Successful")
                    .doesNotContain(token);
            CliRun json = run(config, "cluster", "get", "edge", "-o", "json");
            assertThat(json.out())
                    .contains("\"server\" : \"" + SecondTestbed.SERVER + "\"")
                    .doesNotContain(token)
                    .doesNotContain("bearerToken");
        }

        // Adding it again is a no-op; a different spec needs --upsert.
        assertThat(run(config, "cluster", "add", "sextant-testbed", "--kubeconfig", second, "--name", "edge")
                        .code())
                .isZero();
        CliRun differs = run(config, "cluster", "add", "sextant-testbed", "--kubeconfig", second, "--name", "other");
        assertThat(differs.code()).isEqualTo(1);
        assertThat(differs.err()).contains("existing cluster spec is different; use upsert flag to force update");

        // Then an app to it, as the workshop's, by the cluster's name: synced there, nothing here.
        FixtureRepository repo = FixtureRepository.create(git);
        String ns = "kc-cli-edge";
        CliRun create = run(
                config,
                "app",
                "create",
                "kc-cli-edge",
                "--repo",
                repo.url(),
                "--path",
                ".",
                "--revision",
                "prod",
                "--dest-name",
                "edge",
                "--dest-namespace",
                ns,
                "--sync-option",
                "CreateNamespace=true");
        assertThat(create.code()).as(create.err()).isZero();
        CliRun sync = run(config, "app", "sync", "kc-cli-edge", "--timeout", "120");
        assertThat(sync.code()).as(sync.out() + sync.err()).isZero();
        try (KubernetesClient target = SecondTestbed.adminClient()) {
            assertThat(target.apps()
                            .deployments()
                            .inNamespace(ns)
                            .withName("worker")
                            .get())
                    .isNotNull();
        }
        assertThat(client.namespaces().withName(ns).get()).isNull();
        CliRun delete = run(config, "app", "delete", "kc-cli-edge", "--cascade", "--yes");
        assertThat(delete.code()).as(delete.err()).isZero();
        Awaitility.await()
                .atMost(Duration.ofSeconds(90))
                .until(() -> client.resources(Application.class)
                                .inNamespace(Apps.NAMESPACE)
                                .withName("kc-cli-edge")
                                .get()
                        == null);

        CliRun renamed = run(config, "cluster", "set", "edge", "--name", "edge-eu");
        assertThat(renamed.code()).as(renamed.err()).isZero();
        assertThat(run(config, "cluster", "list").out()).contains("edge-eu");

        CliRun removed = run(config, "cluster", "rm", "edge-eu");
        assertThat(removed.code()).as(removed.err()).isZero();
        assertThat(run(config, "cluster", "list").out()).doesNotContain(SecondTestbed.SERVER);
        assertThat(run(config, "cluster", "rm", "in-cluster").err()).contains("in-cluster is built in");
    }

    @Test
    void anUnknownContextOrAnUnreachableClusterIsOneClearLine() throws Exception {
        Path config = Files.createTempDirectory("cli-cluster-bad").resolve("config");
        assertThat(run(
                                config,
                                "login",
                                "localhost:" + port(),
                                "--username",
                                "admin",
                                "--password",
                                adminPassword(),
                                "--plaintext")
                        .code())
                .isZero();
        CliRun unknown = run(
                config,
                "cluster",
                "add",
                "no-such-context",
                "--kubeconfig",
                SecondTestbed.kubeconfig().toString());
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("no-such-context").doesNotContain("\tat ");

        // A kubeconfig whose server answers nothing.
        Path dead = Files.createTempFile("dead", ".kubeconfig");
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Files.writeString(dead, """
                apiVersion: v1
                kind: Config
                clusters: [{name: dead, cluster: {server: "https://127.0.0.1:%d", insecure-skip-tls-verify: true}}]
                users: [{name: u, user: {token: t}}]
                contexts: [{name: dead, context: {cluster: dead, user: u}}]
                current-context: dead
                """.formatted(closed));
        CliRun unreachable = run(config, "cluster", "add", "dead", "--kubeconfig", dead.toString());
        assertThat(unreachable.code()).isEqualTo(1);
        assertThat(unreachable.err())
                .contains("cannot set up sextant-manager in https://127.0.0.1:" + closed)
                .doesNotContain("\tat ");
    }

    private String adminPassword() {
        var s = client.secrets()
                .inNamespace(Apps.NAMESPACE)
                .withName("sextant-initial-admin-secret")
                .get();
        return new String(Base64.getDecoder().decode(s.getData().get("password")), StandardCharsets.UTF_8);
    }
}
