package io.sextant.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package order of DESIGN.md, held by reading the main code: a package refers only to packages below it
 * ({@code config} lowest, {@code cli} highest), by import or by a fully qualified name; {@code api} and
 * {@code web} are siblings that reach the engine only through {@code service}; {@code sync} is pure planning
 * (model and config only). Comments do not count. Two packages not in DESIGN.md's table have their place:
 * {@code embedded} (the dev-mode testbed starter) and {@code template} (the Go-template reader of notifications and
 * ApplicationSets) just above {@code config}, and {@code operation} (which
 * carries out a sync plan on a cluster) between {@code sync} and {@code controller}.
 */
class LayeringTest {

    private static final Path MAIN = Path.of("src/main/java/io/sextant");

    /** Rank of each package; a package may use only packages of a lower rank. */
    private static final Map<String, Integer> RANK = Map.ofEntries(
            Map.entry("config", 0),
            Map.entry("embedded", 1),
            Map.entry("template", 1),
            Map.entry("model", 2),
            Map.entry("kube", 3),
            Map.entry("repo", 4),
            Map.entry("cache", 5),
            Map.entry("diff", 6),
            Map.entry("health", 7),
            Map.entry("sync", 8),
            Map.entry("operation", 9),
            Map.entry("controller", 10),
            Map.entry("appset", 10),
            Map.entry("notify", 11),
            Map.entry("auth", 11),
            Map.entry("service", 12),
            Map.entry("api", 13),
            Map.entry("web", 13),
            Map.entry("cli", 14));

    /** Packages held to fewer packages than their rank allows: sync plans only, it never touches a cluster. */
    private static final Map<String, Set<String>> ONLY = Map.of("sync", Set.of("config", "model"));

    /** What the pages and the API may use besides each other: the service layer and what it speaks in. */
    private static final Set<String> FRONT_ENDS = Set.of("api", "web");

    private static final Set<String> FRONT_END_MAY_USE = Set.of("config", "model", "auth", "service");
    /** Failure types the services pass on as they are, which the front ends turn into answers. */
    private static final Set<String> PASSED_THROUGH_SERVICES = Set.of("repo.RepoException");

    private static final Pattern REFERENCE =
            Pattern.compile("\\bio\\.sextant\\.([a-z]+)\\.(?:[a-z]+\\.)*([A-Z]\\w*|\\*)");
    private static final Pattern COMMENTS = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);
    private static final Pattern STRINGS = Pattern.compile("\"(?:\\\\.|[^\"\\\\\\n])*\"");

    @Test
    void everyPackageRefersOnlyToPackagesBelowIt() throws IOException {
        Set<String> violations = new TreeSet<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg = MAIN.relativize(file).getName(0).toString();
                if (file.getNameCount() == MAIN.getNameCount() + 1) {
                    continue; // a file directly in io.sextant
                }
                assertThat(RANK)
                        .as("package %s has a place in DESIGN.md's order", pkg)
                        .containsKey(pkg);
                for (String used : references(file)) {
                    String usedPkg = used.substring(0, used.indexOf('.'));
                    if (usedPkg.equals(pkg) || !RANK.containsKey(usedPkg)) {
                        continue;
                    }
                    boolean allowed = RANK.get(usedPkg) < RANK.get(pkg)
                            && (!FRONT_ENDS.contains(pkg)
                                    || FRONT_END_MAY_USE.contains(usedPkg)
                                    || PASSED_THROUGH_SERVICES.contains(used))
                            && (!ONLY.containsKey(pkg) || ONLY.get(pkg).contains(usedPkg));
                    if (!allowed) {
                        violations.add(pkg + " -> " + usedPkg + " (" + used + ") in " + MAIN.relativize(file));
                    }
                }
            }
        }
        assertThat(violations).as("references against the package order").isEmpty();
    }

    /**
     * The Sextant classes a source file refers to in code (not in comments or string literals), each as
     * {@code <top package>.<class>}.
     */
    static Set<String> references(Path file) throws IOException {
        String code = Files.readString(file);
        // Strings first ("https://..." is not a comment), then comments.
        code = STRINGS.matcher(code).replaceAll("\"\"");
        code = COMMENTS.matcher(code).replaceAll(" ");
        code = code.replaceFirst("(?m)^package [^;]+;", "");
        Set<String> used = new TreeSet<>();
        Matcher m = REFERENCE.matcher(code);
        while (m.find()) {
            used.add(m.group(1) + "." + m.group(2));
        }
        return used;
    }

    @Test
    void theReaderSeesThroughCommentsAndStrings() throws IOException {
        Path tmp = Files.createTempFile("Layering", ".java");
        Files.writeString(
                tmp,
                String.join(
                        "\n",
                        List.of(
                                "package io.sextant.web;",
                                "import io.sextant.service.X;",
                                "/** {@link io.sextant.sync.Y} */",
                                "class A { String u = \"io.sextant.kube.Z\"; " + "// io.sextant.cache.W",
                                "  Object o = io.sextant.model.V.of(); }")));
        assertThat(references(tmp)).containsExactly("model.V", "service.X");
    }
}
