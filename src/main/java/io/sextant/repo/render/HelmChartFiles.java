package io.sextant.repo.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.model.Annotations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Hooks and CRDs the way Argo CD's {@code helm template --include-crds} gives them, whatever the Helm
 * that templates (the embedded library once left both out; the binary prints hooks after everything
 * else). So, in the workspace's private copy of a chart,
 * <ul>
 * <li>{@link #disguiseHooks} renames the {@code helm.sh/hook*} annotation keys in the templates before
 *     rendering, so Helm keeps hook resources among the manifests, and {@link #restoreHooks} renames
 *     them back in the output, where the sync engine maps them to phases;</li>
 * <li>{@link #crds} reads the {@code crds/} files of the chart and of its vendored subcharts (not
 *     templated, as in Helm), parent first.</li>
 * </ul>
 * Charts from a Helm repository are unpacked first ({@link ChartArchive}), so the same applies to them.
 * Stateless.
 */
final class HelmChartFiles {

    static final String HOOK = Annotations.HELM_HOOK;
    static final String DISGUISED = "sextant.invalid/helm-hook";

    private HelmChartFiles() {}

    static void disguiseHooks(Path chartDir) {
        try (Stream<Path> files = Files.walk(chartDir)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)
                    .filter(f -> chartDir.relativize(f).toString().contains("templates/"))::iterator) {
                String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
                if (text.contains(HOOK)) {
                    Files.writeString(file, text.replace(HOOK, DISGUISED));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void restoreHooks(List<ObjectNode> manifests) {
        for (ObjectNode manifest : manifests) {
            JsonNode annotations = manifest.path("metadata").path("annotations");
            if (!annotations.isObject()) {
                continue;
            }
            ObjectNode object = (ObjectNode) annotations;
            List<Map.Entry<String, JsonNode>> renamed = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().startsWith(DISGUISED)) {
                    renamed.add(Map.entry(HOOK + field.getKey().substring(DISGUISED.length()), field.getValue()));
                    fields.remove();
                }
            }
            renamed.forEach(e -> object.set(e.getKey(), e.getValue()));
        }
    }

    /** The CRD files of the chart at {@code chartDir} and its vendored subcharts, read as manifests. */
    static List<ObjectNode> crds(Path chartDir, Workspace ws, RenderBudget budget) {
        List<ObjectNode> out = new ArrayList<>();
        collect(chartDir, ws, budget, out, 0);
        return out;
    }

    private static void collect(Path chart, Workspace ws, RenderBudget budget, List<ObjectNode> out, int depth) {
        if (depth > 10) {
            return;
        }
        ManifestReader reader = new ManifestReader(budget);
        for (Path file : sorted(chart.resolve("crds"))) {
            String name = file.getFileName().toString();
            if (Files.isRegularFile(file)
                    && (name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json"))) {
                try {
                    byte[] content = Files.readAllBytes(file);
                    String shown = ws.repoDir().relativize(file).toString();
                    budget.bytes(content.length, shown);
                    ManifestReader.FileResult result = reader.read(shown, content);
                    if (!result.ignored()) {
                        out.addAll(result.objects());
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        for (Path sub : sorted(chart.resolve("charts"))) {
            if (Files.isDirectory(sub) && Files.isRegularFile(sub.resolve("Chart.yaml"))) {
                collect(sub, ws, budget, out, depth + 1);
            }
        }
    }

    private static List<Path> sorted(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
