package io.sextant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sextant.model.HealthStatusCode;
import io.sextant.model.OperationPhase;
import io.sextant.model.SyncStatusCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sextant app wait NAME [--health] [--sync] [--operation] [--timeout S]}; none given means all three. */
@Command(name = AppWaitCommand.NAME, description = "Wait until an Application is synced and healthy.")
class AppWaitCommand extends BaseCommand {

    static final String NAME = "wait";

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--health")
    boolean health;

    @Option(names = "--sync")
    boolean sync;

    @Option(names = "--operation")
    boolean operation;

    @Option(names = "--timeout", defaultValue = "0", description = "Seconds (0: no limit).")
    long timeout;

    @Override
    Integer run(Backend backend) throws InterruptedException {
        boolean all = !health && !sync && !operation;
        long deadline = timeout <= 0 ? Long.MAX_VALUE : System.nanoTime() + timeout * 1_000_000_000L;
        while (true) {
            JsonNode app = backend.get(name, null);
            JsonNode status = app.path("status");
            boolean ok = (!(all || sync) || SyncStatusCode.SYNCED.is(Views.text(status.path("sync"), "status")))
                    && (!(all || health) || HealthStatusCode.HEALTHY.is(Views.text(status.path("health"), "status")))
                    && (!(all || operation)
                            || (!app.hasNonNull("operation")
                                    && !OperationPhase.RUNNING.is(Views.text(status.path("operationState"), "phase"))));
            if (ok) {
                Views.details(out(), app);
                Views.resources(out(), app);
                return 0;
            }
            if (System.nanoTime() > deadline) {
                throw new CliException("timed out after " + timeout + "s: application '" + name + "' is "
                        + Views.text(status.path("sync"), "status") + " and "
                        + Views.text(status.path("health"), "status"));
            }
            Thread.sleep(500);
        }
    }
}
