package io.sextant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sextant app manifests NAME [--revision R]}: the manifests Git renders for the app, as YAML
 * documents separated by {@code ---} (Secret values masked).
 */
@Command(name = AppManifestsCommand.NAME, description = "Print an Application's rendered manifests.")
class AppManifestsCommand extends BaseCommand {

    static final String NAME = "manifests";

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--revision", description = "A branch, tag or commit (default: the app's targetRevision).")
    String revision;

    @Option(names = "--source", defaultValue = "git", description = "git (default); live is not supported yet")
    String source;

    @Override
    Integer run(Backend backend) throws Exception {
        if (!"git".equals(source)) {
            throw new CliException("--source " + source + " is not supported: use --source git (the default)");
        }
        boolean first = true;
        for (JsonNode text : backend.manifests(name, revision).path("manifests")) {
            if (!first) {
                out().println("---");
            }
            first = false;
            out().print(Views.yaml(Json.mapper().readTree(text.asText())));
        }
        return 0;
    }
}
