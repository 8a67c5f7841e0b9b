package io.sextant.repo.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.embedded.FixtureRepository;
import io.sextant.embedded.GitHttpServer;
import io.sextant.model.ApplicationSource;
import io.sextant.model.ApplicationSourceDirectory;
import io.sextant.repo.RepoException;
import io.sextant.repo.RepoException.Reason;
import io.sextant.repo.TreeCommit;
import io.sextant.repo.git.RepoCache;
import io.sextant.repo.git.RepoSnapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rendering Directory sources from the kubercoins repository and from hostile repositories, served by the
 * real git server, fetched into the clone cache, read without a checkout.
 */
class DirectoryRendererTest {

    static final String CM = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: %s\ndata:\n  k: v\n";

    @TempDir
    Path tmp;

    GitHttpServer server;
    FixtureRepository kubercoins;
    RepoCache cache;
    final Renderers renderers = Renderers.standard();

    @BeforeEach
    void start() throws IOException {
        server = GitHttpServer.start(tmp.resolve("served"), 0);
        kubercoins = FixtureRepository.create(server);
        cache = new RepoCache(tmp.resolve("cache"));
    }

    @AfterEach
    void stop() {
        cache.close();
        kubercoins.close();
        server.close();
    }

    static ApplicationSource source(String path, String revision) {
        ApplicationSource source = new ApplicationSource();
        source.setPath(path);
        source.setTargetRevision(revision);
        return source;
    }

    RenderResult render(String url, ApplicationSource source, RenderContext ctx) {
        String sha = cache.newRound().resolve(url, source.getTargetRevision(), null);
        return renderers.render(cache.snapshot(url, sha), source, ctx);
    }

    static List<String> kindNames(RenderResult result) {
        return result.manifests().stream()
                .map(m -> m.get("kind").asText() + "/" + m.at("/metadata/name").asText())
                .toList();
    }

    static String workerImage(RenderResult result) {
        return result.manifests().stream()
                .filter(m -> m.get("kind").asText().equals("Deployment")
                        && m.at("/metadata/name").asText().equals("worker"))
                .findFirst()
                .orElseThrow()
                .at("/spec/template/spec/containers/0/image")
                .asText();
    }

    @Test
    void theProdBranchRendersTheNineKubercoinsObjects() {
        RenderResult result = render(kubercoins.url(), source(".", "prod"), RenderContext.of("kc-prod", "prod"));
        assertThat(result.sourceType()).isEqualTo("Directory");
        assertThat(result.revision()).isEqualTo(kubercoins.headOf("prod"));
        assertThat(kindNames(result))
                .containsExactly(
                        "Deployment/hasher",
                        "Service/hasher",
                        "Deployment/redis",
                        "Service/redis",
                        "Deployment/rng",
                        "Service/rng",
                        "Deployment/webui",
                        "Service/webui",
                        "Deployment/worker");
        assertThat(result.manifests())
                .filteredOn(m -> m.get("kind").asText().equals("Deployment"))
                .hasSize(5);
        assertThat(result.manifests())
                .filteredOn(m -> m.get("kind").asText().equals("Service"))
                .hasSize(4);
        assertThat(workerImage(result)).isEqualTo("dockercoins/worker:v0.1");
        assertThat(result.sizeBytes()).isPositive();
        assertThat(result.ignoredFiles()).isEmpty();
    }

    @Test
    void aPushedChangeOnStageRendersTheNewImageAtTheNewCommitOnly() {
        String url = kubercoins.url();
        String before = cache.newRound().resolve(url, "stage", null);
        String after = kubercoins.replaceInFile(
                "stage",
                "worker-deployment.yaml",
                "dockercoins/worker:v0.1",
                "dockercoins/worker:v0.3",
                "worker: v0.3");

        RenderResult updated = render(url, source("", "stage"), RenderContext.defaults());
        assertThat(updated.revision()).isEqualTo(after);
        assertThat(workerImage(updated)).isEqualTo("dockercoins/worker:v0.3");

        RenderResult old = renderers.render(cache.snapshot(url, before), source("", "stage"), RenderContext.defaults());
        assertThat(workerImage(old)).as("a commit never changes").isEqualTo("dockercoins/worker:v0.1");
    }

    @Test
    void includeExcludeAndRecurseSelectFilesByTheirPathUnderTheApplicationPath() {
        String url = hostile(TreeCommit.tree()
                .file("app/a.yaml", CM.formatted("a"))
                .file("app/b.yml", CM.formatted("b"))
                .file("app/c.json", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"}}")
                .file("app/notes.txt", "not a manifest")
                .file("app/sub/d.yaml", CM.formatted("d"))
                .file("app/sub/deeper/e.yaml", CM.formatted("e"))
                .file("app/env-usw2/x.yaml", CM.formatted("x"))
                .file("app/.github/workflows/ci.yaml", "on: [push]\njobs: {}\n")
                .file("elsewhere/z.yaml", CM.formatted("z")));

        assertThat(names(url, directory(null, null, null))).containsExactly("a", "b", "c");
        RenderResult recursive = render(url, app(directory(true, null, null)), RenderContext.defaults());
        assertThat(names(recursive)).containsExactly("a", "b", "c", "x", "d", "e");
        assertThat(recursive.ignoredFiles()).containsExactly("app/.github/workflows/ci.yaml");
        assertThat(names(url, directory(true, "*.yaml", null))).containsExactly("a", "x", "d", "e");
        assertThat(names(url, directory(true, "{*.yml,*.json}", null))).containsExactly("b", "c");
        assertThat(names(url, directory(true, null, "{c.json,env-usw2/*}"))).containsExactly("a", "b", "d", "e");
        assertThat(names(url, directory(true, "sub/*", "*/deeper/*"))).containsExactly("d");
        assertThat(names(url, directory(false, "*.yaml", null))).containsExactly("a");
        assertThat(names(url, directory(true, "./sub/*", null)))
                .as("a leading ./ is ignored")
                .containsExactly("d", "e");
        for (String outside : List.of("../elsewhere/*", "/app/*", "{a.yaml,../../etc/*}")) {
            assertThatThrownBy(() -> render(url, app(directory(true, outside, null)), RenderContext.defaults()))
                    .as(outside)
                    .isInstanceOfSatisfying(RepoException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.PATH_ESCAPE);
                        assertThat(e.getMessage()).contains("must be relative to the application path");
                    });
        }

        assertThatThrownBy(() -> render(url, app(directory(true, "{a.yaml", null)), RenderContext.defaults()))
                .isInstanceOfSatisfying(RepoException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains("directory.include");
                });
    }

    @Test
    void helmAndKustomizeSourcesAreRecognisedAndRenderedByTheirTools() {
        String url = kubercoins.url();
        assertThat(render(url, source("generic-service", "helm"), RenderContext.of("kc", "ns"))
                        .sourceType())
                .isEqualTo("Helm");
        assertThat(render(url, source(".", "kustomize"), RenderContext.defaults())
                        .sourceType())
                .isEqualTo("Kustomize");

        String sha = cache.newRound().resolve(url, "helm", null);
        RepoSnapshot helm = cache.snapshot(url, sha);
        assertThat(SourceTypes.detect(helm, source("generic-service", "helm"))).isEqualTo(SourceType.HELM);
        assertThat(SourceTypes.detect(helm, source("values", "helm"))).isEqualTo(SourceType.DIRECTORY);
        ApplicationSource forcedDirectory = source("values", "helm");
        forcedDirectory.setDirectory(new ApplicationSourceDirectory());
        assertThat(SourceTypes.detect(helm, forcedDirectory)).isEqualTo(SourceType.DIRECTORY);
    }

    @Test
    void hostileFilesGiveClearErrorsNamingTheFileAndDocument() {
        StringBuilder deep =
                new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  k: ");
        deep.append("[".repeat(200)).append("x").append("]".repeat(200)).append('\n');
        String bomb = """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: lol}
                data:
                  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]
                  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]
                  c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]
                  d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]
                  e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]
                  f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]
                  g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]
                  h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g,*g]
                  i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h,*h]
                """;
        String url = hostile(TreeCommit.tree()
                .file("bomb/lol.yaml", bomb)
                .file("deep/nested.yaml", deep.toString())
                .file(
                        "huge/big.yaml",
                        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  k: \""
                                + "x".repeat(10 * 1024 * 1024) + "\"\n")
                .file("nokind/ok.yaml", CM.formatted("ok"))
                .file(
                        "nokind/zz-broken.yaml",
                        CM.formatted("fine") + "---\napiVersion: v1\nmetadata:\n  name: no-kind\n")
                .file("jsonnet/app.jsonnet", "{}")
                .symlink("escape/passwd.yaml", "/etc/passwd"));

        expectError(url, "bomb", Reason.LIMIT_EXCEEDED, "bomb/lol.yaml: document 1", "aliases");
        expectError(url, "deep", Reason.LIMIT_EXCEEDED, "deep/nested.yaml: document 1", "Nesting Depth");
        expectError(url, "huge", Reason.LIMIT_EXCEEDED, "huge/big.yaml", "more than the limit of 3145728 bytes");
        expectError(url, "nokind", Reason.INVALID_MANIFEST, "nokind/zz-broken.yaml: document 2: missing kind");
        expectError(url, "jsonnet", Reason.INVALID_MANIFEST, "jsonnet/app.jsonnet", "missing apiVersion");
        expectError(url, "escape", Reason.PATH_ESCAPE, "passwd.yaml", "/etc/passwd");
        expectError(url, "../../etc", Reason.PATH_ESCAPE, "leads outside the repository");
        expectError(url, "/etc", Reason.PATH_ESCAPE, "is absolute");
    }

    @Test
    void sixThousandTinyFilesExceedTheFileLimitBeforeAnyIsRead() {
        TreeCommit many = TreeCommit.tree();
        for (int i = 0; i < 6000; i++) {
            many.file("many/cm-%04d.yaml".formatted(i), CM.formatted("cm-" + i));
        }
        String url = hostile(many);
        expectError(url, "many", Reason.LIMIT_EXCEEDED, "more than 5000 manifest files");
    }

    @Test
    void totalBytesAndObjectCountAreBounded() {
        String url = kubercoins.url();
        RenderLimits d = RenderLimits.DEFAULTS;
        RenderContext fewBytes = new RenderContext(
                null,
                null,
                new RenderLimits(
                        d.maxFiles(),
                        1000,
                        d.maxFileBytes(),
                        d.maxObjects(),
                        d.maxAliases(),
                        d.maxNestingDepth(),
                        d.maxNodes(),
                        d.maxTreeEntries()));
        assertThatThrownBy(() -> render(url, source(".", "prod"), fewBytes))
                .isInstanceOfSatisfying(RepoException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.LIMIT_EXCEEDED);
                    assertThat(e.getMessage()).contains("more than 1000 bytes");
                });
        RenderContext fewObjects = new RenderContext(
                null,
                null,
                new RenderLimits(
                        d.maxFiles(),
                        d.maxTotalBytes(),
                        d.maxFileBytes(),
                        5,
                        d.maxAliases(),
                        d.maxNestingDepth(),
                        d.maxNodes(),
                        d.maxTreeEntries()));
        assertThatThrownBy(() -> render(url, source(".", "prod"), fewObjects))
                .isInstanceOfSatisfying(
                        RepoException.class,
                        e -> assertThat(e.getMessage()).contains("more than 5 Kubernetes objects"));
    }

    private void expectError(String url, String path, Reason reason, String... fragments) {
        assertThatThrownBy(() -> render(url, source(path, "attack"), RenderContext.defaults()))
                .as(path)
                .isInstanceOfSatisfying(RepoException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    for (String fragment : fragments) {
                        assertThat(e.getMessage()).contains(fragment);
                    }
                    assertThat(e.getMessage()).doesNotContain("root:x:0:0");
                });
    }

    private String hostile(TreeCommit tree) {
        tree.commitTo(server.addAnonymous("hostile"), "attack");
        return server.url("hostile");
    }

    private static ApplicationSourceDirectory directory(Boolean recurse, String include, String exclude) {
        ApplicationSourceDirectory directory = new ApplicationSourceDirectory();
        directory.setRecurse(recurse);
        directory.setInclude(include);
        directory.setExclude(exclude);
        return directory;
    }

    private static ApplicationSource app(ApplicationSourceDirectory directory) {
        ApplicationSource source = source("app", "attack");
        source.setDirectory(directory);
        return source;
    }

    private List<String> names(String url, ApplicationSourceDirectory directory) {
        return names(render(url, app(directory), RenderContext.defaults()));
    }

    private static List<String> names(RenderResult result) {
        return result.manifests().stream()
                .map(m -> m.at("/metadata/name").asText())
                .toList();
    }
}
