package io.sextant.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
        if (!spec.path("source").has("repoURL")) {
            throw new CliException("--repo is required");
        }
        if (!spec.path("destination").has("server") && !spec.path("destination").has("name")) {
            throw new CliException("--dest-server or --dest-name is required");
        }
        backend.create(app, upsert);
        out().println("application '" + name + "' created");
        return 0;
    }
}
