package io.sextant.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code sextant app set NAME [--sync-option X]... [--sync-policy automated|none] [--revision] [--path] ...}. */
@Command(name = AppSetCommand.NAME, description = "Change an Application's spec.")
class AppSetCommand extends BaseCommand {

    static final String NAME = "set";

    @Parameters(paramLabel = "NAME")
    String name;

    @Mixin
    SpecFlags flags;

    @Override
    Integer run(Backend backend) {
        ObjectNode spec = backend.get(name, null).path("spec").deepCopy();
        flags.apply(spec);
        backend.updateSpec(name, spec);
        return 0;
    }
}
