package io.sextant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sextant app manifests NAME [--revision R]}: the manifests Git renders for the app, as YAML
 * documents separated by {@code ---} (Secret values masked). A multi-source app takes a revision per
 * source as Argo CD's CLI does: {@code --revisions R --source-positions N}, repeated in pairs (N from 1);
 * the sources not named render at their targetRevision.
 */
@Command(name = AppManifestsCommand.NAME, description = "Print an Application's rendered manifests.")
class AppManifestsCommand extends BaseCommand {

    static final String NAME = "manifests";

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--revision", description = "A branch, tag or commit (default: the app's targetRevision).")
    String revision;

    @Option(
            names = "--revisions",
            description = "A revision for the source at the matching --source-positions (multi-source apps; repeat"
                    + " in pairs).")
    java.util.List<String> revisions = new java.util.ArrayList<>();

    @Option(
            names = "--source-positions",
            description = "The position (from 1) of the source the matching --revisions is for.")
    java.util.List<Integer> positions = new java.util.ArrayList<>();

    @Option(names = "--source", defaultValue = "git", description = "git (default); live is not supported yet")
    String source;

    @Override
    Integer run(Backend backend) throws Exception {
        if (!"git".equals(source)) {
            throw new CliException("--source " + source + " is not supported: use --source git (the default)");
        }
        boolean first = true;
        String wanted = wanted();
        if (!positions.isEmpty()) {
            int sources = backend.get(name, null).path("spec").path("sources").size();
            if (sources == 0) {
                throw new CliException("application '" + name + "' has one source: use --revision, not --revisions"
                        + " with --source-positions");
            }
        }
        for (JsonNode text : backend.manifests(name, wanted).path("manifests")) {
            if (!first) {
                out().println("---");
            }
            first = false;
            out().print(Views.yaml(Json.mapper().readTree(text.asText())));
        }
        return 0;
    }

    /** The revision to ask for: --revision, or the pairs as one revision per source, comma-separated. */
    private String wanted() {
        if (revisions.isEmpty() && positions.isEmpty()) {
            return revision;
        }
        if (revision != null) {
            throw new CliException("--revision is for a single-source app: use --revisions with --source-positions"
                    + " for a multi-source one, not both");
        }
        if (revisions.size() != positions.size()) {
            throw new CliException("give --revisions and --source-positions in pairs: " + revisions.size()
                    + " --revisions and " + positions.size() + " --source-positions were given");
        }
        int most = 0;
        for (int p : positions) {
            if (p < 1 || p > 20) {
                throw new CliException("--source-positions " + p + " is not a source: positions count from 1");
            }
            most = Math.max(most, p);
        }
        String[] each = new String[most];
        java.util.Arrays.fill(each, "");
        for (int i = 0; i < positions.size(); i++) {
            String r = revisions.get(i).trim();
            if (r.isEmpty() || r.contains(",")) {
                throw new CliException("--revisions '" + r + "' is not a revision: a branch, tag, commit or chart"
                        + " version, without commas");
            }
            if (!each[positions.get(i) - 1].isEmpty()) {
                throw new CliException("--source-positions " + positions.get(i) + " is given twice");
            }
            each[positions.get(i) - 1] = r;
        }
        return String.join(",", each);
    }
}
