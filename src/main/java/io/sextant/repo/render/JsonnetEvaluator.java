package io.sextant.repo.render;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.model.ApplicationSourceDirectory;
import io.sextant.repo.RepoException;
import io.sextant.repo.RepoException.Reason;
import io.sextant.repo.git.Redactor;
import io.sextant.repo.git.RepoPaths;
import io.sextant.repo.git.RepoSnapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Evaluates the {@code .jsonnet} files of a Directory source with go-jsonnet's {@code jsonnet} binary,
 * with {@code directory.jsonnet}'s settings: {@code extVars} and {@code tlas} (strings, or Jsonnet code
 * when {@code code: true}) and {@code libs} (directories relative to the repository root, which must
 * stay inside it). The repository is copied into a {@link Workspace} once per render; imports are
 * checked by {@link JsonnetImports} first (the application's files and what they import). A file evaluates to one object, a List, or an array of
 * objects. Each run is bounded by {@link ToolProcess}. Stateless and thread-safe.
 */
public final class JsonnetEvaluator {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final RenderTools tools;

    public JsonnetEvaluator(RenderTools tools) {
        this.tools = tools;
    }

    /** One render's workspace and arguments; close it when the source is done. */
    final class Session implements AutoCloseable {
        private final Workspace ws;
        private final List<String> arguments;

        private Session(Workspace ws, List<String> arguments) {
            this.ws = ws;
            this.arguments = arguments;
        }

        /** The objects {@code file} (a path from the repository root) evaluates to. */
        List<ObjectNode> evaluate(String file, RenderBudget budget) {
            List<String> command = new ArrayList<>(arguments);
            command.add(ws.inRepo(file).toString());
            byte[] output = ToolProcess.run("jsonnet " + file, command, ws.inRepo(file).getParent(), Map.of(), ws, tools);
            String text = new String(output, StandardCharsets.UTF_8).strip();
            if (text.startsWith("[")) {
                // An array of objects: read as a List, so each element is checked and counted like a list item.
                text = "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":" + text + "}";
            }
            return ToolOutput.read(file + ".json", text.getBytes(StandardCharsets.UTF_8), budget);
        }

        @Override
        public void close() {
            ws.close();
        }
    }

    Session open(RepoSnapshot snapshot, String appPath, ApplicationSourceDirectory directory, RenderLimits limits) {
        ApplicationSourceDirectory.Jsonnet settings = directory == null ? null : directory.getJsonnet();
        Path binary = tools.jsonnet();
        Workspace ws = Workspace.create(limits);
        try {
            ws.copyRepository(snapshot, appPath);
            List<String> args = new ArrayList<>(List.of(binary.toString()));
            List<Path> libs = new ArrayList<>();
            if (settings != null) {
                for (String lib : settings.getLibs() == null ? List.<String>of() : settings.getLibs()) {
                    Path dir = ws.inRepo(RepoPaths.normalize(lib.startsWith("/") ? lib.substring(1) : lib, "jsonnet lib"));
                    libs.add(dir);
                    args.add("--jpath");
                    args.add(dir.toString());
                }
                addVars(args, settings.getExtVars(), "--ext-str", "--ext-code", "extVar");
                addVars(args, settings.getTlas(), "--tla-str", "--tla-code", "tla");
            }
            JsonnetImports.check(ws, ws.inRepo(appPath), libs);
            return new Session(ws, args);
        } catch (RuntimeException e) {
            ws.close();
            throw e;
        }
    }

    private static void addVars(List<String> args, List<ApplicationSourceDirectory.JsonnetVar> vars, String str,
            String code, String what) {
        if (vars == null) {
            return;
        }
        for (ApplicationSourceDirectory.JsonnetVar v : vars) {
            if (v.getName() == null || !IDENTIFIER.matcher(v.getName()).matches()) {
                throw new RepoException(Reason.INVALID_ARGUMENT, "jsonnet " + what + " name '"
                        + Redactor.printable(String.valueOf(v.getName())) + "' is not an identifier");
            }
            args.add(Boolean.TRUE.equals(v.getCode()) ? code : str);
            // name=value in one argument: jsonnet splits at the first '=', the value is taken whole.
            args.add(v.getName() + "=" + (v.getValue() == null ? "" : v.getValue()));
        }
    }
}
