package io.sextant.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code sextant repo list}: the repositories of the Applications (server mode: the server's list when it has one). */
@Command(name = RepoCommand.NAME, description = "Manage repositories.", mixinStandardHelpOptions = true,
        subcommands = RepoCommand.ListRepos.class)
class RepoCommand {

    static final String NAME = "repo";

    @Command(name = ListRepos.NAME, description = "List repositories.")
    static class ListRepos extends BaseCommand {

        static final String NAME = "list";

        @Override
        Integer run(Backend backend) {
            List<String> repos = new ArrayList<>();
            backend.list().forEach(a -> {
                String url = Views.text(Views.source(a), "repoURL");
                if (!url.isEmpty() && !repos.contains(url)) {
                    repos.add(url);
                }
            });
            List<List<String>> rows = repos.stream().map(r -> List.of("git", "", r)).toList();
            Views.table(out(), List.of("TYPE", "NAME", "REPO"), rows);
            return 0;
        }
    }
}
