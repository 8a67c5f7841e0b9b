package io.sextant.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.sextant.testing.ProjectPaths;
import io.sextant.testing.TestbedResource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What deploy/k8s/install.yaml promises, read from the files: it is what the kustomization builds,
 * its image is the one the kustomization and the Dockerfile name, the Dockerfile has Quarkus'
 * layout and the testbed's kustomize, helm and sextant-jsonnet, and every container is locked down. (The image
 * itself is not built here: no container registry is reachable from the test machines.)
 * {@link InstallIT} applies it to the testbed.
 */
class InstallManifestTest {

    private static final Path ROOT = ProjectPaths.root();
    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    @Test
    void installYamlIsWhatTheKustomizationBuilds() throws Exception {
        String built = kustomizeBuild("deploy/k8s");
        String committed = Files.readString(ROOT.resolve("deploy/k8s/install.yaml"))
                .lines()
                .dropWhile(l -> l.startsWith("#"))
                .reduce("", (a, b) -> a + b + "\n");
        assertThat(committed)
                .as("deploy/k8s/install.yaml is stale: run kustomize build deploy/k8s and keep its header")
                .isEqualTo(built);
    }

    @Test
    void imageNameAndTagComeFromTheKustomizationAndMatchTheDockerfile() throws Exception {
        String kustomization = Files.readString(ROOT.resolve("deploy/k8s/kustomization.yaml"));
        String image = group(kustomization, "newName: (\\S+)") + ":" + group(kustomization, "newTag: (\\S+)");
        assertThat(deployments())
                .hasSize(2)
                .allSatisfy(d -> assertThat(d.getSpec().getTemplate().getSpec().getContainers())
                        .extracting(Container::getImage)
                        .containsOnly(image));
        String dockerfile = Files.readString(ROOT.resolve("src/main/docker/Dockerfile.jvm"));
        assertThat(dockerfile).contains("-t " + image + " .");
        // Quarkus' fast-jar layout, run by its launcher.
        assertThat(dockerfile)
                .contains(
                        "target/quarkus-app/lib/ /deployments/lib/",
                        "target/quarkus-app/app/ /deployments/app/",
                        "target/quarkus-app/quarkus/ /deployments/quarkus/",
                        "target/quarkus-app/*.jar /deployments/",
                        "/deployments/quarkus-run.jar");
        // The same tool versions as the testbed's pins.
        assertThat(group(dockerfile, "KUSTOMIZE_VERSION=(\\S+)"))
                .isEqualTo(group(
                        Files.readString(ROOT.resolve("testbed/go/kustomize/go.mod")),
                        "kustomize/kustomize/v5 (v\\S+)"));
        // Jsonnet is the confined evaluator, built from the testbed's own module (its go.mod pins go-jsonnet),
        // and the build context lets that module in.
        assertThat(group(dockerfile, "HELM_VERSION=(\\S+)"))
                .isEqualTo(group(Files.readString(ROOT.resolve("testbed/go/helm/go.mod")), "helm.sh/helm/v3 (v\\S+)"));
        assertThat(dockerfile)
                .contains(
                        "COPY testbed/go/jsonnet ",
                        "./cmd/sextant-jsonnet",
                        "/tools/kustomize /tools/helm /tools/sextant-jsonnet /usr/local/bin/");
        assertThat(Files.readString(ROOT.resolve(".dockerignore"))).contains("!testbed/go/jsonnet/");
        String user = group(dockerfile, "(?m)^USER (\\d+)$");
        assertThat(deployments())
                .allSatisfy(d -> assertThat(d.getSpec()
                                .getTemplate()
                                .getSpec()
                                .getSecurityContext()
                                .getRunAsUser())
                        .isEqualTo(Long.parseLong(user)));
    }

    @Test
    void everyContainerIsProbedBoundedAndLockedDown() throws Exception {
        for (Deployment d : deployments()) {
            assertThat(d.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot())
                    .isTrue();
            for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                String what = d.getMetadata().getName() + "/" + c.getName();
                assertThat(c.getLivenessProbe().getHttpGet().getPath()).as(what).isEqualTo("/q/health/live");
                assertThat(c.getReadinessProbe().getHttpGet().getPath())
                        .as(what)
                        .isEqualTo("/q/health/ready");
                assertThat(c.getResources().getRequests()).as(what).containsKeys("cpu", "memory");
                assertThat(c.getResources().getLimits()).as(what).containsKeys("cpu", "memory");
                assertThat(c.getSecurityContext().getReadOnlyRootFilesystem())
                        .as(what)
                        .isTrue();
                assertThat(c.getSecurityContext().getAllowPrivilegeEscalation())
                        .as(what)
                        .isFalse();
                assertThat(c.getSecurityContext().getRunAsNonRoot()).as(what).isTrue();
                assertThat(c.getSecurityContext().getCapabilities().getDrop())
                        .as(what)
                        .contains("ALL");
            }
        }
        assertThat(deployments())
                .extracting(d -> d.getMetadata().getName() + " " + d.getSpec().getReplicas())
                .containsExactlyInAnyOrder("sextant-server 2", "sextant-application-controller 1");
    }

    @Test
    void theServerWritesOnlyApplicationsProjectsSetsAndItsOwnSecretsAndConfigMaps() throws Exception {
        Role role = objects(Role.class).stream()
                .filter(r -> r.getMetadata().getName().equals("sextant-server"))
                .findFirst()
                .orElseThrow();
        assertThat(role.getMetadata().getNamespace()).isEqualTo("sextant");
        assertThat(role.getRules())
                .filteredOn(r -> !r.getVerbs().equals(List.of("get")))
                .flatExtracting(PolicyRule::getResources)
                .containsExactlyInAnyOrder("applications", "appprojects", "applicationsets", "secrets", "configmaps");
        // Read only: the controller replicas' Leases, to ask an app's owner for its tree.
        assertThat(role.getRules())
                .filteredOn(r -> r.getVerbs().equals(List.of("get")))
                .flatExtracting(PolicyRule::getResources)
                .containsExactly("leases");
        ClusterRole cluster = objects(ClusterRole.class).stream()
                .filter(r -> r.getMetadata().getName().equals("sextant-server"))
                .findFirst()
                .orElseThrow();
        assertThat(cluster.getRules()).allSatisfy(r -> {
            assertThat(r.getVerbs()).containsOnly("get", "list", "watch");
            assertThat(r.getResources()).containsOnly("events");
        });
    }

    /** The security review's L10: only the server's pods reach the controller's port. */
    @Test
    void onlyTheServerReachesTheController() throws Exception {
        var policies = objects(NetworkPolicy.class);
        assertThat(policies).singleElement().satisfies(p -> {
            assertThat(p.getSpec().getPodSelector().getMatchLabels())
                    .containsEntry("app.kubernetes.io/name", "sextant-application-controller");
            assertThat(p.getSpec().getPolicyTypes()).containsExactly("Ingress");
            assertThat(p.getSpec().getIngress()).singleElement().satisfies(rule -> {
                assertThat(rule.getFrom())
                        .singleElement()
                        .satisfies(peer -> assertThat(peer.getPodSelector().getMatchLabels())
                                .containsExactly(Map.entry("app.kubernetes.io/name", "sextant-server")));
                assertThat(rule.getPorts())
                        .singleElement()
                        .satisfies(
                                port -> assertThat(port.getPort().getIntVal()).isEqualTo(8080));
            });
        });
        assertThat(deployments())
                .filteredOn(d -> d.getMetadata().getName().equals("sextant-server"))
                .singleElement()
                .satisfies(
                        d -> assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
                                .containsEntry("app.kubernetes.io/name", "sextant-server"));
    }

    /**
     * Applications in any namespace: the overlay builds, and grants the server Applications across the cluster
     * and nothing else (the controller's ClusterRole already reaches every namespace).
     */
    @Test
    void theAnyNamespaceOverlayGrantsTheServerApplicationsOnly() throws Exception {
        String built = kustomizeBuild("deploy/k8s/apps-in-any-namespace");
        List<HasMetadata> objects = Arrays.stream(built.split("(?m)^---\\s*$"))
                .map(doc -> YAML.unmarshal(doc, HasMetadata.class))
                .toList();
        assertThat(objects)
                .extracting(HasMetadata::getKind)
                .containsExactlyInAnyOrder("ClusterRole", "ClusterRoleBinding");
        ClusterRole role = objects.stream()
                .filter(ClusterRole.class::isInstance)
                .map(ClusterRole.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(role.getRules()).singleElement().satisfies(r -> {
            assertThat(r.getApiGroups()).containsExactly("argoproj.io");
            assertThat(r.getResources()).containsExactly("applications");
        });
        var binding = objects.stream()
                .filter(ClusterRoleBinding.class::isInstance)
                .map(ClusterRoleBinding.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getName()).isEqualTo("sextant-server");
            assertThat(s.getNamespace()).isEqualTo("sextant");
        });
    }

    /**
     * The security review's M5: the TLS overlay serves the Secret {@code sextant-server-tls} on 8443, probes
     * over HTTPS, sends plain HTTP there, and offers 443; the rest of the install is unchanged.
     */
    @Test
    void theTlsOverlayServesTheSecretsCertificateOverHttps() throws Exception {
        String built = kustomizeBuild("deploy/k8s/tls");
        List<HasMetadata> objects = Arrays.stream(built.split("(?m)^---\\s*$"))
                .map(doc -> YAML.unmarshal(doc, HasMetadata.class))
                .toList();
        Deployment server = objects.stream()
                .filter(Deployment.class::isInstance)
                .map(Deployment.class::cast)
                .filter(d -> d.getMetadata().getName().equals("sextant-server"))
                .findFirst()
                .orElseThrow();
        var container = server.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getEnv())
                .extracting(e -> e.getName() + "=" + e.getValue())
                .contains(
                        "QUARKUS_HTTP_SSL_CERTIFICATE_FILES=/etc/sextant/tls/tls.crt",
                        "QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES=/etc/sextant/tls/tls.key",
                        "QUARKUS_HTTP_SSL_PORT=8443",
                        "QUARKUS_HTTP_INSECURE_REQUESTS=redirect",
                        "SEXTANT_ROLES=server",
                        "SEXTANT_TLS_SELF_SIGNED=true");
        assertThat(container.getReadinessProbe().getHttpGet().getScheme()).isEqualTo("HTTPS");
        assertThat(container.getImage())
                .as("the same image as the install's")
                .isEqualTo(deployments().stream()
                        .filter(d -> d.getMetadata().getName().equals("sextant-server"))
                        .findFirst()
                        .orElseThrow()
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage());
        assertThat(server.getSpec().getTemplate().getSpec().getVolumes())
                .anySatisfy(v -> assertThat(v.getSecret()).satisfies(secret -> {
                    assertThat(secret.getSecretName()).isEqualTo("sextant-server-tls");
                    assertThat(secret.getOptional())
                            .as("a self-signed certificate until the Secret exists")
                            .isTrue();
                }));
        var service = objects.stream()
                .filter(Service.class::isInstance)
                .map(Service.class::cast)
                .filter(x -> x.getMetadata().getName().equals("sextant-server"))
                .findFirst()
                .orElseThrow();
        assertThat(service.getSpec().getPorts()).extracting(p -> p.getPort()).contains(443, 80);
        assertThat(objects.size()).as("the whole install, patched").isGreaterThan(10);
    }

    /** The security review's L12: the Dex overlay applies no local users with a shared password. */
    @Test
    void theDexOverlayAppliesNoLocalUsers() throws Exception {
        String cm = Files.readString(ROOT.resolve("deploy/k8s/dex/sextant-cm-dex.yaml"));
        var config = YAML.unmarshal(cm, ConfigMap.class).getData().get("dex.config");
        var dex = YAML.unmarshal(config, Map.class);
        assertThat(dex).doesNotContainKey("staticPasswords").doesNotContainKey("enablePasswordDB");
        assertThat(cm).doesNotContain("$2b$10$UY3DkcUqQ10QHlqyvSSPM");
    }

    /** What the testbed's kustomize builds from {@code dir} (relative to the project); fails the test on an error. */
    private static String kustomizeBuild(String dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(
                        TestbedResource.binDir().resolve("kustomize").toString(),
                        "build",
                        ROOT.resolve(dir).toString())
                .redirectErrorStream(true)
                .start();
        String built = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(built).isZero();
        return built;
    }

    private static List<Deployment> deployments() throws IOException {
        return objects(Deployment.class);
    }

    private static <T extends HasMetadata> List<T> objects(Class<T> type) throws IOException {
        String manifest = Files.readString(ROOT.resolve("deploy/k8s/install.yaml"));
        return Arrays.stream(manifest.split("(?m)^---\\s*$"))
                .filter(doc -> doc.contains("kind: " + type.getSimpleName() + "\n"))
                .map(doc -> YAML.unmarshal(doc, HasMetadata.class))
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(regex).isTrue();
        return m.group(1);
    }
}
