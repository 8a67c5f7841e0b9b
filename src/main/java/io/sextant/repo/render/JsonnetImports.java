package io.sextant.repo.render;

import io.sextant.repo.RepoException;
import io.sextant.repo.RepoException.Reason;
import io.sextant.repo.git.Redactor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Keeps Jsonnet imports inside the repository. go-jsonnet has no sandbox: an {@code import} resolves
 * against the importing file's directory and then each library directory, on the real file system. The
 * language only allows string literals after {@code import}, {@code importstr} and {@code importbin},
 * so every file of the workspace is scanned for them, and an import that is absolute, or that leaves the
 * repository from the file's directory or from any library directory, is refused before jsonnet runs.
 * (An import-like text in a comment is checked too: a false refusal is better than a read outside.)
 * Stateless.
 */
final class JsonnetImports {

    private static final Pattern IMPORT = Pattern.compile("\\bimport(?:str|bin)?\\s*(@?)(\"|'|\\|\\|\\|)");

    private JsonnetImports() {
    }

    /**
     * Checks the files of {@code appDir} and every file they import, transitively (an imported file can
     * import in turn, whatever its name).
     */
    static void check(Workspace ws, Path appDir, List<Path> libDirs) {
        Path repo = ws.repoDir();
        java.util.Deque<Path> todo = new java.util.ArrayDeque<>();
        java.util.Set<Path> seen = new java.util.HashSet<>();
        try (Stream<Path> files = Files.walk(appDir)) {
            files.filter(Files::isRegularFile).forEach(todo::push);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        while (!todo.isEmpty()) {
            Path file = todo.pop();
            if (!seen.add(file)) {
                continue;
            }
            String text;
            try {
                text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Matcher m = IMPORT.matcher(text);
            while (m.find()) {
                String shown = repo.relativize(file).toString();
                if (m.group(2).equals("|||")) {
                    throw new RepoException(Reason.INVALID_ARGUMENT, shown + ": imports of a text block are not supported");
                }
                String imported = literal(text, m.end(), m.group(2).charAt(0), !m.group(1).isEmpty(), shown);
                requireInside(repo, file.getParent(), libDirs, imported, shown);
                Stream.concat(Stream.of(file.getParent()), libDirs.stream()).map(d -> d.resolve(imported).normalize())
                        .filter(Files::isRegularFile).forEach(todo::push);
            }
        }
    }

    private static void requireInside(Path repo, Path dir, List<Path> libDirs, String imported, String shown) {
        if (imported.startsWith("/") || imported.isEmpty()) {
            throw escape(shown, imported);
        }
        if (!dir.resolve(imported).normalize().startsWith(repo)) {
            throw escape(shown, imported);
        }
        for (Path lib : libDirs) {
            if (!lib.resolve(imported).normalize().startsWith(repo)) {
                throw escape(shown, imported);
            }
        }
    }

    /** The string literal starting at {@code pos} (after its opening quote). */
    private static String literal(String text, int pos, char quote, boolean verbatim, String shown) {
        StringBuilder out = new StringBuilder();
        for (int i = pos; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == quote) {
                if (verbatim && i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    out.append(c);
                    i++;
                    continue;
                }
                return out.toString();
            }
            if (c == '\\' && !verbatim && i + 1 < text.length()) {
                char next = text.charAt(++i);
                switch (next) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'u' -> throw new RepoException(Reason.INVALID_ARGUMENT, shown
                            + ": unicode escapes in import paths are not supported");
                    default -> out.append(next);
                }
                continue;
            }
            out.append(c);
        }
        throw new RepoException(Reason.INVALID_MANIFEST, shown + ": an import path is not closed");
    }

    private static RepoException escape(String file, String imported) {
        return new RepoException(Reason.PATH_ESCAPE, file + ": import '" + Redactor.printable(imported)
                + "' leads outside the repository");
    }
}
