package io.sextant.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The destination, project and sync-policy flags {@code app create} and {@code app set} share, with argocd's
 * names (the source flags are {@link SourceFlags}). {@link #apply} writes only the flags given onto a spec tree.
 */
class SpecFlags {

    @Option(names = "--dest-server", description = "Destination cluster URL.")
    String destServer;

    @Option(names = "--dest-name", description = "Destination cluster name.")
    String destName;

    @Option(names = "--dest-namespace", description = "Destination namespace.")
    String destNamespace;

    @Option(names = "--project", description = "Project (default: default).")
    String project;

    @Option(names = "--sync-policy", description = "automated (or auto) | none (or manual).")
    String syncPolicy;

    @Option(names = "--self-heal", description = "With automated sync: undo changes made in the cluster.")
    Boolean selfHeal;

    @Option(names = "--auto-prune", description = "With automated sync: delete resources gone from Git.")
    Boolean autoPrune;

    @Option(names = "--sync-option", description = "A sync option (e.g. CreateNamespace=true); repeatable.")
    List<String> syncOptions;

    void apply(ObjectNode spec) {
        if (project != null) {
            spec.put("project", project);
        }
        ObjectNode dest = spec.has("destination") && spec.get("destination").isObject()
                ? (ObjectNode) spec.get("destination")
                : spec.putObject("destination");
        put(dest, "server", destServer);
        put(dest, "name", destName);
        put(dest, "namespace", destNamespace);
        ObjectNode policy = spec.has("syncPolicy") && spec.get("syncPolicy").isObject()
                ? (ObjectNode) spec.get("syncPolicy")
                : spec.putObject("syncPolicy");
        if (syncPolicy != null) {
            switch (syncPolicy.toLowerCase()) {
                case "automated", "automatic", "auto" -> {
                    if (!policy.has("automated") || !policy.get("automated").isObject()) {
                        policy.putObject("automated");
                    }
                }
                case "none", "manual" -> policy.remove("automated");
                default -> throw new CliException("--sync-policy must be automated or none, not '" + syncPolicy + "'");
            }
        }
        if (selfHeal != null || autoPrune != null) {
            if (!policy.path("automated").isObject()) {
                throw new CliException("--self-heal and --auto-prune need --sync-policy automated");
            }
            ObjectNode automated = (ObjectNode) policy.get("automated");
            if (selfHeal != null) {
                automated.put("selfHeal", selfHeal);
            }
            if (autoPrune != null) {
                automated.put("prune", autoPrune);
            }
        }
        if (syncOptions != null) {
            ArrayNode list = policy.putArray("syncOptions");
            syncOptions.forEach(list::add);
        }
        if (policy.isEmpty()) {
            spec.remove("syncPolicy");
        }
    }

    private static void put(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
