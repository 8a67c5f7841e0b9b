package io.sextant.testing;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.sextant.embedded.Testbed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * A second real control plane, for tests of clusters other than the one Sextant runs against: the same
 * testbed script and built binaries, its own state directory and ports (kube-apiserver on
 * https://127.0.0.1:16543). Started on first use in a test JVM and stopped when that JVM exits.
 */
public final class SecondTestbed {

    public static final int PORT_BASE = 16540;
    public static final String SERVER = "https://127.0.0.1:" + (PORT_BASE + 3);

    private static Testbed testbed;
    private static Path kubeconfig;
    private static Map<String, String> env;

    private SecondTestbed() {}

    /** Its kubeconfig (cluster admin), starting it first if needed. */
    public static synchronized Path kubeconfig() {
        if (kubeconfig == null) {
            Path home = Path.of(System.getProperty("user.home"), ".cache/sextant/testbed/run-second");
            env = Map.of(
                    "TESTBED_HOME",
                    home.toString(),
                    "TESTBED_PORT_BASE",
                    Integer.toString(PORT_BASE),
                    "TESTBED_NODES",
                    "1");
            testbed = testbedWith(env);
            kubeconfig = testbed.up();
            Runtime.getRuntime().addShutdownHook(new Thread(testbed::down, "second-testbed-down"));
        }
        return kubeconfig;
    }

    /** Stops the second control plane's kube-apiserver alone (etcd and the rest keep running). */
    public static synchronized void stopApiServer() {
        kubeconfig();
        testbed.run("stop", "kube-apiserver");
    }

    /** Starts it again and waits until it serves. */
    public static synchronized void startApiServer() {
        kubeconfig();
        testbed.run("start", "kube-apiserver");
    }

    /**
     * Stops its kube-apiserver and starts it again with {@code extraArgs} added (empty: as {@code up} started it),
     * waiting until it serves. The arguments hold until the next restart.
     */
    public static synchronized void restartApiServer(String extraArgs) {
        kubeconfig();
        Map<String, String> with = new java.util.HashMap<>(env);
        with.put("TESTBED_APISERVER_ARGS", extraArgs);
        Testbed restarted = testbedWith(with);
        restarted.run("stop", "kube-apiserver");
        restarted.run("start", "kube-apiserver");
    }

    private static Testbed testbedWith(Map<String, String> environment) {
        return new Testbed(
                ProjectPaths.root().resolve("testbed/testbed"),
                environment,
                line -> System.err.println("[second testbed] " + line));
    }

    /**
     * Writes a key of its own straight into etcd (outside the API server's keys), moving etcd's revision on. With the
     * API server stopped, a watch that resumes afterwards from a resource version it had seen is then older than
     * anything the restarted API server's watch cache holds, and is answered 410 Gone.
     */
    public static void advanceEtcdRevision() {
        kubeconfig();
        Base64.Encoder b64 = Base64.getEncoder();
        String body = "{\"key\": \"" + b64.encodeToString("/sextant-test/revision".getBytes(StandardCharsets.UTF_8))
                + "\", \"value\": \""
                + b64.encodeToString(Long.toString(System.nanoTime()).getBytes(StandardCharsets.UTF_8))
                + "\"}";
        try {
            var response = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(
                                            java.net.URI.create("http://127.0.0.1:" + (PORT_BASE + 1) + "/v3/kv/put"))
                                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("etcd refused the put: " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the second control plane's etcd alone (the API server keeps running and answers errors). */
    public static synchronized void stopEtcd() {
        kubeconfig();
        testbed.run("stop", "etcd");
    }

    /** Starts its etcd again and waits until it is healthy. */
    public static synchronized void startEtcd() {
        kubeconfig();
        testbed.run("start", "etcd");
    }

    /** An admin client of the second control plane; the caller closes it. */
    public static KubernetesClient adminClient() {
        try {
            return new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig())))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String managerToken;

    /**
     * A token of ServiceAccount {@code kube-system/sextant-test-manager} with cluster-admin in the second control
     * plane, as a cluster Secret holds one (made once per test JVM).
     */
    public static synchronized String managerToken() {
        if (managerToken == null) {
            managerToken = clusterAdminToken("sextant-test-manager");
        }
        return managerToken;
    }

    /**
     * A token of ServiceAccount {@code kube-system/<name>} with cluster-admin in the second control plane, from a
     * service-account token Secret (made if missing). Unlike the testbed's admin certificate (group
     * system:masters, which API Priority and Fairness exempts), its requests are subject to flow control.
     */
    public static String clusterAdminToken(String name) {
        try (KubernetesClient second = adminClient()) {
            second.resource(new ServiceAccountBuilder()
                            .withNewMetadata()
                            .withName(name)
                            .withNamespace("kube-system")
                            .endMetadata()
                            .build())
                    .serverSideApply();
            second.resource(new ClusterRoleBindingBuilder()
                            .withNewMetadata()
                            .withName(name)
                            .endMetadata()
                            .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "cluster-admin")
                            .addNewSubject()
                            .withKind("ServiceAccount")
                            .withName(name)
                            .withNamespace("kube-system")
                            .endSubject()
                            .build())
                    .serverSideApply();
            second.resource(new SecretBuilder()
                            .withNewMetadata()
                            .withName(name + "-token")
                            .withNamespace("kube-system")
                            .addToAnnotations("kubernetes.io/service-account.name", name)
                            .endMetadata()
                            .withType("kubernetes.io/service-account-token")
                            .build())
                    .serverSideApply();
            return Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(
                            () -> {
                                var secret = second.secrets()
                                        .inNamespace("kube-system")
                                        .withName(name + "-token")
                                        .get();
                                return secret == null
                                                || secret.getData() == null
                                                || secret.getData().get("token") == null
                                        ? null
                                        : new String(
                                                Base64.getDecoder()
                                                        .decode(secret.getData().get("token")),
                                                StandardCharsets.UTF_8);
                            },
                            t -> t != null);
        }
    }

    /** Writes a kubeconfig of the second control plane that authenticates with {@code token}; returns the file. */
    public static Path kubeconfigWithToken(String token, Path file) {
        String config = "apiVersion: v1\nkind: Config\nclusters:\n- name: second\n  cluster:\n    server: " + SERVER
                + "\n    certificate-authority-data: " + Base64.getEncoder().encodeToString(caPem())
                + "\nusers:\n- name: token\n  user:\n    token: " + token
                + "\ncontexts:\n- name: second\n  context: {cluster: second, user: token}\ncurrent-context: second\n";
        try {
            Files.writeString(file, config);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A token of a ServiceAccount that may do anything in namespace {@code ns} of the second control plane and
     * nothing elsewhere (a Role and its RoleBinding there), as {@code cluster add --namespace} makes one.
     */
    public static String namespacedToken(String ns) {
        try (KubernetesClient second = adminClient()) {
            String sa = "sextant-scoped-manager";
            second.resource(new ServiceAccountBuilder()
                            .withNewMetadata()
                            .withName(sa)
                            .withNamespace(ns)
                            .endMetadata()
                            .build())
                    .serverSideApply();
            second.resource(new RoleBuilder()
                            .withNewMetadata()
                            .withName(sa)
                            .withNamespace(ns)
                            .endMetadata()
                            .addNewRule()
                            .withApiGroups("*")
                            .withResources("*")
                            .withVerbs("*")
                            .endRule()
                            .build())
                    .serverSideApply();
            second.resource(new RoleBindingBuilder()
                            .withNewMetadata()
                            .withName(sa)
                            .withNamespace(ns)
                            .endMetadata()
                            .withNewRoleRef("rbac.authorization.k8s.io", "Role", sa)
                            .addNewSubject()
                            .withKind("ServiceAccount")
                            .withName(sa)
                            .withNamespace(ns)
                            .endSubject()
                            .build())
                    .serverSideApply();
            String token = second.serviceAccounts()
                    .inNamespace(ns)
                    .withName(sa)
                    .tokenRequest(new TokenRequestBuilder()
                            .withNewSpec()
                            .withExpirationSeconds(3600L)
                            .endSpec()
                            .build())
                    .getStatus()
                    .getToken();
            // The API server's authorizer learns of a new RoleBinding a moment later: wait until it counts.
            try (KubernetesClient scoped = new KubernetesClientBuilder()
                    .withConfig(new ConfigBuilder(Config.empty())
                            .withMasterUrl(SERVER)
                            .withCaCertData(Base64.getEncoder().encodeToString(caPem()))
                            .withOauthToken(token)
                            .build())
                    .build()) {
                Awaitility.await()
                        .atMost(Duration.ofSeconds(30))
                        .ignoreExceptions()
                        .until(() -> scoped.configMaps().inNamespace(ns).list() != null);
            }
            return token;
        }
    }

    /** A cluster Secret's {@code config} for the second control plane with {@link #managerToken()} and its CA. */
    public static String managerConfig() {
        return "{\"bearerToken\": \"" + managerToken() + "\", \"tlsClientConfig\": {\"caData\": \""
                + Base64.getEncoder().encodeToString(caPem()) + "\"}}";
    }

    /** The certificate authority (PEM) the second control plane's serving certificate is signed by. */
    public static byte[] caPem() {
        try {
            String config = Files.readString(kubeconfig());
            Matcher m = Pattern.compile("certificate-authority-data:\\s*(\\S+)").matcher(config);
            if (m.find()) {
                return Base64.getDecoder().decode(m.group(1));
            }
            m = Pattern.compile("certificate-authority:\\s*(\\S+)").matcher(config);
            if (m.find()) {
                return Files.readAllBytes(Path.of(m.group(1)));
            }
            throw new IllegalStateException("the second testbed's kubeconfig names no certificate authority");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
