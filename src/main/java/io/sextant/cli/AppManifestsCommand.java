package io.sextant.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sextant app manifests NAME}: needs the server's manifests endpoint, not there yet; says so. */
@Command(name = AppManifestsCommand.NAME, description = "Print an Application's rendered manifests.")
class AppManifestsCommand extends BaseCommand {

    static final String NAME = "manifests";

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    Integer run(Backend backend) {
        backend.get(name, null);
        throw new CliException("app manifests is not supported yet: it needs the server's manifests endpoint");
    }
}
