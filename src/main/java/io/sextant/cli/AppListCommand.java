package io.sextant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sextant app list [-o wide|json|yaml|name]}. */
@Command(name = AppListCommand.NAME, description = "List Applications.")
class AppListCommand extends BaseCommand {

    static final String NAME = "list";

    @Option(
            names = {"-o", "--output"},
            defaultValue = "wide",
            description = "wide | json | yaml | name")
    String output;

    @Override
    Integer run(Backend backend) {
        print(apps(backend, output), output, out());
        return 0;
    }

    /** The apps to print: for the table and the names, only what they show. */
    static List<JsonNode> apps(Backend backend, String output) {
        return "wide".equals(output) || "name".equals(output) ? backend.listForTable() : backend.list();
    }

    /** Prints the list in the given format; {@link ListShortcut} runs this too, without picocli. */
    static void print(List<JsonNode> apps, String output, PrintWriter out) {
        switch (output) {
            case "json" -> Views.json(out, apps);
            case "yaml" -> out.print(Views.yaml(Json.mapper().valueToTree(apps)));
            case "name" -> apps.forEach(a -> out.println(Views.qualified(a)));
            case "wide" ->
                Views.table(
                        out,
                        Views.LIST_HEADERS,
                        apps.stream().map(a -> Views.listRow(a, true)).toList());
            default -> throw new CliException("unknown output format '" + output + "': use wide, json, yaml or name");
        }
    }
}
