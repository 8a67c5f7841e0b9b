package io.sextant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sextant proj list|get|create}. */
@Command(name = ProjCommand.NAME, description = "Manage projects.", mixinStandardHelpOptions = true)
class ProjCommand {

    /** Its subcommands, added by {@link SextantCli#commandLine(String...)} (only the one asked for, when it can tell). */
    static final List<Class<?>> SUBCOMMANDS =
            List.of(ProjCommand.ListProjects.class, ProjCommand.GetProject.class, ProjCommand.CreateProject.class);

    static final String NAME = "proj";

    private static List<String> row(JsonNode p) {
        List<String> dests = new ArrayList<>();
        p.path("spec")
                .path("destinations")
                .forEach(d -> dests.add(Views.text(d, "server") + "," + Views.text(d, "namespace")));
        List<String> sources = new ArrayList<>();
        p.path("spec").path("sourceRepos").forEach(s -> sources.add(s.asText()));
        return List.of(
                Views.text(p.path("metadata"), "name"),
                Views.text(p.path("spec"), "description"),
                String.join(" ", dests),
                String.join(",", sources));
    }

    private static final List<String> HEADERS = List.of("NAME", "DESCRIPTION", "DESTINATIONS", "SOURCES");

    @Command(name = ListProjects.NAME, description = "List projects.")
    static class ListProjects extends BaseCommand {

        static final String NAME = "list";

        @Override
        Integer run(Backend backend) {
            Views.table(
                    out(),
                    HEADERS,
                    backend.projects().stream().map(ProjCommand::row).toList());
            return 0;
        }
    }

    @Command(name = GetProject.NAME, description = "Show a project.")
    static class GetProject extends BaseCommand {

        static final String NAME = "get";

        @Parameters(paramLabel = "PROJECT")
        String name;

        @Option(
                names = {"-o", "--output"},
                defaultValue = "wide",
                description = "wide | json | yaml")
        String output;

        @Override
        Integer run(Backend backend) {
            JsonNode p = backend.project(name);
            switch (output) {
                case "json" -> Views.json(out(), p);
                case "yaml" -> out().print(Views.yaml(p));
                case "wide" -> Views.table(out(), HEADERS, List.of(row(p)));
                default -> throw new CliException("unknown output format '" + output + "': use wide, json or yaml");
            }
            return 0;
        }
    }

    @Command(name = CreateProject.NAME, description = "Create a project.")
    static class CreateProject extends BaseCommand {

        static final String NAME = "create";

        @Parameters(paramLabel = "PROJECT")
        String name;

        @Option(names = "--description")
        String description;

        @Option(
                names = {"-d", "--dest"},
                description = "Permitted destination SERVER,NAMESPACE (repeatable).")
        List<String> destinations = new ArrayList<>();

        @Option(
                names = {"-s", "--src"},
                description = "Permitted source repository URL (repeatable).")
        List<String> sources = new ArrayList<>();

        @Option(names = "--upsert")
        boolean upsert;

        @Override
        Integer run(Backend backend) {
            ObjectNode project = Json.mapper().createObjectNode();
            project.putObject("metadata").put("name", name);
            ObjectNode spec = project.putObject("spec");
            if (description != null) {
                spec.put("description", description);
            }
            var dests = spec.putArray("destinations");
            for (String d : destinations) {
                String[] parts = d.split(",", 2);
                if (parts.length != 2) {
                    throw new CliException("--dest must be SERVER,NAMESPACE, not '" + d + "'");
                }
                dests.addObject().put("server", parts[0]).put("namespace", parts[1]);
            }
            var srcs = spec.putArray("sourceRepos");
            sources.forEach(srcs::add);
            backend.createProject(project, upsert);
            return 0;
        }
    }
}
