package io.sextant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sextant app rollback NAME [ID]}: syncs history entry ID (default: the one before the last) and waits. */
@Command(name = AppRollbackCommand.NAME, description = "Roll back to a history entry.")
class AppRollbackCommand extends BaseCommand {

    static final String NAME = "rollback";

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ID")
    Long id;

    @Option(names = "--prune")
    boolean prune;

    @Option(names = "--dry-run")
    boolean dryRun;

    @Option(names = "--timeout", defaultValue = "0", description = "Seconds to wait (0: no limit).")
    long timeout;

    @Override
    Integer run(Backend backend) {
        JsonNode app = backend.get(name, null);
        if (id == null) {
            List<Long> ids = new ArrayList<>();
            app.path("status").path("history").forEach(h -> ids.add(h.path("id").asLong()));
            if (ids.size() < 2) {
                throw new CliException("application '" + name + "' has no earlier deployment to roll back to");
            }
            id = ids.get(ids.size() - 2);
        }
        JsonNode before = app.path("status").path("operationState");
        backend.rollback(name, id, prune, dryRun);
        return Operations.report(out(), err(), Operations.await(backend, name, before, timeout));
    }
}
