package io.sextant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code sextant app edit NAME}: the spec as YAML in {@code $EDITOR} (system property {@code sextant.editor}
 * first, then {@code vi}); applied when saved changed. Invalid YAML is an error and nothing is applied.
 */
@Command(name = AppEditCommand.NAME, description = "Edit an Application's spec in $EDITOR.")
class AppEditCommand extends BaseCommand {

    static final String NAME = "edit";

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    Integer run(Backend backend) throws Exception {
        JsonNode spec = backend.get(name, null).path("spec");
        Path file = Files.createTempFile(name + "-", "-edit.yaml");
        try {
            String original = Views.yaml(spec);
            Files.writeString(file, original);
            runEditor(file);
            String edited = Files.readString(file);
            if (edited.equals(original)) {
                out().println("Edit cancelled, no changes made.");
                return 0;
            }
            JsonNode next = Views.parseYaml(edited);
            if (next.equals(spec)) {
                out().println("Edit cancelled, no changes made.");
                return 0;
            }
            backend.updateSpec(name, next);
            out().println("application '" + name + "' updated");
            return 0;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void runEditor(Path file) throws Exception {
        String editor = System.getProperty(SextantCli.EDITOR_PROPERTY);
        if (editor == null || editor.isBlank()) {
            editor = System.getenv("EDITOR");
        }
        if (editor == null || editor.isBlank()) {
            editor = "vi";
        }
        // Split like a shell would on blanks ("code --wait"), but never through a shell.
        List<String> command = new ArrayList<>(Arrays.asList(editor.trim().split("\\s+")));
        command.add(file.toString());
        Process p;
        try {
            p = new ProcessBuilder(command).inheritIO().start();
        } catch (IOException e) {
            throw new CliException("cannot start the editor '" + editor + "': " + e.getMessage());
        }
        int rc = p.waitFor();
        if (rc != 0) {
            throw new CliException("the editor exited with code " + rc + "; nothing applied");
        }
    }
}
