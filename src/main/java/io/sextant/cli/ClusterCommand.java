package io.sextant.cli;

import java.util.List;
import picocli.CommandLine.Command;

/** {@code sextant cluster list}: the in-cluster destination (more clusters come with cluster Secrets). */
@Command(name = ClusterCommand.NAME, description = "Manage clusters.", mixinStandardHelpOptions = true,
        subcommands = ClusterCommand.ListClusters.class)
class ClusterCommand {

    static final String NAME = "cluster";

    @Command(name = ListClusters.NAME, description = "List clusters.")
    static class ListClusters extends BaseCommand {

        static final String NAME = "list";

        @Override
        public Integer call() {
            Views.table(out(), List.of("SERVER", "NAME", "VERSION", "STATUS", "MESSAGE", "PROJECT"),
                    List.of(List.of("https://kubernetes.default.svc", "in-cluster", "", "Successful", "", "")));
            out().flush();
            return 0;
        }

        @Override
        Integer run(Backend backend) {
            throw new UnsupportedOperationException();
        }
    }
}
