package io.sextant.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sextant app delete NAME [--cascade=false] [-y]}: asks first on a terminal, as argocd does. */
@Command(name = AppDeleteCommand.NAME, description = "Delete an Application (and, with --cascade, its resources).")
class AppDeleteCommand extends BaseCommand {

    static final String NAME = "delete";

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(
            names = "--cascade",
            defaultValue = "true",
            negatable = true,
            fallbackValue = "true",
            description = "Delete the Application's resources too (default true).")
    boolean cascade;

    @Option(
            names = {"-y", "--yes"},
            description = "Do not ask.")
    boolean yes;

    @Override
    Integer run(Backend backend) {
        var console = System.console();
        if (!yes && console != null) {
            String answer = console.readLine(
                    "Are you sure you want to delete '%s'%s? [y/n] ", name, cascade ? " and all its resources" : "");
            if (answer == null || !answer.trim().toLowerCase().startsWith("y")) {
                out().println("The command to delete '" + name + "' was cancelled.");
                return 0;
            }
        }
        backend.delete(name, cascade);
        out().println("application '" + name + "' deleted");
        return 0;
    }
}
