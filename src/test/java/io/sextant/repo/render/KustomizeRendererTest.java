package io.sextant.repo.render;

import static io.sextant.repo.render.RenderFixture.find;
import static io.sextant.repo.render.RenderFixture.kindNames;
import static io.sextant.repo.render.RenderFixture.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.sextant.model.ApplicationSource;
import io.sextant.model.ApplicationSourceKustomize;
import io.sextant.repo.RepoException.Reason;
import io.sextant.repo.TreeCommit;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kustomize renderer (the testbed's kustomize binary) on the kubercoins {@code kustomize} branch and hostile inputs. */
class KustomizeRendererTest {

    static final String CM = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: %s\n";

    @TempDir
    Path tmp;

    RenderFixture fx;
    final KustomizeRenderer kustomize = new KustomizeRenderer(RenderTools.DEFAULTS);

    @BeforeEach
    void start() throws IOException {
        fx = new RenderFixture(tmp);
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void theKustomizeBranchRendersWithArgosOverrides() {
        long before = RenderFixture.workspaces();
        RenderResult plain =
                fx.render(kustomize, fx.kubercoins.url(), source(".", "kustomize"), RenderContext.of("kc", "ns"));
        assertThat(plain.sourceType()).isEqualTo("Kustomize");
        assertThat(kindNames(plain)).hasSize(9).contains("Deployment/worker", "Service/webui");

        ApplicationSource source = source(".", "kustomize");
        ApplicationSourceKustomize k = new ApplicationSourceKustomize();
        k.setNamePrefix("pre-");
        k.setNameSuffix("-suf");
        k.setNamespace("kc");
        k.setCommonLabels(Map.of("team", "coins"));
        k.setCommonAnnotations(Map.of("note", "x"));
        k.setImages(List.of("dockercoins/worker=registry.example/worker:v0.2", "dockercoins/rng:v9"));
        ApplicationSourceKustomize.Replica replica = new ApplicationSourceKustomize.Replica();
        replica.setName("worker");
        replica.setCount("3");
        k.setReplicas(List.of(replica));
        source.setKustomize(k);
        RenderResult result = fx.render(kustomize, fx.kubercoins.url(), source, RenderContext.of("kc", "ns"));
        var worker = find(result, "Deployment", "pre-worker-suf");
        assertThat(worker.at("/metadata/namespace").asText()).isEqualTo("kc");
        assertThat(worker.at("/metadata/labels/team").asText()).isEqualTo("coins");
        assertThat(worker.at("/metadata/annotations/note").asText()).isEqualTo("x");
        assertThat(worker.at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(worker.at("/spec/template/spec/containers/0/image").asText())
                .isEqualTo("registry.example/worker:v0.2");
        assertThat(find(result, "Deployment", "pre-rng-suf")
                        .at("/spec/template/spec/containers/0/image")
                        .asText())
                .isEqualTo("dockercoins/rng:v9");
        assertThat(RenderFixture.workspaces()).isEqualTo(before);
    }

    @Test
    void basesElsewhereInTheRepositoryWorkButRemoteAndEscapingOnesAreRefused() {
        String url = fx.repo(TreeCommit.tree()
                .file("base/kustomization.yaml", "resources: [cm.yaml]\n")
                .file("base/cm.yaml", CM.formatted("base"))
                .file("overlay/kustomization.yaml", "resources: [../base]\nnamePrefix: o-\n")
                .file("remote/kustomization.yaml", "resources: ['github.com/example/repo//deploy?ref=main']\n")
                .file("https/kustomization.yaml", "resources: [https://example.invalid/cm.yaml]\n")
                .file("missing/kustomization.yaml", "resources: [nope]\n")
                .file("escape/kustomization.yaml", "resources: [../../../etc]\n")
                .file("broken/kustomization.yaml", "resources: [cm.yaml]\n")
                .file("broken/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: [oops\n")
                .file("secret/kustomization.yaml", "secretGenerator:\n- name: s\n  files: [/etc/passwd]\n")
                .file("link/kustomization.yaml", "resources: [pw.yaml]\n")
                .symlink("link/pw.yaml", "/etc/passwd"));
        assertThat(kindNames(fx.render(kustomize, url, source("overlay", "main"), RenderContext.of("a", "n"))))
                .containsExactly("ConfigMap/o-base");
        fx.expectError(
                kustomize, url, source("remote", "main"), Reason.UNSUPPORTED, "remote", "remote bases are disabled");
        fx.expectError(kustomize, url, source("https", "main"), Reason.UNSUPPORTED, "remote bases are disabled");
        fx.expectError(kustomize, url, source("missing", "main"), Reason.UNSUPPORTED, "'nope' does not exist");
        fx.expectError(kustomize, url, source("escape", "main"), Reason.PATH_ESCAPE, "leads outside the repository");
        fx.expectError(kustomize, url, source("broken", "main"), Reason.INVALID_MANIFEST, "kustomize build failed");
        fx.expectError(kustomize, url, source("secret", "main"), Reason.INVALID_MANIFEST, "kustomize build failed");
        fx.expectError(kustomize, url, source("link", "main"), Reason.PATH_ESCAPE, "/etc/passwd");
    }

    /**
     * The security review's H1: kustomize fetches a file named by URL in any file field, remote bases
     * or not, and renders the answer. Each such field is refused before kustomize runs, and a server
     * on loopback standing in for an internal endpoint is never asked; URLs in data (annotations,
     * literals) still render.
     */
    @Test
    void filesNamedByUrlAreNeverFetchedRemoteBasesOrNot() throws IOException {
        AtomicInteger asked = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            asked.incrementAndGet();
            byte[] body = "token-from-internal-service-42\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String u = "http://127.0.0.1:" + server.getAddress().getPort() + "/creds";
            String patch = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: base\n";
            String url = fx.repo(TreeCommit.tree()
                    .file("base/cm.yaml", CM.formatted("base"))
                    .file("base/kustomization.yaml", "resources: [cm.yaml]\n")
                    .file("files/kustomization.yaml", "configMapGenerator:\n- name: leak\n  files: [" + u + "]\n")
                    .file("keyed/kustomization.yaml", "secretGenerator:\n- name: leak\n  files: ['creds=" + u + "']\n")
                    .file("envs/kustomization.yaml", "configMapGenerator:\n- name: leak\n  envs: [" + u + "]\n")
                    .file("patch/kustomization.yaml", "resources: [../base]\npatches:\n- path: " + u + "\n")
                    .file("psm/kustomization.yaml", "resources: [../base]\npatchesStrategicMerge: ['" + u + "']\n")
                    .file("openapi/kustomization.yaml", "resources: [../base]\nopenapi:\n  path: " + u + "\n")
                    .file("repl/kustomization.yaml", "resources: [../base]\nreplacements:\n- path: " + u + "\n")
                    .file("deep/kustomization.yaml", "resources: [../files]\n")
                    .file(
                            "data/kustomization.yaml",
                            "resources: [../base]\ncommonAnnotations:\n  docs: " + u + "\n"
                                    + "configMapGenerator:\n- name: links\n  literals: ['home=" + u + "']\n"
                                    + "patches:\n- patch: |\n" + patch.indent(4) + "    data:\n      see: " + u
                                    + "\n"));
            KustomizeRenderer remoteOn = new KustomizeRenderer(RenderTools.DEFAULTS.withRemoteBases(true));
            for (String path : List.of("files", "keyed", "envs", "patch", "psm", "openapi", "repl", "deep")) {
                fx.expectError(kustomize, url, source(path, "main"), Reason.UNSUPPORTED, "fetch over the network");
                fx.expectError(remoteOn, url, source(path, "main"), Reason.UNSUPPORTED, "fetch over the network");
            }
            RenderResult data = fx.render(kustomize, url, source("data", "main"), RenderContext.of("a", "n"));
            assertThat(find(data, "ConfigMap", "base")
                            .at("/metadata/annotations/docs")
                            .asText())
                    .isEqualTo(u);
            assertThat(find(data, "ConfigMap", "base").at("/data/see").asText()).isEqualTo(u);
            assertThat(asked).as("requests the loopback server received").hasValue(0);
        } finally {
            server.stop(0);
        }
    }

    /**
     * Issue 21 item 7: {@code source.kustomize.patches} and {@code components} (Argo CD 2.10+) are applied,
     * not accepted and ignored; a patch by file path and a component leaving the repository are refused.
     */
    @Test
    void patchesAndComponentsOfTheApplicationAreApplied() {
        String url = fx.repo(TreeCommit.tree()
                .file("app/kustomization.yaml", "resources: [cm.yaml]\n")
                .file("app/cm.yaml", CM.formatted("settings") + "data: {mode: plain}\n")
                .file(
                        "comp/kustomization.yaml",
                        "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n" + "resources: [extra.yaml]\n")
                .file("comp/extra.yaml", CM.formatted("extra")));
        ApplicationSource source = source("app", "main");
        ApplicationSourceKustomize k = new ApplicationSourceKustomize();
        k.setPatches(List.of(Map.of(
                "patch",
                "- op: replace\n  path: /data/mode\n  value: patched\n",
                "target",
                Map.of("kind", "ConfigMap", "name", "settings"))));
        k.setComponents(List.of("../comp"));
        source.setKustomize(k);
        RenderResult result = fx.render(kustomize, url, source, RenderContext.of("a", "n"));
        assertThat(kindNames(result)).containsExactlyInAnyOrder("ConfigMap/settings", "ConfigMap/extra");
        assertThat(find(result, "ConfigMap", "settings").at("/data/mode").asText())
                .isEqualTo("patched");

        ApplicationSourceKustomize byPath = new ApplicationSourceKustomize();
        byPath.setPatches(List.of(Map.of("path", "patch.yaml")));
        ApplicationSource withPath = source("app", "main");
        withPath.setKustomize(byPath);
        fx.expectError(kustomize, url, withPath, Reason.INVALID_ARGUMENT, "inline in 'patch'");
        ApplicationSourceKustomize escaping = new ApplicationSourceKustomize();
        escaping.setComponents(List.of("../../../etc"));
        ApplicationSource away = source("app", "main");
        away.setKustomize(escaping);
        fx.expectError(kustomize, url, away, Reason.PATH_ESCAPE);
    }

    @Test
    void aHangingKustomizeIsKilledAtTheTimeBoundWithItsChildren() throws IOException {
        Path fake = tmp.resolve("fake-kustomize");
        Path marker = tmp.resolve("child-pid");
        Files.writeString(fake, "#!/bin/sh\nsleep 300 &\necho $! > " + marker + "\nwait\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        String url = fx.repo(TreeCommit.tree().file("k/kustomization.yaml", "resources: []\n"));
        KustomizeRenderer hanging =
                new KustomizeRenderer(RenderTools.DEFAULTS.withKustomize(fake).withTimeout(Duration.ofSeconds(3)));
        long start = System.nanoTime();
        fx.expectError(hanging, url, source("k", "main"), Reason.LIMIT_EXCEEDED, "did not finish within 3 s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        long child = Long.parseLong(Files.readString(marker).trim());
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() ->
                        assertThat(running(child)).as("the child is killed").isFalse());
    }

    /** Alive and not a zombie (a killed child may wait for a reaper that never comes in a container). */
    static boolean running(long pid) throws IOException {
        Path stat = Path.of("/proc/" + pid + "/stat");
        if (!Files.exists(stat)) {
            return false;
        }
        String s = Files.readString(stat);
        return !s.substring(s.lastIndexOf(')') + 2).startsWith("Z");
    }

    @Test
    void hugeOutputIsCutOff() throws IOException {
        Path fake = tmp.resolve("chatty-kustomize");
        Files.writeString(fake, "#!/bin/sh\nexec yes 'apiVersion: v1'\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        String url = fx.repo(TreeCommit.tree().file("k/kustomization.yaml", "resources: []\n"));
        KustomizeRenderer chatty =
                new KustomizeRenderer(RenderTools.DEFAULTS.withKustomize(fake).withMaxOutputBytes(1024 * 1024));
        fx.expectError(chatty, url, source("k", "main"), Reason.LIMIT_EXCEEDED, "printed more than 1048576 bytes");
    }

    @Test
    void imagesParseArgosForm() {
        assertThat(KustomizeOverlay.image("a/b=c/d:1@sha256:x").toString())
                .isEqualTo("{\"name\":\"a/b\",\"newName\":\"c/d\",\"newTag\":\"1\",\"digest\":\"sha256:x\"}");
        assertThat(KustomizeOverlay.image("host:5000/img:2").toString())
                .isEqualTo("{\"name\":\"host:5000/img\",\"newTag\":\"2\"}");
    }
}
