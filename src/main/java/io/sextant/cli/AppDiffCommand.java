package io.sextant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sextant app diff NAME [--exit-code]}: for each resource that differs, a header naming it and
 * the unified diff from live ({@code ---}) to Git ({@code +++}); exit code 1 when anything differs
 * (unless {@code --exit-code=false}), as Argo's. Against a server the controller's comparison is
 * shown; in core mode the CLI compares itself.
 */
@Command(name = AppDiffCommand.NAME, description = "Show the differences between Git and the cluster.")
class AppDiffCommand extends BaseCommand {

    static final String NAME = "diff";

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(
            names = "--exit-code",
            defaultValue = "true",
            arity = "0..1",
            description = "Exit 1 when there are differences (default true).")
    boolean exitCode;

    @Override
    Integer run(Backend backend) {
        boolean any = false;
        for (JsonNode item : backend.managedResources(name).path("items")) {
            if (!LocalDiff.differs(item)) {
                continue;
            }
            any = true;
            String ns = item.path("namespace").asText();
            out().printf(
                            "===== %s/%s %s/%s ======%n",
                            item.path("group").asText(),
                            item.path("kind").asText(),
                            ns,
                            item.path("name").asText());
            String diff = item.path("diff").asText();
            out().print(diff.isEmpty() ? "(missing from the cluster)\n" : diff.endsWith("\n") ? diff : diff + "\n");
        }
        return any && exitCode ? 1 : 0;
    }
}
