package io.sextant.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every scenario of {@code src/test/resources/diff/}: what a user sees of one resource — in sync or
 * not, which lines the diff names, which warning or error — for the given target, prediction, live
 * object and rules. Strings listed under {@code hidden} (Secret values) must appear in no output at
 * all, neither as written nor base64-encoded nor decoded.
 */
class DifferScenarioTest {

    @TestFactory
    Stream<DynamicTest> scenarios() {
        return DiffScenarios.all().map(s -> DynamicTest.dynamicTest(s.file(), () -> run(DiffScenarios.load(s.file()))));
    }

    private static void run(DiffScenarios.Scenario s) {
        var expect = s.expect();
        if (expect.has("error")) {
            assertThatThrownBy(() -> diff(s))
                    .isInstanceOfAny(DiffException.class, IgnoreRuleException.class)
                    .satisfies(e -> {
                        assertThat(e.getMessage()).contains(expect.get("error").asText());
                        assertHidden(s, e.getMessage());
                    });
            return;
        }
        ResourceDiff d = diff(s);
        String everything = String.join(
                "\n",
                d.diff(),
                d.targetYaml(),
                d.liveYaml(),
                String.valueOf(d.warnings()),
                String.valueOf(d.normalizedTarget()),
                String.valueOf(d.normalizedLive()));
        assertThat(d.modified())
                .as("%s\nmodified; diff was:\n%s", s.doc().path("description").asText(), d.diff())
                .isEqualTo(expect.get("modified").asBoolean());
        if (expect.has("missing")) {
            assertThat(d.missing())
                    .as("missing")
                    .isEqualTo(expect.get("missing").asBoolean());
        }
        if (expect.has("requiresPruning")) {
            assertThat(d.requiresPruning())
                    .as("requiresPruning")
                    .isEqualTo(expect.get("requiresPruning").asBoolean());
        }
        if (!expect.get("modified").asBoolean()) {
            assertThat(d.diff()).as("an in-sync resource shows no diff").isEmpty();
        }
        List<String> lines = d.diff().lines().toList();
        for (String line : s.strings("diffLines")) {
            assertThat(lines).as("diff:\n%s", d.diff()).contains(line);
        }
        for (String text : s.strings("diffLacks")) {
            assertThat(d.diff()).as("diff").doesNotContain(text);
        }
        for (String text : s.strings("targetYamlContains")) {
            assertThat(d.targetYaml()).contains(text);
        }
        for (String text : s.strings("liveYamlContains")) {
            assertThat(d.liveYaml()).contains(text);
        }
        for (String text : s.strings("warnings")) {
            assertThat(d.warnings()).anySatisfy(w -> assertThat(w).contains(text));
        }
        if (!expect.has("warnings")) {
            assertThat(d.warnings()).isEmpty();
        }
        assertHidden(s, everything);
    }

    private static ResourceDiff diff(DiffScenarios.Scenario s) {
        IgnoreRules rules = IgnoreRules.of(s.rules(), s.settings());
        return new Differ(s.options()).diff(s.object("target"), s.object("predicted"), s.object("live"), rules);
    }

    /** No hidden string, nor its base64 form, nor (if it is base64) its decoded form, appears in text. */
    private static void assertHidden(DiffScenarios.Scenario s, String text) {
        for (String secret : s.strings("hidden")) {
            List<String> forms = new ArrayList<>(
                    List.of(secret, Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8))));
            try {
                String decoded = new String(Base64.getDecoder().decode(secret), StandardCharsets.UTF_8);
                if (decoded.matches("[\\x20-\\x7e]{4,}")) {
                    forms.add(decoded);
                }
            } catch (IllegalArgumentException notBase64) {
                // only the written and encoded forms then
            }
            for (String form : forms) {
                assertThat(text).as("output must not contain a Secret value").doesNotContain(form);
            }
        }
    }
}
