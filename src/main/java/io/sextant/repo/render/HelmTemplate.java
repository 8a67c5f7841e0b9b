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
 * template engine has no loops without a range to bound them, so that is rare). Thread-safe.
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
     */
    record Request(Path chart, String release, String namespace, String kubeVersion, boolean skipCrds,
            List<Path> valueFiles) {
    }

    private HelmTemplate() {
    }

    static String run(Request request, Workspace ws, RenderTools tools) {
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
