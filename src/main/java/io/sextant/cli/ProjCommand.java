package io.sextant.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code sextant proj list}. */
@Command(name = ProjCommand.NAME, description = "Manage projects.", mixinStandardHelpOptions = true,
        subcommands = ProjCommand.ListProjects.class)
class ProjCommand {

    static final String NAME = "proj";

    @Command(name = ListProjects.NAME, description = "List projects.")
    static class ListProjects extends BaseCommand {

        static final String NAME = "list";

        @Override
        Integer run(Backend backend) {
            List<List<String>> rows = new ArrayList<>();
            backend.projects().forEach(p -> {
                List<String> dests = new ArrayList<>();
                p.path("spec").path("destinations").forEach(d -> dests.add(Views.text(d, "server") + ","
                        + Views.text(d, "namespace")));
                List<String> sources = new ArrayList<>();
                p.path("spec").path("sourceRepos").forEach(s -> sources.add(s.asText()));
                rows.add(List.of(Views.text(p.path("metadata"), "name"), Views.text(p.path("spec"), "description"),
                        String.join(" ", dests), String.join(",", sources)));
            });
            Views.table(out(), List.of("NAME", "DESCRIPTION", "DESTINATIONS", "SOURCES"), rows);
            return 0;
        }
    }
}
