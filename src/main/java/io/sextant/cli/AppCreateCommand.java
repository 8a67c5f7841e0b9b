package io.sextant.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sextant app create NAME --repo --path --revision --dest-server --dest-namespace ...}. */
@Command(name = AppCreateCommand.NAME, description = "Create an Application.")
class AppCreateCommand extends BaseCommand {

    static final String NAME = "create";

    @Parameters(paramLabel = "NAME")
    String name;

    @Mixin
    SpecFlags flags;

    /** One group per source: a second --repo makes a multi-source Application (spec.sources). */
    @ArgGroup(exclusive = false, multiplicity = "0..*")
    List<SourceFlags> sources = new ArrayList<>();

    @Option(names = "--upsert", description = "Replace the spec of an existing Application.")
    boolean upsert;

    @Override
    Integer run(Backend backend) {
        ObjectNode app = Json.mapper().createObjectNode();
        app.put("apiVersion", "argoproj.io/v1alpha1").put("kind", "Application");
        app.putObject("metadata").put("name", name);
        ObjectNode spec = app.putObject("spec");
        spec.put("project", "default");
        flags.apply(spec);
        if (sources.isEmpty() || sources.stream().anyMatch(s -> s.repo == null)) {
            throw new CliException("--repo is required (once per source)");
        }
        if (sources.size() == 1) {
            sources.get(0).apply(spec.putObject("source"));
        } else {
            ArrayNode list = spec.putArray("sources");
            sources.forEach(s -> s.apply(list.addObject()));
        }
        if (!spec.path("destination").has("server") && !spec.path("destination").has("name")) {
            throw new CliException("--dest-server or --dest-name is required");
        }
        backend.create(app, upsert);
        out().println("application '" + name + "' created");
        return 0;
    }
}
