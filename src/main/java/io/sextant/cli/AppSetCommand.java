package io.sextant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sextant app set NAME [--sync-option X]... [--sync-policy automated|none] [--revision] [--path] ...}. */
@Command(name = AppSetCommand.NAME, description = "Change an Application's spec.")
class AppSetCommand extends BaseCommand {

    static final String NAME = "set";

    @Parameters(paramLabel = "NAME")
    String name;

    @Mixin
    SpecFlags flags;

    @ArgGroup(exclusive = false, multiplicity = "0..1")
    SourceFlags source;

    @Option(
            names = "--source-position",
            description = "Which source of a multi-source Application the source flags change (counting from 1).")
    Integer sourcePosition;

    @Override
    Integer run(Backend backend) {
        ObjectNode spec = backend.get(name, null).path("spec").deepCopy();
        flags.apply(spec);
        if (source != null && !source.isEmpty()) {
            source.apply(target(spec));
        }
        backend.updateSpec(name, spec);
        return 0;
    }

    /** The source the flags change: spec.source, or the one of spec.sources at --source-position (as argocd). */
    private ObjectNode target(ObjectNode spec) {
        JsonNode sources = spec.path("sources");
        if (sources.isArray() && !sources.isEmpty()) {
            if (sourcePosition == null || sourcePosition <= 0) {
                throw new CliException("source position should be specified and must be greater than 0 for"
                        + " applications with multiple sources: add --source-position N (1 to " + sources.size() + ")");
            }
            if (sourcePosition > sources.size()) {
                throw new CliException("source position " + sourcePosition + " is out of range: the application has "
                        + sources.size() + " sources");
            }
            return (ObjectNode) sources.get(sourcePosition - 1);
        }
        if (sourcePosition != null && sourcePosition != 1) {
            throw new CliException("--source-position " + sourcePosition + ": the application has one source");
        }
        return spec.has("source") && spec.get("source").isObject()
                ? (ObjectNode) spec.get("source")
                : spec.putObject("source");
    }
}
