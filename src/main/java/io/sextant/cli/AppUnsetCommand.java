package io.sextant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sextant app unset NAME [--sync-option X]... [--self-heal] [--auto-prune]}: removes what is named. */
@Command(name = AppUnsetCommand.NAME, description = "Remove settings from an Application's spec.")
class AppUnsetCommand extends BaseCommand {

    static final String NAME = "unset";

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--sync-option", description = "Remove this sync option; repeatable.")
    List<String> syncOptions = List.of();

    @Option(names = "--self-heal", description = "Turn self-heal off.")
    boolean selfHeal;

    @Option(names = "--auto-prune", description = "Turn auto-prune off.")
    boolean autoPrune;

    @Override
    Integer run(Backend backend) {
        ObjectNode spec = backend.get(name, null).path("spec").deepCopy();
        JsonNode policy = spec.path("syncPolicy");
        if (policy.path("syncOptions").isArray()) {
            ArrayNode kept = Json.mapper().createArrayNode();
            policy.path("syncOptions").forEach(o -> {
                if (!syncOptions.contains(o.asText())) {
                    kept.add(o);
                }
            });
            ((ObjectNode) policy).set("syncOptions", kept);
        }
        if (policy.path("automated").isObject()) {
            if (selfHeal) {
                ((ObjectNode) policy.get("automated")).remove("selfHeal");
            }
            if (autoPrune) {
                ((ObjectNode) policy.get("automated")).remove("prune");
            }
        }
        backend.updateSpec(name, spec);
        return 0;
    }
}
