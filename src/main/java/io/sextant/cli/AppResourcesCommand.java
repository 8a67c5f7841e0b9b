package io.sextant.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sextant app resources NAME}: the managed resources (GROUP KIND NAMESPACE NAME ORPHANED). */
@Command(name = AppResourcesCommand.NAME, description = "List an Application's resources.")
class AppResourcesCommand extends BaseCommand {

    static final String NAME = "resources";

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    Integer run(Backend backend) {
        List<List<String>> rows = new ArrayList<>();
        backend.get(name, null)
                .path("status")
                .path("resources")
                .forEach(r -> rows.add(List.of(
                        Views.text(r, "group"),
                        Views.text(r, "kind"),
                        Views.text(r, "namespace"),
                        Views.text(r, "name"),
                        "No")));
        Views.table(out(), List.of("GROUP", "KIND", "NAMESPACE", "NAME", "ORPHANED"), rows);
        return 0;
    }
}
