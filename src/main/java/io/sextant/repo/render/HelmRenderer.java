package io.sextant.repo.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.model.ApplicationSource;
import io.sextant.model.ApplicationSourceHelm;
import io.sextant.repo.RepoException;
import io.sextant.repo.RepoException.Reason;
import io.sextant.repo.git.Redactor;
import io.sextant.repo.git.RepoEntry;
import io.sextant.repo.git.RepoPaths;
import io.sextant.repo.git.RepoSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Renders a Helm source, from a chart in the repository or from a Helm chart repository
 * ({@link HelmRepositoryChart}; the archive is unpacked by {@link ChartArchive} and its value files are
 * relative to the chart's directory in it), with Argo CD's settings:
 * <ul>
 * <li>release name {@code helm.releaseName}, else the Application's name; namespace
 *     {@code helm.namespace}, else the destination namespace;</li>
 * <li>{@code valueFiles} relative to the chart path ({@code ../values/worker.yaml} works), never
 *     leaving the repository, never a URL; a missing one is an error unless
 *     {@code ignoreMissingValueFiles};</li>
 * <li>then {@code valuesObject} (or, when it is not set, {@code values}), then {@code parameters}
 *     ({@link HelmParameters}) and {@code fileParameters} (the file's content as a string, path
 *     relative to the chart path), in that precedence;</li>
 * <li>{@code skipCrds} leaves out the chart's {@code crds/}; {@code kubeVersion} sets the
 *     Capabilities version; {@code apiVersions} adds API versions to {@code .Capabilities.APIVersions}
 *     (the embedded Helm takes none, so such a render runs the {@code helm} binary, see
 *     {@link HelmTemplate});</li>
 * <li>dependencies are those vendored under {@code charts/} (nothing is downloaded for a chart in git).</li>
 * </ul>
 * Hooks stay in the output with their {@code helm.sh/hook} annotations (the sync engine maps them to
 * phases) and the charts' {@code crds/} come first unless {@code skipCrds}, see {@link HelmChartFiles}. The chart subtree and the value files are copied into a {@link Workspace} for Helm to read.
 * Stateless and thread-safe.
 */
public final class HelmRenderer implements Renderer {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** group/version or version, optionally /Kind: what Helm's --api-versions takes. */
    private static final Pattern API_VERSION =
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]*(/[A-Za-z0-9][A-Za-z0-9.-]*){0,2}");

    private final RenderTools tools;

    public HelmRenderer(RenderTools tools) {
        this.tools = tools;
    }

    @Override
    public RenderResult render(RepoSnapshot snapshot, ApplicationSource source, RenderContext ctx) {
        String path = RepoPaths.normalize(source.getPath(), "application path");
        ApplicationSourceHelm helm = Optional.ofNullable(source.getHelm()).orElseGet(ApplicationSourceHelm::new);
        try (Workspace ws = Workspace.create(ctx.limits())) {
            ws.copyTree(snapshot, path);
            List<Path> files = new ArrayList<>();
            boolean ignoreMissing = Boolean.TRUE.equals(helm.getIgnoreMissingValueFiles());
            for (String file : helm.getValueFiles() == null ? List.<String>of() : helm.getValueFiles()) {
                (file != null && file.startsWith("$")
                                ? refValueFile(ctx, ws, file, ignoreMissing, files.size())
                                : valueFile(snapshot, ws, path, file, ignoreMissing))
                        .ifPresent(files::add);
            }
            HelmParameters parameters = new HelmParameters();
            parameters.add(helm.getParameters());
            if (helm.getFileParameters() != null) {
                for (ApplicationSourceHelm.FileParameter p : helm.getFileParameters()) {
                    String file = inRepo(path, p.getPath(), "helm fileParameter " + p.getName());
                    byte[] content = snapshot.readFile(file, ctx.limits().maxFileBytes());
                    parameters.set(p.getName(), new String(content, StandardCharsets.UTF_8));
                }
            }
            return render(ws, ws.inRepo(path), path, helm, parameters, files, snapshot.sha(), ctx);
        }
    }

    /**
     * Renders a chart of a Helm repository ({@code repoURL}, {@code chart}, {@code targetRevision}): the
     * archive is unpacked into the workspace and rendered like a chart from git, value files relative
     * to the chart's directory inside the archive.
     */
    public RenderResult renderRepositoryChart(ApplicationSource source, String version, RenderContext ctx) {
        ApplicationSourceHelm helm = Optional.ofNullable(source.getHelm()).orElseGet(ApplicationSourceHelm::new);
        if (helm.getFileParameters() != null && !helm.getFileParameters().isEmpty()) {
            throw new RepoException(
                    Reason.UNSUPPORTED,
                    "fileParameters are not supported for charts from a Helm "
                            + "repository (there is no repository to read the files from)");
        }
        try (Workspace ws = Workspace.create(ctx.limits())) {
            byte[] archive =
                    HelmRepositoryChart.download(source.getRepoURL(), source.getChart(), version, ctx.limits(), tools);
            ChartArchive.unpack(archive, ws.repoDir(), ctx.limits(), "chart " + source.getChart() + " " + version);
            String chartPath = chartDirectory(ws, source.getChart());
            List<Path> files = new ArrayList<>();
            for (String file : helm.getValueFiles() == null ? List.<String>of() : helm.getValueFiles()) {
                if (file != null && file.startsWith("$")) {
                    refValueFile(ctx, ws, file, Boolean.TRUE.equals(helm.getIgnoreMissingValueFiles()), files.size())
                            .ifPresent(files::add);
                    continue;
                }
                Path local = ws.inRepo(inRepo(chartPath, file, "helm value file"));
                if (Files.isRegularFile(local)) {
                    files.add(local);
                } else if (!Boolean.TRUE.equals(helm.getIgnoreMissingValueFiles())) {
                    throw new RepoException(
                            Reason.PATH_NOT_FOUND,
                            "helm value file '" + Redactor.printable(file) + "' does not exist in chart "
                                    + source.getChart() + " " + version);
                }
            }
            HelmParameters parameters = new HelmParameters();
            parameters.add(helm.getParameters());
            return render(ws, ws.inRepo(chartPath), chartPath, helm, parameters, files, version, ctx);
        }
    }

    /** The chart's directory in an unpacked archive: the top-level directory holding Chart.yaml. */
    private static String chartDirectory(Workspace ws, String chart) {
        if (Files.isRegularFile(ws.repoDir().resolve(chart).resolve("Chart.yaml"))) {
            return chart;
        }
        try (Stream<Path> dirs = Files.list(ws.repoDir())) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("Chart.yaml")))
                    .findFirst()
                    .map(d -> d.getFileName().toString())
                    .orElseThrow(() -> new RepoException(
                            Reason.INVALID_MANIFEST, "the archive of chart " + chart + " holds no Chart.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Templates the chart in {@code chartDir} with hooks kept and CRDs first (unless skipCrds). */
    private RenderResult render(
            Workspace ws,
            Path chartDir,
            String shown,
            ApplicationSourceHelm helm,
            HelmParameters parameters,
            List<Path> files,
            String revision,
            RenderContext ctx) {
        HelmChartFiles.disguiseHooks(chartDir);
        String output = template(chartDir, helm, parameters, files, ws, ctx);
        RenderBudget budget = new RenderBudget(ToolOutput.outputLimits(ctx.limits()));
        List<ObjectNode> manifests = new ArrayList<>();
        if (!Boolean.TRUE.equals(helm.getSkipCrds())) {
            manifests.addAll(HelmChartFiles.crds(chartDir, ws, budget));
        }
        List<ObjectNode> rendered = read(output, shown, budget);
        HelmChartFiles.restoreHooks(rendered);
        manifests.addAll(rendered);
        return new RenderResult(manifests, SourceType.HELM.argoName(), revision, budget.bytes(), List.of());
    }

    private String template(
            Path chart,
            ApplicationSourceHelm helm,
            HelmParameters parameters,
            List<Path> valueFiles,
            Workspace ws,
            RenderContext ctx) {
        List<String> apiVersions = helm.getApiVersions() == null ? List.of() : helm.getApiVersions();
        for (String api : apiVersions) {
            if (api == null || !API_VERSION.matcher(api).matches()) {
                throw new RepoException(
                        Reason.INVALID_ARGUMENT,
                        "helm.apiVersions entry '"
                                + Redactor.printable(String.valueOf(api))
                                + "' is not an API version: write group/version, "
                                + "optionally followed by /Kind (monitoring.coreos.com/v1, or apps/v1/Deployment)");
            }
        }
        List<Path> files = new ArrayList<>(valueFiles);
        if (helm.getValuesObject() != null) {
            files.add(ws.writeGenerated("values-inline.yaml", json(helm.getValuesObject())));
        } else if (helm.getValues() != null && !helm.getValues().isBlank()) {
            files.add(ws.writeGenerated("values-inline.yaml", helm.getValues().getBytes(StandardCharsets.UTF_8)));
        }
        if (!parameters.isEmpty()) {
            files.add(ws.writeGenerated("values-parameters.yaml", json(parameters.values())));
        }
        String release = helm.getReleaseName() != null && !helm.getReleaseName().isEmpty()
                ? helm.getReleaseName()
                : ctx.appName() != null ? ctx.appName() : "release";
        String namespace =
                helm.getNamespace() != null && !helm.getNamespace().isEmpty() ? helm.getNamespace() : ctx.namespace();
        String output = HelmTemplate.run(
                new HelmTemplate.Request(chart, release, namespace, helm.getKubeVersion(), files, apiVersions),
                ws,
                tools);
        return output;
    }

    private static List<ObjectNode> read(String output, String what, RenderBudget budget) {
        byte[] bytes = output.getBytes(StandardCharsets.UTF_8);
        return ToolOutput.read("helm template " + (what.isEmpty() ? "." : what), bytes, budget);
    }

    /** A value file's place in the workspace, copied from the snapshot; empty when missing and ignored. */
    private static Optional<Path> valueFile(
            RepoSnapshot snapshot, Workspace ws, String chartPath, String file, boolean ignoreMissing) {
        String inRepo = inRepo(chartPath, file, "helm value file");
        if (snapshot.find(inRepo).filter(e -> e.isFile()).isEmpty()) {
            if (ignoreMissing) {
                return Optional.empty();
            }
            throw new RepoException(
                    Reason.PATH_NOT_FOUND,
                    "helm value file '" + Redactor.printable(file)
                            + "' does not exist in " + snapshot.url() + " at " + snapshot.sha() + " (looked for "
                            + inRepo + ")");
        }
        return Optional.of(ws.copyFile(snapshot, inRepo));
    }

    /**
     * A value file of another source of a multi-source Application, {@code $<ref>/<path>} (Argo CD's
     * multiple sources): {@code path} from the root of the source whose {@code ref} is {@code <ref>}, read at the
     * commit that source resolved to, with the same rules as a file of the chart's own repository (never
     * outside that repository; symlinks followed only inside it). Empty when missing and ignored.
     */
    private static Optional<Path> refValueFile(
            RenderContext ctx, Workspace ws, String file, boolean ignoreMissing, int position) {
        int slash = file.indexOf('/');
        String ref = slash < 0 ? file : file.substring(0, slash);
        RepoSnapshot snapshot = ctx.refs().get(ref);
        if (snapshot == null) {
            throw new RepoException(
                    Reason.INVALID_ARGUMENT,
                    "helm value file '" + Redactor.printable(file) + "' names " + Redactor.printable(ref)
                            + (ctx.refs().isEmpty()
                                    ? ", but no source of the application has a ref: $<ref>/ value files need"
                                            + " spec.sources with a source whose ref is <ref>"
                                    : ", which is not the ref of any source of the application (they are "
                                            + String.join(
                                                    ", ",
                                                    new java.util.TreeSet<>(
                                                            ctx.refs().keySet()))
                                            + ")"));
        }
        String what = "helm value file '" + Redactor.printable(file) + "'";
        String inRepo = inRepo("", slash < 0 ? "" : file.substring(slash + 1), what);
        Optional<RepoEntry> entry = snapshot.find(inRepo).filter(RepoEntry::isFile);
        if (entry.isEmpty()) {
            if (ignoreMissing) {
                return Optional.empty();
            }
            throw new RepoException(
                    Reason.PATH_NOT_FOUND,
                    what + " does not exist in " + snapshot.url() + " at " + snapshot.sha() + " (the source with ref "
                            + Redactor.printable(ref.substring(1)) + ")");
        }
        return Optional.of(ws.writeGenerated(
                "values-ref-" + position + ".yaml",
                snapshot.read(entry.get(), ctx.limits().maxFileBytes())));
    }

    /**
     * {@code file} relative to {@code chartPath}, as a path from the repository root; URLs are refused
     * (Sextant fetches nothing a source names but its repository) and so is anything leaving the root.
     */
    static String inRepo(String chartPath, String file, String what) {
        if (file == null || file.isEmpty()) {
            throw new RepoException(Reason.INVALID_ARGUMENT, what + " has no path");
        }
        if (file.contains("://")) {
            throw new RepoException(
                    Reason.INVALID_ARGUMENT,
                    what + " '" + Redactor.redact(file) + "' is a URL; only files in the repository are allowed");
        }
        if (file.startsWith("/")) {
            throw new RepoException(
                    Reason.PATH_ESCAPE,
                    what + " '" + Redactor.printable(file) + "' is absolute; it must be relative to the chart path");
        }
        String joined = chartPath.isEmpty() ? file : chartPath + "/" + file;
        try {
            return RepoPaths.normalize(joined, what);
        } catch (RepoException e) {
            throw new RepoException(
                    e.reason(), what + " '" + Redactor.printable(file) + "' leads outside the repository");
        }
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new RepoException(
                    Reason.INVALID_ARGUMENT, "helm values cannot be written: " + e.getOriginalMessage());
        }
    }
}
