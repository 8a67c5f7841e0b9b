package io.sextant.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/** How Applications are printed: argocd's tables and detail views, JSON and YAML. Stateless. */
final class Views {

    private Views() {}

    /** Columns padded like Go's tabwriter (two spaces between), as argocd prints them. */
    static void table(PrintWriter out, List<String> headers, List<List<String>> rows) {
        int[] width = new int[headers.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(row.get(i));
                if (i < row.size() - 1) {
                    line.append(" ".repeat(width[i] - row.get(i).length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    static String qualified(JsonNode app) {
        return text(app.path("metadata"), "namespace") + "/" + text(app.path("metadata"), "name");
    }

    /** argocd's SYNCPOLICY column. */
    static String syncPolicy(JsonNode app) {
        JsonNode automated = app.path("spec").path("syncPolicy").path("automated");
        if (automated.isMissingNode()
                || automated.isNull()
                || automated.path("enabled").asBoolean(true) == false) {
            return "Manual";
        }
        return automated.path("prune").asBoolean(false) ? "Auto-Prune" : "Auto";
    }

    static String conditions(JsonNode app) {
        List<String> types = new ArrayList<>();
        app.path("status").path("conditions").forEach(c -> types.add(text(c, "type")));
        return types.isEmpty() ? "<none>" : String.join(",", types);
    }

    static JsonNode source(JsonNode app) {
        if (multiSource(app)) {
            return app.path("spec").path("sources").path(0); // spec.sources wins, as in Argo CD
        }
        return app.path("spec").path("source");
    }

    static boolean multiSource(JsonNode app) {
        return app.path("spec").path("sources").isArray()
                && !app.path("spec").path("sources").isEmpty();
    }

    static List<String> listRow(JsonNode app, boolean wide) {
        JsonNode dest = app.path("spec").path("destination");
        JsonNode src = source(app);
        List<String> row = new ArrayList<>(List.of(
                qualified(app),
                dest.hasNonNull("server") ? text(dest, "server") : text(dest, "name"),
                text(dest, "namespace"),
                text(app.path("spec"), "project"),
                text(app.path("status").path("sync"), "status"),
                text(app.path("status").path("health"), "status"),
                syncPolicy(app),
                conditions(app),
                text(src, "repoURL"),
                text(src, "path"),
                text(src, "targetRevision")));
        return row;
    }

    static final List<String> LIST_HEADERS = List.of(
            "NAME",
            "CLUSTER",
            "NAMESPACE",
            "PROJECT",
            "STATUS",
            "HEALTH",
            "SYNCPOLICY",
            "CONDITIONS",
            "REPO",
            "PATH",
            "TARGET");

    /** The header block of {@code app get} and {@code app sync}. */
    static void details(PrintWriter out, JsonNode app) {
        JsonNode spec = app.path("spec");
        JsonNode status = app.path("status");
        JsonNode src = source(app);
        field(out, "Name", qualified(app));
        field(out, "Project", text(spec, "project"));
        field(out, "Server", text(spec.path("destination"), "server"));
        field(out, "Namespace", text(spec.path("destination"), "namespace"));
        if (multiSource(app)) {
            // Argo CD's form: a Sources block, one "- Repo:" entry per source.
            out.println("Sources:");
            spec.path("sources").forEach(s -> {
                field(out, "- Repo", text(s, "repoURL"));
                field(out, "  Target", text(s, "targetRevision"));
                if (!text(s, "path").isEmpty()) {
                    field(out, "  Path", text(s, "path"));
                }
                if (!text(s, "chart").isEmpty()) {
                    field(out, "  Chart", text(s, "chart"));
                }
                if (!text(s, "ref").isEmpty()) {
                    field(out, "  Ref", text(s, "ref"));
                }
                List<String> files = new ArrayList<>();
                s.path("helm").path("valueFiles").forEach(f -> files.add(f.asText()));
                if (!files.isEmpty()) {
                    field(out, "  Helm Values", String.join(",", files));
                }
            });
        } else {
            field(out, "Repo", text(src, "repoURL"));
            field(out, "Target", text(src, "targetRevision"));
            field(out, "Path", text(src, "path"));
        }
        field(out, "SyncWindow", "Sync Allowed");
        List<String> opts = new ArrayList<>();
        spec.path("syncPolicy").path("syncOptions").forEach(o -> opts.add(o.asText()));
        field(out, "Sync Policy", syncPolicy(app) + (opts.isEmpty() ? "" : " (" + String.join(",", opts) + ")"));
        String revision = text(status.path("sync"), "revision");
        field(
                out,
                "Sync Status",
                text(status.path("sync"), "status")
                        + (multiSource(app)
                                        && status.path("sync").path("revisions").isArray()
                                ? " to "
                                        + revisionsOf(
                                                spec.path("sources"),
                                                status.path("sync").path("revisions"))
                                : revision.isEmpty()
                                        ? ""
                                        : " to " + text(src, "targetRevision") + " (" + shortSha(revision) + ")"));
        field(out, "Health Status", text(status.path("health"), "status"));
        status.path("conditions").forEach(c -> field(out, "Condition", text(c, "type") + ": " + text(c, "message")));
    }

    /** The operation block: what argocd prints after a sync. */
    static void operation(PrintWriter out, JsonNode state) {
        out.println();
        field(out, "Operation", state.path("operation").has("sync") ? "Sync" : "Unknown");
        JsonNode revisions = state.path("syncResult").path("revisions");
        field(
                out,
                "Sync Revision",
                revisions.isArray() && !revisions.isEmpty()
                        ? String.join(", ", texts(revisions))
                        : text(state.path("syncResult"), "revision"));
        field(out, "Phase", text(state, "phase"));
        field(out, "Start", text(state, "startedAt"));
        field(out, "Finished", text(state, "finishedAt"));
        field(out, "Message", text(state, "message"));
    }

    static void field(PrintWriter out, String label, String value) {
        out.printf("%-20s%s%n", label + ":", value);
    }

    /** "main (1a2b3c4), 0.1.0": each source's target with the revision it resolved to. */
    static String revisionsOf(JsonNode sources, JsonNode revisions) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < revisions.size(); i++) {
            String target = text(sources.path(i), "targetRevision");
            String rev = revisions.path(i).asText();
            out.add(target.isEmpty() || target.equals(rev) ? rev : target + " (" + shortSha(rev) + ")");
        }
        return String.join(", ", out);
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static String shortSha(String sha) {
        return sha.length() > 7 ? sha.substring(0, 7) : sha;
    }

    static final List<String> RESOURCE_HEADERS =
            List.of("GROUP", "KIND", "NAMESPACE", "NAME", "STATUS", "HEALTH", "HOOK", "MESSAGE");

    /** {@code app get}'s resource table, from status.resources. */
    static void resources(PrintWriter out, JsonNode app) {
        List<List<String>> rows = new ArrayList<>();
        app.path("status")
                .path("resources")
                .forEach(r -> rows.add(List.of(
                        text(r, "group"),
                        text(r, "kind"),
                        text(r, "namespace"),
                        text(r, "name"),
                        text(r, "status"),
                        text(r.path("health"), "status"),
                        r.path("hook").asBoolean(false) ? "hook" : "",
                        text(r.path("health"), "message"))));
        out.println();
        table(out, RESOURCE_HEADERS, rows);
    }

    /** The sync result table: each resource's result, with its health from status.resources. */
    static void results(PrintWriter out, JsonNode app, JsonNode state) {
        List<List<String>> rows = new ArrayList<>();
        state.path("syncResult").path("resources").forEach(r -> {
            String health = "";
            for (JsonNode s : app.path("status").path("resources")) {
                if (text(s, "kind").equals(text(r, "kind"))
                        && text(s, "name").equals(text(r, "name"))
                        && text(s, "namespace").equals(text(r, "namespace"))
                        && text(s, "group").equals(text(r, "group"))) {
                    health = text(s.path("health"), "status");
                }
            }
            rows.add(List.of(
                    text(r, "group"),
                    text(r, "kind"),
                    text(r, "namespace"),
                    text(r, "name"),
                    text(r, "status"),
                    health,
                    text(r, "hookType"),
                    text(r, "message")));
        });
        out.println();
        table(out, RESOURCE_HEADERS, rows);
    }

    static void json(PrintWriter out, Object value) {
        try {
            out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new CliException("cannot print JSON: " + e.getMessage());
        }
    }

    static String yaml(JsonNode value) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndicatorIndent(0);
        Object plain = Json.mapper().convertValue(value, Object.class);
        return new Yaml(options).dump(plain);
    }

    /** Parses YAML (aliases limited, no custom tags) into a tree; a syntax error is a CliException. */
    static JsonNode parseYaml(String text) {
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(50);
            Object value = new Yaml(new SafeConstructor(options)).load(text);
            if (value != null && !(value instanceof Map)) {
                throw new CliException("invalid YAML: expected a mapping at the top level");
            }
            return Json.mapper().convertValue(value == null ? Map.of() : value, JsonNode.class);
        } catch (YAMLException e) {
            throw new CliException(
                    "invalid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
