package io.sextant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sextant app get NAME [-o json|yaml|wide] [--refresh|--hard-refresh]}. */
@Command(name = AppGetCommand.NAME, description = "Show an Application.")
class AppGetCommand extends BaseCommand {

    static final String NAME = "get";

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(
            names = {"-o", "--output"},
            defaultValue = "wide",
            description = "wide | json | yaml | tree")
    String output;

    @Option(names = "--refresh", description = "Compare with Git again before showing.")
    boolean refresh;

    @Option(names = "--hard-refresh", description = "Render the manifests again (no cache) before showing.")
    boolean hardRefresh;

    @Override
    Integer run(Backend backend) {
        JsonNode app = backend.get(name, hardRefresh ? "hard" : refresh ? "normal" : null);
        switch (output) {
            case "json" -> Views.json(out(), app);
            case "yaml" -> out().print(Views.yaml(app));
            case "wide", "tree" -> {
                Views.details(out(), app);
                Views.resources(out(), app);
            }
            default -> throw new CliException("unknown output format '" + output + "': use wide, json or yaml");
        }
        return 0;
    }
}
