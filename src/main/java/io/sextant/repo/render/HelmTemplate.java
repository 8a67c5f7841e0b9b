package io.sextant.repo.render;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One {@code helm template}, run as the {@code helm} binary: what Argo CD runs as {@code helm template
 * <chart> --name-template <release> --namespace <ns> --include-crds -f ...} (the {@code crds/} files
 * come from {@link HelmChartFiles}, so Helm itself skips them). The arguments are a list
 * (no shell), each value given as {@code --flag=value} so none can pass for an option; Helm's homes
 * are inside the workspace; {@link ToolProcess} bounds time (the process tree is killed), output and
 * memory.
 *
 * <p>Why not the Helm library in-process (helm-java through JNA), as before: a native call cannot be
 * stopped, so a chart with a runaway template kept a controller thread spinning for good, and a chart
 * that asked Go for too much memory aborted the whole controller JVM, which then crash-looped on the
 * same chart (the security review's H4). A separate process is the only real bound. Thread-safe.
 */
final class HelmTemplate {

    /**
     * @param chart       a chart directory or archive in the workspace
     * @param valueFiles  values files, lowest precedence first
     * @param kubeVersion Helm's {@code --kube-version}, or null for Helm's default
     * @param apiVersions Helm's {@code --api-versions} (what {@code .Capabilities.APIVersions} has beyond
     *                    the built-in ones); empty for none
     */
    record Request(
            Path chart,
            String release,
            String namespace,
            String kubeVersion,
            List<Path> valueFiles,
            List<String> apiVersions) {}

    private HelmTemplate() {}

    static String run(Request r, Workspace ws, RenderTools tools) {
        List<String> command = new ArrayList<>(List.of(
                tools.helm().toString(),
                "template",
                "--name-template=" + r.release(),
                r.chart().toString()));
        if (r.namespace() != null && !r.namespace().isEmpty()) {
            command.add("--namespace=" + r.namespace());
        }
        if (r.kubeVersion() != null && !r.kubeVersion().isEmpty()) {
            command.add("--kube-version=" + r.kubeVersion());
        }
        // The crds/ files are read by HelmChartFiles (parent chart first, skipCrds honoured there); Helm
        // printing them too would give each CRD twice.
        command.add("--skip-crds");
        for (Path file : r.valueFiles()) {
            command.add("--values=" + file);
        }
        for (String api : r.apiVersions()) {
            command.add("--api-versions=" + api);
        }
        Path home = ws.root().resolve("helm-home");
        Map<String, String> env = Map.of(
                "HELM_CONFIG_HOME", home.resolve("config").toString(),
                "HELM_CACHE_HOME", home.resolve("cache").toString(),
                "HELM_DATA_HOME", home.resolve("data").toString());
        byte[] out = ToolProcess.run("helm template", command, ws.root(), env, ws, tools);
        return new String(out, StandardCharsets.UTF_8);
    }
}
