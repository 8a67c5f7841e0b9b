package io.sextant.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Option;

/**
 * One source's flags, as argocd names them. {@code app create} takes the group again for each source of a
 * multi-source Application (each {@code --repo} starts the next: {@code --repo A --path p --repo B --ref values});
 * {@code app set} takes it once, for the source {@code --source-position} names.
 */
class SourceFlags {

    @Option(names = "--repo", description = "Repository URL; repeat the source flags for more sources.")
    String repo;

    @Option(names = "--path", description = "Path in the repository.")
    String path;

    @Option(names = "--revision", description = "Branch, tag or commit to track.")
    String revision;

    @Option(names = "--ref", description = "Name this source for $<ref>/ Helm value files of other sources.")
    String ref;

    @Option(names = "--helm-chart", description = "Chart of a Helm repository (--repo is the repository).")
    String chart;

    /** Writes the flags given onto {@code source}. */
    void apply(ObjectNode source) {
        put(source, "repoURL", repo);
        put(source, "path", path);
        put(source, "targetRevision", revision);
        put(source, "ref", ref);
        put(source, "chart", chart);
    }

    boolean isEmpty() {
        return repo == null && path == null && revision == null && ref == null && chart == null;
    }

    private static void put(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
