package io.sextant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sextant app history NAME}: ID DATE REVISION. */
@Command(name = AppHistoryCommand.NAME, description = "Show the deployment history.")
class AppHistoryCommand extends BaseCommand {

    static final String NAME = "history";

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    Integer run(Backend backend) {
        JsonNode history = backend.get(name, null).path("status").path("history");
        boolean multi = false;
        for (JsonNode h : history) {
            multi |= h.path("sources").isArray() && !h.path("sources").isEmpty();
        }
        if (!multi) {
            List<List<String>> rows = new ArrayList<>();
            history.forEach(h ->
                    rows.add(List.of(Views.text(h, "id"), Views.text(h, "deployedAt"), Views.text(h, "revision"))));
            Views.table(out(), List.of("ID", "DATE", "REVISION"), rows);
            return 0;
        }
        // Several sources: Argo CD's form, one block per source repository, each entry's revision there as
        // "<targetRevision> (<sha>)".
        Map<String, List<List<String>>> blocks = new LinkedHashMap<>();
        for (JsonNode h : history) {
            JsonNode sources = h.path("sources");
            for (int i = 0; i < sources.size(); i++) {
                String target = Views.text(sources.path(i), "targetRevision");
                String rev = h.path("revisions").path(i).asText("");
                blocks.computeIfAbsent(Views.text(sources.path(i), "repoURL"), k -> new ArrayList<>())
                        .add(List.of(
                                Views.text(h, "id"),
                                Views.text(h, "deployedAt"),
                                rev.isEmpty() || target.equals(rev)
                                        ? target
                                        : target + " (" + Views.shortSha(rev) + ")"));
            }
        }
        boolean first = true;
        for (Map.Entry<String, List<List<String>>> block : blocks.entrySet()) {
            if (!first) {
                out().println();
            }
            first = false;
            out().println("SOURCE  " + block.getKey());
            Views.table(out(), List.of("ID", "DATE", "REVISION"), block.getValue());
        }
        return 0;
    }
}
