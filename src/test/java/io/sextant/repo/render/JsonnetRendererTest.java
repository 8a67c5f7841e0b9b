package io.sextant.repo.render;

import static io.sextant.repo.render.RenderFixture.find;
import static io.sextant.repo.render.RenderFixture.kindNames;
import static io.sextant.repo.render.RenderFixture.source;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.model.ApplicationSource;
import io.sextant.model.ApplicationSourceDirectory;
import io.sextant.repo.RepoException.Reason;
import io.sextant.repo.TreeCommit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jsonnet files of Directory sources, evaluated by go-jsonnet, with ext vars, TLAs, libs and hostile imports. */
class JsonnetRendererTest {

    @TempDir
    Path tmp;

    RenderFixture fx;
    final Renderer directory = new DirectoryRenderer(new JsonnetEvaluator(RenderTools.DEFAULTS));

    @BeforeEach
    void start() throws IOException {
        fx = new RenderFixture(tmp);
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    static ApplicationSourceDirectory.JsonnetVar var(String name, String value, boolean code) {
        ApplicationSourceDirectory.JsonnetVar v = new ApplicationSourceDirectory.JsonnetVar();
        v.setName(name);
        v.setValue(value);
        v.setCode(code);
        return v;
    }

    static ApplicationSource jsonnet(
            String path,
            List<String> libs,
            List<ApplicationSourceDirectory.JsonnetVar> ext,
            List<ApplicationSourceDirectory.JsonnetVar> tlas) {
        ApplicationSource source = source(path, "main");
        ApplicationSourceDirectory d = new ApplicationSourceDirectory();
        ApplicationSourceDirectory.Jsonnet j = new ApplicationSourceDirectory.Jsonnet();
        j.setLibs(libs);
        j.setExtVars(ext);
        j.setTlas(tlas);
        d.setJsonnet(j);
        source.setDirectory(d);
        return source;
    }

    @Test
    void extVarsTlasAndLibsInsideTheRepository() {
        String url = fx.repo(TreeCommit.tree()
                .file(
                        "lib/cm.libsonnet",
                        "{ cm(name, data):: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: name }, data: data } }")
                .file("app/main.jsonnet", """
                        local k = import 'cm.libsonnet';
                        local local_ = import '../shared/extra.libsonnet';
                        function(replicas, tier='web') [
                          k.cm(std.extVar('name'), { replicas: std.toString(replicas), tier: tier, code: std.toString(std.extVar('n') + 1) }),
                          local_,
                        ]
                        """)
                .file("app/plain.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n")
                .file(
                        "shared/extra.libsonnet",
                        "{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'extra' } }"));
        ApplicationSource source = jsonnet(
                "app",
                List.of("lib"),
                List.of(var("name", "from-ext; $(rm -rf /)", false), var("n", "41", true)),
                List.of(var("replicas", "3", true), var("tier", "db", false)));
        RenderResult result = fx.render(directory, url, source, RenderContext.of("a", "n"));
        assertThat(result.sourceType()).isEqualTo("Directory");
        assertThat(kindNames(result))
                .containsExactly("ConfigMap/from-ext; $(rm -rf /)", "ConfigMap/extra", "ConfigMap/plain");
        var cm = find(result, "ConfigMap", "from-ext; $(rm -rf /)");
        assertThat(cm.at("/data/replicas").asText()).isEqualTo("3");
        assertThat(cm.at("/data/tier").asText()).isEqualTo("db");
        assertThat(cm.at("/data/code").asText()).isEqualTo("42");
    }

    @Test
    void importsAndLibsLeavingTheRepositoryAreRefused() {
        String url = fx.repo(TreeCommit.tree()
                .file("up/main.jsonnet", "importstr '../../../../../../etc/passwd'")
                .file("abs/main.jsonnet", "importstr \"/etc/passwd\"")
                .file("lib/main.jsonnet", "import 'x.libsonnet'")
                .file("lib/x.libsonnet", "{}")
                .file("link/main.jsonnet", "importstr 'pw'")
                .symlink("link/pw", "/etc/passwd")
                .file("err/main.jsonnet", "error 'boom from jsonnet'"));
        fx.expectError(directory, url, jsonnet("up", null, null, null), Reason.PATH_ESCAPE, "leaves the repository");
        fx.expectError(directory, url, jsonnet("abs", null, null, null), Reason.PATH_ESCAPE, "/etc/passwd");
        fx.expectError(directory, url, jsonnet("lib", List.of("../.."), null, null), Reason.PATH_ESCAPE);
        fx.expectError(directory, url, jsonnet("link", null, null, null), Reason.PATH_ESCAPE, "/etc/passwd");
        fx.expectError(
                directory,
                url,
                jsonnet("err", null, null, null),
                Reason.INVALID_MANIFEST,
                "boom from jsonnet",
                "err/main.jsonnet");
        fx.expectError(
                directory,
                url,
                jsonnet("abs", null, List.of(var("bad=name", "x", false)), null),
                Reason.INVALID_ARGUMENT,
                "not an identifier");
    }

    /**
     * The security review's C2: what a text scan for imports missed. A comment between the keyword and
     * the string, an escaped slash, an import in a library or an imported file, and code
     * passed as an extVar or TLA: each is refused by the evaluator's importer, and no file outside the
     * repository is ever read (a marker file beside the repository stays out of every message).
     */
    @Test
    void importsHiddenFromATextScanAreRefusedByTheImporterItself() throws IOException {
        // Outside the temp directory, whose paths error messages must not show anyway (not in target/: a
        // checkout may itself lie under the temp directory, and the refusal quotes the path the repository wrote).
        Path outside = Files.createTempFile(
                Files.createDirectories(Path.of(System.getProperty("user.home"), ".cache", "sextant")),
                "outside-secret",
                ".txt");
        Files.writeString(outside, "token-from-the-controller-42");
        String abs = outside.toString();
        try {
            hiddenImports(abs);
        } finally {
            Files.deleteIfExists(outside);
        }
    }

    private void refused(String url, ApplicationSource source, String fragment) {
        fx.expectError(directory, url, source, Reason.PATH_ESCAPE, fragment);
        Assertions.assertThatThrownBy(() -> fx.render(directory, url, source, RenderContext.of("a", "n")))
                .message()
                .doesNotContain("token-from-the-controller-42");
    }

    private void hiddenImports(String abs) {
        String url = fx.repo(TreeCommit.tree()
                .file(
                        "comment/main.jsonnet",
                        "{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { t: importstr /**/ \""
                                + abs + "\" } }")
                .file(
                        "line/main.jsonnet",
                        "{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { t: importstr // c\n \""
                                + abs + "\" } }")
                .file("escape/main.jsonnet", "{ t: importstr \"\\u002f" + abs.substring(1) + "\" }")
                .file("deep/main.jsonnet", "import 'ok.libsonnet'")
                .file("deep/ok.libsonnet", "{ t: importstr # hidden\n '" + abs + "' }")
                .file(
                        "vars/main.jsonnet",
                        "function(t='') { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { e: std.extVar('e'), t: t } }")
                .file("lib/sneaky.libsonnet", "importstr '../../" + "../".repeat(12) + abs.substring(1) + "'")
                .file("uselib/main.jsonnet", "import 'sneaky.libsonnet'"));
        for (String path : List.of("comment", "line", "escape", "deep")) {
            refused(url, jsonnet(path, null, null, null), "refused");
        }
        refused(url, jsonnet("uselib", List.of("lib"), null, null), "leaves the repository");
        refused(url, jsonnet("vars", null, List.of(var("e", "importstr /**/ \"" + abs + "\"", true)), null), "refused");
        refused(
                url,
                jsonnet(
                        "vars",
                        null,
                        List.of(var("e", "x", false)),
                        List.of(var("t", "importstr \"" + abs + "\"", true))),
                "refused");
        // The same code variable as a string is only a string.
        RenderResult plain = fx.render(
                directory,
                url,
                jsonnet("vars", null, List.of(var("e", "importstr \"" + abs + "\"", false)), null),
                RenderContext.of("a", "n"));
        assertThat(find(plain, "ConfigMap", "x").at("/data/e").asText()).isEqualTo("importstr \"" + abs + "\"");
    }

    @Test
    void aPlainJsonnetBinaryIsRefusedForItsImportsCanReadAnyFile() {
        Path plain = tmp.resolve("jsonnet");
        try {
            Files.writeString(plain, "#!/bin/sh\necho 'Jsonnet commandline interpreter (Go implementation) v0.22.0'\n");
            plain.toFile().setExecutable(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String url = fx.repo(TreeCommit.tree().file("app/main.jsonnet", "{}"));
        Renderer unconfined = new DirectoryRenderer(new JsonnetEvaluator(RenderTools.DEFAULTS.withJsonnet(plain)));
        fx.expectError(
                unconfined,
                url,
                jsonnet("app", null, null, null),
                Reason.UNSUPPORTED,
                "not Sextant's confined Jsonnet evaluator");
    }

    @Test
    void aRunawayEvaluationStopsAtTheTimeBound() {
        String url = fx.repo(
                TreeCommit.tree()
                        .file(
                                "loop/main.jsonnet",
                                "{ x: std.foldl(function(a, i) std.foldl(function(b, j) b + 1, std.range(1, 20000), a), std.range(1, 20000), 0) }"));
        Renderer bounded =
                new DirectoryRenderer(new JsonnetEvaluator(RenderTools.DEFAULTS.withTimeout(Duration.ofSeconds(3))));
        long start = System.nanoTime();
        fx.expectError(
                bounded, url, jsonnet("loop", null, null, null), Reason.LIMIT_EXCEEDED, "did not finish within 3 s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }
}
