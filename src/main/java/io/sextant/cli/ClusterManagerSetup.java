package io.sextant.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * What {@code sextant cluster add CONTEXT} does in the cluster being added, as {@code argocd cluster add}
 * does there: a ServiceAccount {@code sextant-manager} in {@code kube-system}, full rights through the
 * ClusterRole {@code sextant-manager-role} and its binding (or, with namespaces, a Role and RoleBinding in
 * each of them only), and a long-lived token Secret for it; then the Cluster to register: the context's
 * server and CA with that token. Applying it again changes nothing.
 */
final class ClusterManagerSetup {

    static final String ACCOUNT = "sextant-manager";
    static final String ROLE = "sextant-manager-role";
    static final String SYSTEM_NAMESPACE = "kube-system";

    private ClusterManagerSetup() {}

    /** An admin client for {@code context} of {@code kubeconfig} (the default kubeconfig when null). */
    static KubernetesClient open(Path kubeconfig, String context) {
        String text;
        try {
            Path file = kubeconfig != null ? kubeconfig : defaultKubeconfig();
            text = Files.readString(file);
        } catch (IOException e) {
            throw new CliException("cannot read the kubeconfig: " + e.getMessage());
        }
        io.fabric8.kubernetes.api.model.Config parsed;
        try {
            parsed = new KubernetesSerialization().unmarshal(text, io.fabric8.kubernetes.api.model.Config.class);
        } catch (RuntimeException e) {
            throw new CliException("the kubeconfig cannot be read: " + e.getMessage());
        }
        // fabric8 falls back to the current context for a name it does not know: check first.
        List<String> contexts = parsed == null || parsed.getContexts() == null
                ? List.of()
                : parsed.getContexts().stream().map(NamedContext::getName).toList();
        if (!contexts.contains(context)) {
            throw new CliException("context '" + context + "' is not in the kubeconfig (it has: "
                    + (contexts.isEmpty() ? "none" : String.join(", ", contexts)) + ")");
        }
        Config config;
        try {
            config = Config.fromKubeconfig(context, text, null);
        } catch (RuntimeException e) {
            throw new CliException("context '" + context + "' is not in the kubeconfig: " + e.getMessage());
        }
        config.setRequestRetryBackoffLimit(
                1); // a CLI answers soon: a dead server is one clear line, not a minute of retries
        if (config.getMasterUrl() == null) {
            throw new CliException("context '" + context + "' names no cluster server");
        }
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private static Path defaultKubeconfig() {
        String env = System.getenv("KUBECONFIG");
        if (env != null && !env.isBlank()) {
            return Path.of(env.split(File.pathSeparator)[0]);
        }
        return Path.of(System.getProperty("user.home"), ".kube", "config");
    }

    /**
     * Makes the account, its rights and its token in the target cluster; returns the Cluster to register
     * (Argo's fields: server, name, config with bearerToken and tlsClientConfig, namespaces).
     */
    static ObjectNode install(KubernetesClient target, String name, List<String> namespaces, boolean clusterResources) {
        try {
            target.resource(new ServiceAccountBuilder()
                            .withNewMetadata()
                            .withName(ACCOUNT)
                            .withNamespace(SYSTEM_NAMESPACE)
                            .endMetadata()
                            .build())
                    .serverSideApply();
            if (namespaces.isEmpty()) {
                target.resource(new ClusterRoleBuilder()
                                .withNewMetadata()
                                .withName(ROLE)
                                .endMetadata()
                                .addToRules(new PolicyRuleBuilder()
                                        .addToApiGroups("*")
                                        .addToResources("*")
                                        .addToVerbs("*")
                                        .build())
                                .addToRules(new PolicyRuleBuilder()
                                        .addToNonResourceURLs("*")
                                        .addToVerbs("*")
                                        .build())
                                .build())
                        .serverSideApply();
                target.resource(new ClusterRoleBindingBuilder()
                                .withNewMetadata()
                                .withName(ROLE + "-binding")
                                .endMetadata()
                                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", ROLE)
                                .addNewSubject()
                                .withKind("ServiceAccount")
                                .withName(ACCOUNT)
                                .withNamespace(SYSTEM_NAMESPACE)
                                .endSubject()
                                .build())
                        .serverSideApply();
            } else {
                for (String ns : namespaces) {
                    target.resource(new RoleBuilder()
                                    .withNewMetadata()
                                    .withName(ROLE)
                                    .withNamespace(ns)
                                    .endMetadata()
                                    .addToRules(new PolicyRuleBuilder()
                                            .addToApiGroups("*")
                                            .addToResources("*")
                                            .addToVerbs("*")
                                            .build())
                                    .build())
                            .serverSideApply();
                    target.resource(new RoleBindingBuilder()
                                    .withNewMetadata()
                                    .withName(ROLE + "-binding")
                                    .withNamespace(ns)
                                    .endMetadata()
                                    .withNewRoleRef("rbac.authorization.k8s.io", "Role", ROLE)
                                    .addNewSubject()
                                    .withKind("ServiceAccount")
                                    .withName(ACCOUNT)
                                    .withNamespace(SYSTEM_NAMESPACE)
                                    .endSubject()
                                    .build())
                            .serverSideApply();
                }
            }
            target.resource(new SecretBuilder()
                            .withNewMetadata()
                            .withName(ACCOUNT + "-long-lived-token")
                            .withNamespace(SYSTEM_NAMESPACE)
                            .addToAnnotations("kubernetes.io/service-account.name", ACCOUNT)
                            .endMetadata()
                            .withType("kubernetes.io/service-account-token")
                            .build())
                    .serverSideApply();
        } catch (KubernetesClientException e) {
            throw new CliException("cannot set up " + ACCOUNT + " in " + target.getMasterUrl() + ": "
                    + (e.getStatus() == null || e.getStatus().getMessage() == null
                            ? e.getMessage()
                            : e.getStatus().getMessage()));
        }
        String token = awaitToken(target);
        Config c = target.getConfiguration();
        ObjectNode cluster = Json.mapper().createObjectNode();
        String server = c.getMasterUrl().replaceAll("/+$", "");
        cluster.put("server", server);
        if (name != null && !name.isBlank()) {
            cluster.put("name", name);
        }
        ObjectNode config = cluster.putObject("config");
        config.put("bearerToken", token);
        ObjectNode tls = config.putObject("tlsClientConfig");
        if (c.isTrustCerts()) {
            tls.put("insecure", true);
        }
        String ca = caData(c);
        if (ca != null) {
            tls.put("caData", ca);
        }
        if (!namespaces.isEmpty()) {
            var list = cluster.putArray("namespaces");
            namespaces.forEach(list::add);
            if (clusterResources) {
                cluster.put("clusterResources", true);
            }
        }
        return cluster;
    }

    /** The token the API server writes into the Secret (kube-controller-manager's token controller), within 30 s. */
    private static String awaitToken(KubernetesClient target) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            Secret s = target.secrets()
                    .inNamespace(SYSTEM_NAMESPACE)
                    .withName(ACCOUNT + "-long-lived-token")
                    .get();
            if (s != null && s.getData() != null && s.getData().get("token") != null) {
                return new String(Base64.getDecoder().decode(s.getData().get("token")), StandardCharsets.UTF_8);
            }
            try {
                Thread.sleep(250); // a CLI waiting for the cluster, not a server thread
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new CliException("the cluster wrote no token into " + SYSTEM_NAMESPACE + "/" + ACCOUNT
                + "-long-lived-token within 30 s: is its kube-controller-manager running?");
    }

    private static String caData(Config c) {
        if (c.getCaCertData() != null && !c.getCaCertData().isBlank()) {
            return c.getCaCertData();
        }
        if (c.getCaCertFile() != null && !c.getCaCertFile().isBlank()) {
            try {
                return Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(c.getCaCertFile())));
            } catch (IOException e) {
                throw new CliException(
                        "cannot read the cluster's CA file " + c.getCaCertFile() + ": " + e.getMessage());
            }
        }
        return null;
    }
}
