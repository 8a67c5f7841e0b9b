package io.sextant.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code sextant cluster list}: in-cluster first, then the clusters of cluster Secrets. */
@Command(name = ClusterCommand.NAME, description = "Manage clusters.", mixinStandardHelpOptions = true)
class ClusterCommand {

    /** Its subcommands, added by {@link SextantCli#commandLine(String...)} (only the one asked for, when it can tell). */
    static final java.util.List<Class<?>> SUBCOMMANDS = java.util.List.of(ClusterCommand.ListClusters.class);

    static final String NAME = "cluster";

    @Command(name = ListClusters.NAME, description = "List clusters.")
    static class ListClusters extends BaseCommand {

        static final String NAME = "list";

        @Override
        Integer run(Backend backend) {
            List<List<String>> rows = new ArrayList<>();
            backend.clusters().forEach(c -> rows.add(List.of(Views.text(c, "server"), Views.text(c, "name"),
                    Views.text(c, "serverVersion"), Views.text(c.path("connectionState"), "status"),
                    Views.text(c.path("connectionState"), "message"), Views.text(c, "project"))));
            Views.table(out(), List.of("SERVER", "NAME", "VERSION", "STATUS", "MESSAGE", "PROJECT"), rows);
            return 0;
        }
    }
}
