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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Evaluates the {@code .jsonnet} files of a Directory source with {@code sextant-jsonnet} (go-jsonnet
 * as a library, built by the testbed from {@code testbed/go/jsonnet/cmd/sextant-jsonnet}), with
 * {@code directory.jsonnet}'s settings: {@code extVars} and {@code tlas} (strings, or Jsonnet code
 * when {@code code: true}) and {@code libs} (directories relative to the repository root, which must
 * stay inside it). The repository is copied into a {@link Workspace} once per render.
 *
 * <p>Imports are confined by construction, not by scanning text: the binary's only importer serves
 * files under the workspace's repository directory, so no import, importstr or importbin (from a file,
 * a library, or code passed as a variable; with comments or escapes anywhere) can read another file.
 * A text scan was fooled by {@code importstr /**}{@code / "/path"}. A plain {@code jsonnet} binary has
 * no such importer and is refused ({@link #confined}). A file evaluates to one object, a List, or an
 * array of objects. Each run is bounded by {@link ToolProcess}. Thread-safe.
 */
public final class JsonnetEvaluator {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** The binary's name, and what its {@code --version} starts with. */
    static final String BINARY = "sextant-jsonnet";

    private static final String VERSION_MARK = "sextant-jsonnet confined";
    /** What the binary says of an import it refuses. */
    private static final String REFUSED = "refused: ";
    /** Binaries that answered {@code --version} as the confined evaluator. */
    private static final Set<Path> CONFIRMED = ConcurrentHashMap.newKeySet();

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
            byte[] output;
            try {
                output = ToolProcess.run(
                        "jsonnet " + file, command, ws.inRepo(file).getParent(), Map.of(), ws, tools);
            } catch (RepoException e) {
                if (e.reason() == Reason.INVALID_MANIFEST && e.getMessage().contains(REFUSED)) {
                    throw new RepoException(Reason.PATH_ESCAPE, e.getMessage());
                }
                throw e;
            }
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
            confined(binary, ws);
            ws.copyRepository(snapshot, appPath);
            List<String> args = new ArrayList<>(
                    List.of(binary.toString(), "--root", ws.repoDir().toString()));
            if (settings != null) {
                for (String lib : settings.getLibs() == null ? List.<String>of() : settings.getLibs()) {
                    Path dir =
                            ws.inRepo(RepoPaths.normalize(lib.startsWith("/") ? lib.substring(1) : lib, "jsonnet lib"));
                    args.add("--jpath");
                    args.add(dir.toString());
                }
                addVars(args, settings.getExtVars(), "--ext-str", "--ext-code", "extVar");
                addVars(args, settings.getTlas(), "--tla-str", "--tla-code", "tla");
            }
            return new Session(ws, args);
        } catch (RuntimeException e) {
            ws.close();
            throw e;
        }
    }

    /**
     * Refuses a binary that is not Sextant's confined evaluator (say, go-jsonnet's own {@code jsonnet}
     * set as {@code sextant.render.jsonnet-path}), which would let imports read any file. Asked once per
     * binary.
     */
    private void confined(Path binary, Workspace ws) {
        if (CONFIRMED.contains(binary)) {
            return;
        }
        String version;
        try {
            version = new String(
                    ToolProcess.run(
                            "jsonnet --version",
                            List.of(binary.toString(), "--version"),
                            ws.root(),
                            Map.of(),
                            ws,
                            tools),
                    StandardCharsets.UTF_8);
        } catch (RepoException e) {
            version = "";
        }
        if (!version.startsWith(VERSION_MARK)) {
            throw new RepoException(
                    Reason.UNSUPPORTED,
                    binary.getFileName() + " is not Sextant's confined Jsonnet "
                            + "evaluator (" + BINARY
                            + ", built by testbed/testbed build); refusing to run Jsonnet with a binary "
                            + "whose imports can read any file");
        }
        CONFIRMED.add(binary);
    }

    private static void addVars(
            List<String> args, List<ApplicationSourceDirectory.JsonnetVar> vars, String str, String code, String what) {
        if (vars == null) {
            return;
        }
        for (ApplicationSourceDirectory.JsonnetVar v : vars) {
            if (v.getName() == null || !IDENTIFIER.matcher(v.getName()).matches()) {
                throw new RepoException(
                        Reason.INVALID_ARGUMENT,
                        "jsonnet " + what + " name '" + Redactor.printable(String.valueOf(v.getName()))
                                + "' is not an identifier");
            }
            args.add(Boolean.TRUE.equals(v.getCode()) ? code : str);
            // name=value in one argument: jsonnet splits at the first '=', the value is taken whole.
            args.add(v.getName() + "=" + (v.getValue() == null ? "" : v.getValue()));
        }
    }
}
