package io.sextant.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sextant app diff NAME [--exit-code]}. Needs the controller's comparison, which the API does not
 * expose yet ({@code managed-resources}); until then it says so instead of guessing.
 */
@Command(name = AppDiffCommand.NAME, description = "Show the differences between Git and the cluster.")
class AppDiffCommand extends BaseCommand {

    static final String NAME = "diff";

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--exit-code", defaultValue = "true", description = "Exit 1 when there are differences.")
    boolean exitCode;

    @Override
    Integer run(Backend backend) {
        backend.get(name, null);
        throw new CliException("app diff is not supported yet: it needs the server's managed-resources endpoint; "
                + "sextant app get " + name + " shows which resources are OutOfSync");
    }
}
