package io.sextant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sextant app sync NAME [--prune] [--dry-run] [--revision R] [--resource GROUP:KIND:NAME]... [--async]
 * [--timeout S]}: asks for a sync, waits for it, prints the result; exit code 1 unless it Succeeded.
 */
@Command(name = AppSyncCommand.NAME, description = "Sync an Application to its target state.")
class AppSyncCommand extends BaseCommand {

    static final String NAME = "sync";

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--prune", description = "Delete resources no longer in Git.")
    boolean prune;

    @Option(names = "--dry-run", description = "Check the sync without changing anything.")
    boolean dryRun;

    @Option(names = "--revision", description = "Sync to this revision instead of the target.")
    String revision;

    @Option(
            names = "--resource",
            paramLabel = "GROUP:KIND:[NAMESPACE/]NAME",
            description = "Sync only this resource; repeatable.")
    List<String> resources = new ArrayList<>();

    @Option(names = "--async", description = "Do not wait for the sync to end.")
    boolean async;

    @Option(names = "--timeout", defaultValue = "0", description = "Seconds to wait (0: no limit).")
    long timeout;

    @Override
    Integer run(Backend backend) {
        List<Backend.SyncResource> picked =
                resources.stream().map(AppSyncCommand::resource).toList();
        JsonNode before = backend.get(name, null).path("status").path("operationState");
        backend.sync(name, revision, prune, dryRun, picked);
        if (async) {
            out().println("sync of application '" + name + "' requested");
            return 0;
        }
        return Operations.report(out(), err(), Operations.await(backend, name, before, timeout));
    }

    static Backend.SyncResource resource(String text) {
        String[] parts = text.split(":", 3);
        if (parts.length != 3 || parts[1].isBlank() || parts[2].isBlank()) {
            throw new CliException(
                    "--resource must be GROUP:KIND:NAME or GROUP:KIND:NAMESPACE/NAME, not '" + text + "'");
        }
        String ns = null;
        String n = parts[2];
        int slash = n.indexOf('/');
        if (slash >= 0) {
            ns = n.substring(0, slash);
            n = n.substring(slash + 1);
        }
        return new Backend.SyncResource(parts[0], parts[1], ns, n);
    }
}
