package io.sextant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/**
 * {@code sextant cluster list|add|get|set|rm}, as {@code argocd cluster ...}: in-cluster first, then the clusters
 * of cluster Secrets; {@code add CONTEXT} sets up an account in that cluster and registers it.
 */
@Command(name = ClusterCommand.NAME, description = "Manage clusters.", mixinStandardHelpOptions = true)
class ClusterCommand {

    /** Its subcommands, added by {@link SextantCli#commandLine(String...)} (only the one asked for, when it can tell). */
    static final List<Class<?>> SUBCOMMANDS = List.of(
            ClusterCommand.ListClusters.class,
            ClusterCommand.AddCluster.class,
            ClusterCommand.GetCluster.class,
            ClusterCommand.SetCluster.class,
            ClusterCommand.RemoveCluster.class);

    static final String NAME = "cluster";

    /** Clusters as {@code argocd cluster list} prints them. */
    static void table(PrintWriter out, List<JsonNode> clusters) {
        List<List<String>> rows = new ArrayList<>();
        clusters.forEach(c -> rows.add(List.of(
                Views.text(c, "server"),
                Views.text(c, "name"),
                Views.text(c, "serverVersion"),
                Views.text(c.path("connectionState"), "status"),
                Views.text(c.path("connectionState"), "message"),
                Views.text(c, "project"))));
        Views.table(out, List.of("SERVER", "NAME", "VERSION", "STATUS", "MESSAGE", "PROJECT"), rows);
    }

    @Command(name = ListClusters.NAME, description = "List clusters.")
    static class ListClusters extends BaseCommand {

        static final String NAME = "list";

        @Override
        Integer run(Backend backend) {
            table(out(), backend.clusters());
            return 0;
        }
    }

    @Command(
            name = AddCluster.NAME,
            description =
                    "Add the cluster of a kubeconfig context: make the account "
                            + "sextant-manager there with its rights and token, then register the cluster (its connection is tested first).")
    static class AddCluster extends BaseCommand {

        static final String NAME = "add";

        @picocli.CommandLine.Parameters(paramLabel = "CONTEXT")
        String context;

        @picocli.CommandLine.Option(
                names = "--kubeconfig",
                description = "The kubeconfig holding CONTEXT (default: $KUBECONFIG or ~/.kube/config).")
        Path kubeconfig;

        @picocli.CommandLine.Option(names = "--name", description = "The cluster's name (default: CONTEXT).")
        String name;

        @picocli.CommandLine.Option(
                names = "--namespace",
                description = "Only this namespace (repeatable): Roles " + "there instead of cluster-wide rights.")
        List<String> namespaces = new ArrayList<>();

        @picocli.CommandLine.Option(
                names = "--cluster-resources",
                description = "With --namespace: manage cluster-scoped objects too.")
        boolean clusterResources;

        @picocli.CommandLine.Option(names = "--project", description = "Make the cluster usable by this project only.")
        String project;

        @picocli.CommandLine.Option(
                names = "--upsert",
                description = "Replace a registered cluster of the same server.")
        boolean upsert;

        @Override
        Integer run(Backend backend) {
            ObjectNode cluster;
            try (var target = ClusterManagerSetup.open(kubeconfig, context)) {
                cluster = ClusterManagerSetup.install(
                        target, name == null ? context : name, namespaces, clusterResources);
            }
            if (project != null) {
                cluster.put("project", project);
            }
            out().printf(
                            "ServiceAccount \"%s\" set up in %s%n",
                            ClusterManagerSetup.ACCOUNT, cluster.path("server").asText());
            backend.addCluster(cluster, upsert);
            out().printf("Cluster '%s' added%n", cluster.path("server").asText());
            return 0;
        }
    }

    @Command(name = GetCluster.NAME, description = "Show a cluster (by server URL or name).")
    static class GetCluster extends BaseCommand {

        static final String NAME = "get";

        @picocli.CommandLine.Parameters(paramLabel = "SERVER|NAME")
        String cluster;

        @picocli.CommandLine.Option(
                names = {"-o", "--output"},
                description = "json, or wide (default)")
        String output;

        @Override
        Integer run(Backend backend) throws IOException {
            var c = backend.cluster(cluster);
            if ("json".equals(output)) {
                out().println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(c));
                return 0;
            }
            table(out(), List.of(c));
            return 0;
        }
    }

    @Command(name = SetCluster.NAME, description = "Change a cluster's name.")
    static class SetCluster extends BaseCommand {

        static final String NAME = "set";

        @picocli.CommandLine.Parameters(paramLabel = "SERVER|NAME")
        String cluster;

        @picocli.CommandLine.Option(names = "--name", required = true)
        String name;

        @Override
        Integer run(Backend backend) {
            backend.renameCluster(cluster, name);
            out().printf("Cluster '%s' updated.%n", cluster);
            return 0;
        }
    }

    @Command(
            name = RemoveCluster.NAME,
            aliases = "remove",
            description = "Forget a cluster (its Secret); nothing in " + "the cluster itself is changed.")
    static class RemoveCluster extends BaseCommand {

        static final String NAME = "rm";

        @picocli.CommandLine.Parameters(paramLabel = "SERVER|NAME")
        String cluster;

        @Override
        Integer run(Backend backend) {
            backend.removeCluster(cluster);
            out().printf("Cluster '%s' removed%n", cluster);
            return 0;
        }
    }
}
