package io.sextant.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sextant app terminate-op NAME}. */
@Command(name = AppTerminateOpCommand.NAME, description = "Stop the running operation.")
class AppTerminateOpCommand extends BaseCommand {

    static final String NAME = "terminate-op";

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    Integer run(Backend backend) {
        backend.terminateOperation(name);
        out().println("Application '" + name + "' operation terminating");
        return 0;
    }
}
