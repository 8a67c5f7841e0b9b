package io.sextant.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sextant app history NAME}: ID DATE REVISION. */
@Command(name = AppHistoryCommand.NAME, description = "Show the deployment history.")
class AppHistoryCommand extends BaseCommand {

    static final String NAME = "history";

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    Integer run(Backend backend) {
        List<List<String>> rows = new ArrayList<>();
        backend.get(name, null)
                .path("status")
                .path("history")
                .forEach(h ->
                        rows.add(List.of(Views.text(h, "id"), Views.text(h, "deployedAt"), Views.text(h, "revision"))));
        Views.table(out(), List.of("ID", "DATE", "REVISION"), rows);
        return 0;
    }
}
