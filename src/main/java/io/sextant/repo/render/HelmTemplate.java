package io.sextant.repo.render;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.sextant.repo.RepoException;
import io.sextant.repo.RepoException.Reason;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One {@code helm template} through helm-java (the Helm library itself, loaded in-process through JNA):
 * what Argo CD runs as {@code helm template <chart> --name-template <release> --namespace <ns>
 * --include-crds -f ...}. Helm runs on a worker thread so the caller gets an error at the time bound;
 * a native call cannot be interrupted, so a runaway template keeps that worker until it ends (Helm's
 * template engine has no loops without a range to bound them, so that is rare).
 *
 * <p>helm-java takes no {@code --api-versions}; a request with API versions runs the {@code helm}
 * binary instead, with the same arguments as a list (no shell), each value given as
 * {@code --flag=value} so none can pass for an option, Helm's homes inside the workspace, and the
 * process tree killed at the time bound. Thread-safe.
 */
final class HelmTemplate {

    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sextant-helm-template");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param chart       a chart directory or archive in the workspace
     * @param valueFiles  values files, lowest precedence first
     * @param kubeVersion Helm's {@code --kube-version}, or null for Helm's default
     * @param apiVersions Helm's {@code --api-versions} (what {@code .Capabilities.APIVersions} has beyond
     *                    the built-in ones); empty for none
     */
    record Request(Path chart, String release, String namespace, String kubeVersion, boolean skipCrds,
            List<Path> valueFiles, List<String> apiVersions) {
    }

    private HelmTemplate() {
    }

    static String run(Request request, Workspace ws, RenderTools tools) {
        if (!request.apiVersions().isEmpty()) {
            return binary(request, ws, tools);
        }
        Future<String> future = WORKERS.submit(() -> template(request));
        try {
            return future.get(tools.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new RepoException(Reason.LIMIT_EXCEEDED, "helm template did not finish within "
                    + tools.timeout().toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RepoException(Reason.TRANSPORT, "helm template was interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            throw new RepoException(Reason.INVALID_MANIFEST, "helm template failed: " + ws.scrub(message.strip()));
        }
    }

    /** The same template through the helm binary, for what the library cannot pass. */
    private static String binary(Request r, Workspace ws, RenderTools tools) {
        List<String> command = new java.util.ArrayList<>(List.of(tools.helm().toString(), "template",
                "--name-template=" + r.release(), r.chart().toString()));
        if (r.namespace() != null && !r.namespace().isEmpty()) {
            command.add("--namespace=" + r.namespace());
        }
        if (r.kubeVersion() != null && !r.kubeVersion().isEmpty()) {
            command.add("--kube-version=" + r.kubeVersion());
        }
        if (r.skipCrds()) {
            command.add("--skip-crds");
        }
        for (Path file : r.valueFiles()) {
            command.add("--values=" + file);
        }
        for (String api : r.apiVersions()) {
            command.add("--api-versions=" + api);
        }
        Path home = ws.root().resolve("helm-home");
        java.util.Map<String, String> env = java.util.Map.of(
                "HELM_CONFIG_HOME", home.resolve("config").toString(),
                "HELM_CACHE_HOME", home.resolve("cache").toString(),
                "HELM_DATA_HOME", home.resolve("data").toString());
        byte[] out = ToolProcess.run("helm", command, ws.root(), env, ws, tools);
        return new String(out, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String template(Request r) {
        TemplateCommand command = new Helm(r.chart()).template().withName(r.release());
        if (r.namespace() != null && !r.namespace().isEmpty()) {
            command = command.withNamespace(r.namespace());
        }
        if (r.kubeVersion() != null && !r.kubeVersion().isEmpty()) {
            command = command.withKubeVersion(r.kubeVersion());
        }
        if (r.skipCrds()) {
            command = command.skipCrds();
        }
        for (Path file : r.valueFiles()) {
            command = command.withValuesFile(file);
        }
        return command.call();
    }
}
