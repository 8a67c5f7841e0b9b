package io.sextant.repo.render;

import static io.sextant.repo.render.RenderFixture.find;
import static io.sextant.repo.render.RenderFixture.kindNames;
import static io.sextant.repo.render.RenderFixture.source;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.model.ApplicationSource;
import io.sextant.model.ApplicationSourceHelm;
import io.sextant.repo.RepoException.Reason;
import io.sextant.repo.TreeCommit;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Helm renderer (embedded Helm) on the kubercoins {@code helm} branch and on hostile charts. */
class HelmRendererTest {

    static final String CHART = "apiVersion: v2\nname: %s\nversion: 0.1.0\n";

    @TempDir
    Path tmp;

    RenderFixture fx;
    final HelmRenderer helm = new HelmRenderer(RenderTools.DEFAULTS);

    @BeforeEach
    void start() throws IOException {
        fx = new RenderFixture(tmp);
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    static ApplicationSource chart(String path, ApplicationSourceHelm settings) {
        ApplicationSource source = source(path, "main");
        source.setHelm(settings);
        return source;
    }

    static ApplicationSourceHelm valueFiles(String... files) {
        ApplicationSourceHelm h = new ApplicationSourceHelm();
        h.setValueFiles(List.of(files));
        return h;
    }

    static ApplicationSourceHelm.Parameter parameter(String name, String value, boolean forceString) {
        ApplicationSourceHelm.Parameter p = new ApplicationSourceHelm.Parameter();
        p.setName(name);
        p.setValue(value);
        p.setForceString(forceString);
        return p;
    }

    @Test
    void theWorkshopsWorkerChartRendersWithValuesFromOutsideTheChartDirectory() {
        long before = RenderFixture.workspaces();
        ApplicationSource source = source("generic-service", "helm");
        source.setHelm(valueFiles("values.yaml", "../values/worker.yaml"));
        RenderResult result = fx.render(helm, fx.kubercoins.url(), source, RenderContext.of("kc-worker", "helmcoins"));

        assertThat(result.sourceType()).isEqualTo("Helm");
        assertThat(kindNames(result)).contains("Deployment/kc-worker", "ServiceAccount/kc-worker");
        assertThat(find(result, "Deployment", "kc-worker")
                        .at("/spec/template/spec/containers/0/image")
                        .asText())
                .startsWith("dockercoins/worker:");
        assertThat(RenderFixture.workspaces()).as("the temp dir is deleted").isEqualTo(before);
    }

    @Test
    void releaseNameNamespaceValuesValuesObjectAndParametersApplyInArgosOrder() {
        String url = fx.repo(TreeCommit.tree()
                .file("c/Chart.yaml", CHART.formatted("c"))
                .file("c/values.yaml", "a: file\nb: file\nc: file\nn: 1\n")
                .file("c/templates/cm.yaml", """
                        apiVersion: v1
                        kind: ConfigMap
                        metadata:
                          name: {{ .Release.Name }}
                          namespace: {{ .Release.Namespace }}
                        data:
                          a: {{ .Values.a | quote }}
                          b: {{ .Values.b | quote }}
                          c: {{ .Values.c | quote }}
                          n: {{ kindOf .Values.n | quote }}
                          s: {{ kindOf .Values.s | quote }}
                          list: {{ .Values.list | toJson | quote }}
                          dotted: {{ index .Values "x.y" | quote }}
                          file: {{ .Values.file | quote }}
                        """)
                .file("c/conf.txt", "from a file"));
        ApplicationSourceHelm h = new ApplicationSourceHelm();
        h.setReleaseName("rel");
        h.setNamespace("other");
        h.setValues("a: values\nb: values\n");
        h.setParameters(List.of(
                parameter("b", "param", false),
                parameter("n", "42", false),
                parameter("s", "42", true),
                parameter("list[1].k", "v", false),
                parameter("x\\.y", "esc", false)));
        ApplicationSourceHelm.FileParameter fp = new ApplicationSourceHelm.FileParameter();
        fp.setName("file");
        fp.setPath("conf.txt");
        h.setFileParameters(List.of(fp));
        RenderResult result = fx.render(helm, url, chart("c", h), RenderContext.of("app", "ns"));
        var cm = find(result, "ConfigMap", "rel");
        assertThat(cm.at("/metadata/namespace").asText()).isEqualTo("other");
        assertThat(cm.at("/data/a").asText()).isEqualTo("values");
        assertThat(cm.at("/data/b").asText()).isEqualTo("param");
        assertThat(cm.at("/data/c").asText()).isEqualTo("file");
        assertThat(cm.at("/data/n").asText()).isIn("int64", "float64", "int");
        assertThat(cm.at("/data/s").asText()).isEqualTo("string");
        assertThat(cm.at("/data/list").asText()).isEqualTo("[null,{\"k\":\"v\"}]");
        assertThat(cm.at("/data/dotted").asText()).isEqualTo("esc");
        assertThat(cm.at("/data/file").asText()).isEqualTo("from a file");

        // valuesObject wins over values; the release name defaults to the app name, the namespace to the destination's.
        ApplicationSourceHelm o = new ApplicationSourceHelm();
        o.setValues("a: values\n");
        o.setValuesObject(Map.of("a", "object"));
        RenderResult second = fx.render(helm, url, chart("c", o), RenderContext.of("myapp", "dest"));
        var cm2 = find(second, "ConfigMap", "myapp");
        assertThat(cm2.at("/data/a").asText()).isEqualTo("object");
        assertThat(cm2.at("/metadata/namespace").asText()).isEqualTo("dest");
    }

    @Test
    void crdsHooksKubeVersionAndVendoredDependencies() {
        String url = fx.repo(TreeCommit.tree()
                .file("c/Chart.yaml", CHART.formatted("c") + "dependencies:\n- name: sub\n  version: 0.1.0\n")
                .file("c/crds/crd.yaml", """
                        apiVersion: apiextensions.k8s.io/v1
                        kind: CustomResourceDefinition
                        metadata:
                          name: things.example.com
                        spec:
                          group: example.com
                          names: {kind: Thing, plural: things}
                          scope: Namespaced
                          versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]
                        """)
                .file("c/templates/hook.yaml", """
                        apiVersion: batch/v1
                        kind: Job
                        metadata:
                          name: migrate
                          annotations:
                            helm.sh/hook: pre-install
                        spec:
                          template:
                            spec:
                              restartPolicy: Never
                              containers: [{name: m, image: busybox}]
                        """)
                .file("c/templates/version.yaml", """
                        apiVersion: v1
                        kind: ConfigMap
                        metadata:
                          name: version
                        data:
                          kube: {{ .Capabilities.KubeVersion.Version | quote }}
                        """)
                .file("c/charts/sub/Chart.yaml", CHART.formatted("sub"))
                .file(
                        "c/charts/sub/templates/cm.yaml",
                        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-sub\n"));
        ApplicationSourceHelm h = new ApplicationSourceHelm();
        h.setKubeVersion("1.31.0");
        RenderResult result = fx.render(helm, url, chart("c", h), RenderContext.of("app", "ns"));
        assertThat(kindNames(result))
                .contains("CustomResourceDefinition/things.example.com", "Job/migrate", "ConfigMap/from-sub");
        assertThat(find(result, "Job", "migrate")
                        .at("/metadata/annotations/helm.sh~1hook")
                        .asText())
                .isEqualTo("pre-install");
        assertThat(find(result, "ConfigMap", "version").at("/data/kube").asText())
                .isEqualTo("v1.31.0");

        h.setSkipCrds(true);
        assertThat(kindNames(fx.render(helm, url, chart("c", h), RenderContext.of("app", "ns"))))
                .doesNotContain("CustomResourceDefinition/things.example.com");
    }

    @Test
    void missingValueFilesFailUnlessIgnored() {
        ApplicationSource source = source("generic-service", "helm");
        source.setHelm(valueFiles("values.yaml", "../values/nope.yaml"));
        fx.expectError(
                helm, fx.kubercoins.url(), source, Reason.PATH_NOT_FOUND, "../values/nope.yaml", "values/nope.yaml");
        source.getHelm().setIgnoreMissingValueFiles(true);
        assertThat(fx.render(helm, fx.kubercoins.url(), source, RenderContext.of("kc", "ns"))
                        .manifests())
                .isNotEmpty();
    }

    @Test
    void templateErrorsCarryHelmsMessageWithoutTemporaryPaths() {
        String url = fx.repo(TreeCommit.tree()
                .file("c/Chart.yaml", CHART.formatted("c"))
                .file(
                        "c/templates/cm.yaml",
                        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.x.y.z }\n"));
        fx.expectError(helm, url, chart("c", null), Reason.INVALID_MANIFEST, "helm template failed", "cm.yaml");
    }

    @Test
    void hostileValueFilesAndSymlinksAreRefused() {
        String url = fx.repo(TreeCommit.tree()
                .file("c/Chart.yaml", CHART.formatted("c"))
                .file("c/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n")
                .symlink("c/values-link.yaml", "/etc/passwd")
                .file("d/Chart.yaml", CHART.formatted("d"))
                .symlink("d/templates/pw.yaml", "../../../etc/passwd"));
        String clean = fx.repo(TreeCommit.tree().file("c/Chart.yaml", CHART.formatted("c")));
        fx.expectError(
                helm,
                clean,
                chart("c", valueFiles("../../etc/passwd")),
                Reason.PATH_ESCAPE,
                "leads outside the repository");
        fx.expectError(helm, clean, chart("c", valueFiles("/etc/passwd")), Reason.PATH_ESCAPE, "absolute");
        fx.expectError(
                helm, clean, chart("c", valueFiles("https://example.invalid/v.yaml")), Reason.INVALID_ARGUMENT, "URL");
        fx.expectError(
                helm,
                url,
                chart("c", null),
                Reason.PATH_ESCAPE,
                "/etc/passwd",
                "nothing outside the repository is read");
        fx.expectError(helm, url, chart("d", null), Reason.PATH_ESCAPE);
        ApplicationSourceHelm api = new ApplicationSourceHelm();
        api.setApiVersions(List.of("--post-renderer=/bin/sh"));
        fx.expectError(helm, clean, chart("c", api), Reason.INVALID_ARGUMENT, "is not an API version");
    }

    /**
     * The security review's H4: a runaway template and a memory bomb. Helm runs as a process, so at the
     * time bound the process is gone (no helm left running, not just an answer to the caller), and a
     * chart that asks for more memory than its bound dies alone with a clear error while this JVM,
     * the controller, goes on rendering.
     */
    @Test
    void aRunawayOrMemoryHungryChartIsStoppedAndNothingOfItKeepsRunning() {
        String url = fx.repo(TreeCommit.tree()
                .file("c/Chart.yaml", CHART.formatted("c"))
                .file(
                        "c/templates/slow.yaml",
                        "{{- range until 8000 }}{{- range until 8000 }}{{- range until 8000 }}{{- end }}{{- end }}{{- end }}\n")
                .file("m/Chart.yaml", CHART.formatted("m"))
                .file(
                        "m/templates/big.yaml",
                        "{{- $s := \"xxxxxxxxxx\" }}{{- range until 40 }}{{- $s = print $s $s }}{{- end }}# {{ len $s }}\n")
                .file("ok/Chart.yaml", CHART.formatted("ok"))
                .file("ok/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fine\n"));
        HelmRenderer bounded = new HelmRenderer(RenderTools.DEFAULTS.withTimeout(Duration.ofSeconds(2)));
        long t0 = System.nanoTime();
        fx.expectError(
                bounded, url, chart("c", null), Reason.LIMIT_EXCEEDED, "helm template did not finish within 2 s");
        assertThat((System.nanoTime() - t0) / 1_000_000)
                .as("the caller is answered at the bound")
                .isLessThan(10_000);
        assertThat(helmProcesses())
                .as("helm processes left running after the bound")
                .isZero();

        long heapBefore = Runtime.getRuntime().totalMemory();
        HelmRenderer memoryBound = new HelmRenderer(RenderTools.DEFAULTS.withTimeout(Duration.ofSeconds(60)));
        fx.expectError(
                memoryBound, url, chart("m", null), Reason.LIMIT_EXCEEDED, "ran out of its memory bound of 1024 MiB");
        assertThat(helmProcesses()).isZero();
        assertThat(Runtime.getRuntime().totalMemory() - heapBefore)
                .as("the JVM did not grow for it")
                .isLessThan(256L << 20);
        assertThat(kindNames(fx.render(bounded, url, chart("ok", null), RenderContext.of("a", "n"))))
                .containsExactly("ConfigMap/fine");
    }

    private static long helmProcesses() {
        return ProcessHandle.current()
                .descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/helm")).orElse(false))
                .count();
    }

    @Test
    void aChartPrintingMoreThanTheLimitIsRefused() {
        String url = fx.repo(TreeCommit.tree()
                .file("c/Chart.yaml", CHART.formatted("c"))
                .file(
                        "c/templates/huge.yaml",
                        "# {{ range until 40000 }}0123456789012345678901234567890123456789{{ end }}\n"));
        HelmRenderer small = new HelmRenderer(RenderTools.DEFAULTS.withMaxOutputBytes(1024 * 1024));
        fx.expectError(
                small, url, chart("c", null), Reason.LIMIT_EXCEEDED, "helm template printed more than 1048576 bytes");
    }

    @Test
    void apiVersionsReachCapabilitiesAndTheRestRendersAsEmbedded() {
        String url = fx.repo(TreeCommit.tree()
                .file("c/Chart.yaml", CHART.formatted("c"))
                .file("c/values.yaml", "greeting: hello\n")
                .file("c/templates/cm.yaml", """
                        apiVersion: v1
                        kind: ConfigMap
                        metadata:
                          name: {{ .Release.Name }}-cm
                          namespace: {{ .Release.Namespace }}
                        data:
                          greeting: {{ .Values.greeting | quote }}
                          kube: {{ .Capabilities.KubeVersion.Version | quote }}
                        """)
                .file("c/templates/monitor.yaml", """
                        {{- if .Capabilities.APIVersions.Has "monitoring.coreos.com/v1" }}
                        apiVersion: monitoring.coreos.com/v1
                        kind: ServiceMonitor
                        metadata:
                          name: {{ .Release.Name }}
                        spec: {endpoints: [{port: web}]}
                        {{- end }}
                        """));
        ApplicationSourceHelm h = new ApplicationSourceHelm();
        h.setKubeVersion("1.31.0");
        h.setValuesObject(Map.of("greeting", "from-values-object"));
        RenderResult embedded = fx.render(helm, url, chart("c", h), RenderContext.of("app", "ns"));
        assertThat(kindNames(embedded)).doesNotContain("ServiceMonitor/app");

        // "v1" is built in: the same chart through the helm binary must render the same manifests.
        h.setApiVersions(List.of("v1"));
        RenderResult binary = fx.render(helm, url, chart("c", h), RenderContext.of("app", "ns"));
        assertThat(binary.manifests()).isEqualTo(embedded.manifests());

        h.setApiVersions(List.of("monitoring.coreos.com/v1"));
        RenderResult withMonitoring = fx.render(helm, url, chart("c", h), RenderContext.of("app", "ns"));
        assertThat(kindNames(withMonitoring)).contains("ServiceMonitor/app", "ConfigMap/app-cm");
        assertThat(find(withMonitoring, "ConfigMap", "app-cm")
                        .at("/data/greeting")
                        .asText())
                .isEqualTo("from-values-object");
        assertThat(find(withMonitoring, "ConfigMap", "app-cm").at("/data/kube").asText())
                .isEqualTo("v1.31.0");
        assertThat(find(withMonitoring, "ConfigMap", "app-cm")
                        .at("/metadata/namespace")
                        .asText())
                .isEqualTo("ns");
    }

    @Test
    void parametersAreTypedAsHelmSetTypesThem() {
        assertThat(HelmParameters.typed("true")).isEqualTo(true);
        assertThat(HelmParameters.typed("null")).isNull();
        assertThat(HelmParameters.typed("007")).isEqualTo("007");
        assertThat(HelmParameters.typed("-12")).isEqualTo(-12L);
        assertThat(HelmParameters.typed("1.5")).isEqualTo("1.5");
        assertThat(HelmParameters.typed("{a,1}")).isEqualTo(List.of("a", 1L));
    }
}
