package io.sextant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sextant appset list|get|create|delete|generate}, as {@code argocd appset}. */
@Command(name = ApplicationSetCommand.NAME, description = "Manage ApplicationSets.", mixinStandardHelpOptions = true)
class ApplicationSetCommand {

    static final List<Class<?>> SUBCOMMANDS =
            List.of(ListSets.class, GetSet.class, CreateSet.class, DeleteSet.class, GenerateSet.class);

    static final String NAME = "appset";

    private static final List<String> HEADERS = List.of("NAME", "PROJECT", "SYNCPOLICY", "CONDITIONS");

    /** NAME, PROJECT, SYNCPOLICY (applicationsSync, "sync" when unset) and the conditions that are True. */
    private static List<String> row(JsonNode s) {
        List<String> conditions = new ArrayList<>();
        s.path("status").path("conditions").forEach(c -> {
            if ("True".equals(c.path("status").asText())) {
                conditions.add(c.path("type").asText());
            }
        });
        String policy =
                s.path("spec").path("syncPolicy").path("applicationsSync").asText("");
        return List.of(
                Views.text(s.path("metadata"), "name"),
                Views.text(s.path("spec").path("template").path("spec"), "project"),
                policy.isEmpty() ? "sync" : policy,
                String.join(",", conditions));
    }

    @Command(name = ListSets.NAME, description = "List ApplicationSets.")
    static class ListSets extends BaseCommand {

        static final String NAME = "list";

        @Override
        Integer run(Backend backend) {
            Views.table(
                    out(),
                    HEADERS,
                    backend.appSets().stream().map(ApplicationSetCommand::row).toList());
            return 0;
        }
    }

    @Command(name = GetSet.NAME, description = "Show an ApplicationSet: its template's target and its conditions.")
    static class GetSet extends BaseCommand {

        static final String NAME = "get";

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(
                names = {"-o", "--output"},
                defaultValue = "wide",
                description = "wide | json | yaml")
        String output;

        @Override
        Integer run(Backend backend) {
            JsonNode s = backend.appSet(name);
            switch (output) {
                case "json" -> Views.json(out(), s);
                case "yaml" -> out().print(Views.yaml(s));
                case "wide" -> summary(s);
                default -> throw new CliException("unknown output format '" + output + "': use wide, json or yaml");
            }
            return 0;
        }

        private void summary(JsonNode s) {
            JsonNode spec = s.path("spec").path("template").path("spec");
            String policy =
                    s.path("spec").path("syncPolicy").path("applicationsSync").asText("");
            out().printf("Name:               %s%n", Views.text(s.path("metadata"), "name"));
            out().printf("Project:            %s%n", Views.text(spec, "project"));
            out().printf("Server:             %s%n", Views.text(spec.path("destination"), "server"));
            out().printf("Namespace:          %s%n", Views.text(spec.path("destination"), "namespace"));
            out().printf("Repo:               %s%n", Views.text(spec.path("source"), "repoURL"));
            out().printf("Path:               %s%n", Views.text(spec.path("source"), "path"));
            out().printf("Apps Sync Policy:   %s%n", policy.isEmpty() ? "sync" : policy);
            out().println();
            List<List<String>> rows = new ArrayList<>();
            s.path("status")
                    .path("conditions")
                    .forEach(c -> rows.add(List.of(
                            c.path("type").asText(),
                            c.path("status").asText(),
                            c.path("message").asText(),
                            c.path("lastTransitionTime").asText())));
            Views.table(out(), List.of("CONDITION", "STATUS", "MESSAGE", "LAST TRANSITION"), rows);
            List<List<String>> apps = new ArrayList<>();
            s.path("status")
                    .path("resources")
                    .forEach(r -> apps.add(List.of(
                            r.path("name").asText(),
                            r.path("status").asText(""),
                            r.path("health").path("status").asText(""))));
            if (!apps.isEmpty()) {
                out().println();
                Views.table(out(), List.of("APPLICATION", "SYNC", "HEALTH"), apps);
            }
        }
    }

    @Command(name = CreateSet.NAME, description = "Create ApplicationSets from YAML or JSON files.")
    static class CreateSet extends BaseCommand {

        static final String NAME = "create";

        @Parameters(paramLabel = "FILE", arity = "1..*")
        List<Path> files;

        @Option(names = "--upsert", description = "Replace a set of the same name with another spec.")
        boolean upsert;

        @Override
        Integer run(Backend backend) throws IOException {
            for (Path file : files) {
                JsonNode set = readSet(file);
                String name = set.path("metadata").path("name").asText();
                String before = version(backend, name);
                JsonNode created = backend.createAppSet(set, upsert);
                String after = created.path("metadata").path("generation").asText();
                String what = before == null ? "created" : before.equals(after) ? "unchanged" : "updated";
                err().println("ApplicationSet '" + name + "' " + what);
            }
            return 0;
        }

        private static String version(Backend backend, String name) {
            try {
                return backend.appSet(name).path("metadata").path("generation").asText();
            } catch (CliException e) {
                return null;
            }
        }
    }

    @Command(
            name = GenerateSet.NAME,
            description =
                    "Show the Applications ApplicationSets in YAML or JSON files would generate; creates nothing.")
    static class GenerateSet extends BaseCommand {

        static final String NAME = "generate";

        @Parameters(paramLabel = "FILE", arity = "1..*")
        List<Path> files;

        @Option(
                names = {"-o", "--output"},
                defaultValue = "wide",
                description = "wide | json | yaml")
        String output;

        @Override
        Integer run(Backend backend) throws IOException {
            if (!List.of("wide", "json", "yaml").contains(output)) {
                throw new CliException("unknown output format '" + output + "': use wide, json or yaml");
            }
            List<JsonNode> apps = new ArrayList<>();
            for (Path file : files) {
                apps.addAll(backend.generateAppSet(readSet(file)));
            }
            switch (output) {
                case "json" -> Views.json(out(), Json.mapper().valueToTree(apps));
                case "yaml" -> out().print(Views.yaml(Json.mapper().valueToTree(apps)));
                default ->
                    Views.table(
                            out(),
                            List.of("NAME", "PROJECT", "SERVER", "NAMESPACE", "REPO", "PATH", "TARGET"),
                            apps.stream().map(GenerateSet::row).toList());
            }
            return 0;
        }

        private static List<String> row(JsonNode app) {
            JsonNode spec = app.path("spec");
            JsonNode d = spec.path("destination");
            JsonNode src = spec.path("source");
            return List.of(
                    Views.text(app.path("metadata"), "name"),
                    Views.text(spec, "project"),
                    d.path("name").asText("").isEmpty()
                            ? Views.text(d, "server")
                            : d.path("name").asText(),
                    Views.text(d, "namespace"),
                    Views.text(src, "repoURL"),
                    Views.text(src, "path"),
                    Views.text(src, "targetRevision"));
        }
    }

    /** The ApplicationSet of a YAML or JSON file. */
    private static JsonNode readSet(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new CliException("cannot read " + file + ": not a file");
        }
        JsonNode set = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        if (set == null || !"ApplicationSet".equals(set.path("kind").asText())) {
            throw new CliException(file + " is not an ApplicationSet (kind: ApplicationSet)");
        }
        return set;
    }

    @Command(name = DeleteSet.NAME, description = "Delete ApplicationSets and the Applications they generated.")
    static class DeleteSet extends BaseCommand {

        static final String NAME = "delete";

        @Parameters(paramLabel = "NAME", arity = "1..*")
        List<String> names;

        @Option(
                names = {"-y", "--yes"},
                description = "Do not ask.")
        boolean yes;

        @Override
        Integer run(Backend backend) {
            var console = System.console();
            for (String name : names) {
                if (!yes && console != null) {
                    String answer = console.readLine(
                            "Are you sure you want to delete '%s' and all its Applications? [y/n] ", name);
                    if (answer == null || !answer.trim().toLowerCase().startsWith("y")) {
                        out().println("The command to delete '" + name + "' was cancelled.");
                        continue;
                    }
                }
                backend.deleteAppSet(name);
                out().println("applicationset '" + name + "' deleted");
            }
            return 0;
        }
    }
}
