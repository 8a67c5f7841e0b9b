package io.sextant.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sextant repo add|list}: repositories kept in labelled Secrets, credentials never shown. */
@Command(name = RepoCommand.NAME, description = "Manage repositories.", mixinStandardHelpOptions = true)
class RepoCommand {

    /** Its subcommands, added by {@link SextantCli#commandLine(String...)} (only the one asked for, when it can tell). */
    static final List<Class<?>> SUBCOMMANDS = List.of(RepoCommand.ListRepos.class, RepoCommand.AddRepo.class);

    static final String NAME = "repo";

    @Command(name = ListRepos.NAME, description = "List repositories.")
    static class ListRepos extends BaseCommand {

        static final String NAME = "list";

        @Override
        Integer run(Backend backend) {
            List<List<String>> rows = new ArrayList<>();
            backend.repositories()
                    .forEach(r -> rows.add(List.of(
                            Views.text(r, "type"),
                            Views.text(r, "name"),
                            Views.text(r, "repo"),
                            String.valueOf(r.path("insecure").asBoolean(false)),
                            Views.text(r.path("connectionState"), "status"),
                            Views.text(r.path("connectionState"), "message"))));
            Views.table(out(), List.of("TYPE", "NAME", "REPO", "INSECURE", "STATUS", "MESSAGE"), rows);
            return 0;
        }
    }

    @Command(name = AddRepo.NAME, description = "Add a repository (its connection is tested first).")
    static class AddRepo extends BaseCommand {

        static final String NAME = "add";

        @Parameters(paramLabel = "REPOURL")
        String url;

        @Option(names = "--username")
        String username;

        @Option(names = "--password", description = "Read from the terminal when --username is given without it.")
        String password;

        @Option(names = "--name")
        String name;

        @Option(names = "--type", defaultValue = "git", description = "git or helm")
        String type;

        @Option(names = "--project")
        String project;

        @Option(names = "--insecure-skip-server-verification")
        boolean insecure;

        @Option(names = "--upsert")
        boolean upsert;

        @Override
        Integer run(Backend backend) {
            if (username != null && password == null && System.console() != null) {
                char[] typed = System.console().readPassword("Password: ");
                password = typed == null ? null : new String(typed);
            }
            var request = Json.mapper().createObjectNode().put("repo", url).put("type", type);
            if (name != null) {
                request.put("name", name);
            }
            if (project != null) {
                request.put("project", project);
            }
            if (username != null) {
                request.put("username", username);
            }
            if (password != null) {
                request.put("password", password);
            }
            if (insecure) {
                request.put("insecure", true);
            }
            backend.addRepository(request, upsert);
            out().printf("Repository '%s' added%n", url);
            return 0;
        }
    }
}
