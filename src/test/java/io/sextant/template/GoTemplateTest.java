package io.sextant.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Templates in the Go text/template subset Argo CD's notification catalogue and ApplicationSets use, and the errors of a missing field. */
class GoTemplateTest {

    private static final Map<String, Object> DATA = Map.of(
            "app",
            Map.of(
                    "metadata",
                    Map.of("name", "guestbook"),
                    "spec",
                    Map.of("source", Map.of("repoURL", "git@github.com:argoproj/argocd-example-apps.git")),
                    "status",
                    Map.of(
                            "sync",
                            Map.of("status", "Synced"),
                            "conditions",
                            List.of(
                                    Map.of("type", "SyncError", "message", "one"),
                                    Map.of("type", "ComparisonError", "message", "two")))),
            "context",
            Map.of("argocdUrl", "https://cd.example"),
            "serviceType",
            "slack",
            "repo",
            Map.of("RepoURLToHTTPS", (java.util.function.Function<List<Object>, Object>) a -> ((String) a.get(0))
                    .replace("git@github.com:", "https://github.com/")
                    .replace(".git", "")));

    private static String render(String text) {
        return GoTemplate.parse("t", text).render(DATA);
    }

    @Test
    void rendersTheCataloguesConstructs() {
        assertThat(render("{{if eq .serviceType \"slack\"}}:white_check_mark:{{end}} Application {{.app.metadata.name}}"
                        + " at {{.context.argocdUrl}}/applications/{{.app.metadata.name}}"))
                .isEqualTo(":white_check_mark: Application guestbook at https://cd.example/applications/guestbook");
        assertThat(
                        render(
                                "{{range $index, $c := .app.status.conditions}}{{if $index}},{{end}}{{$c.type}}={{$c.message}}{{end}}"))
                .isEqualTo("SyncError=one,ComparisonError=two");
        assertThat(render("{{range $c := .app.status.conditions}}\n  * {{$c.message}}\n{{- end}}"))
                .isEqualTo("\n  * one\n  * two");
        assertThat(render("{{ if ne .serviceType \"slack\" }}no{{ else if eq .app.status.sync.status \"Synced\" }}"
                        + "synced{{ else }}other{{ end }}"))
                .isEqualTo("synced");
        assertThat(render("{{call .repo.RepoURLToHTTPS .app.spec.source.repoURL}}"))
                .isEqualTo("https://github.com/argoproj/argocd-example-apps");
        assertThat(render("{{.app.metadata.name | upper | quote}} {{printf \"%s-%d\" .app.metadata.name 3}}"))
                .isEqualTo("\"GUESTBOOK\" guestbook-3");
        assertThat(render("{{toJson .app.status.sync}}")).isEqualTo("{\"status\":\"Synced\"}");
        assertThat(render("{{with .app.status.operationState}}op{{else}}none{{end}}{{/* a comment */}}"))
                .as("a missing field is empty in with/if")
                .isEqualTo("none");
        assertThat(render("{{len .app.status.conditions}} {{index .app.status.conditions 1 \"type\"}}"))
                .isEqualTo("2 ComparisonError");
        assertThat(render("{{default \"none\" .app.status.operationState}}")).isEqualTo("none");
    }

    @Test
    void trimmingQuotesParenthesesAndComparisonsWithMissingFieldsAsGoReadsThem() {
        assertThat(render("{{if true -}}\n   x{{end}}")).isEqualTo("x");
        assertThat(render("{{if true -}}x{{end}}\n y")).isEqualTo("x\n y");
        assertThat(render("{{range $c := .app.status.conditions -}}\n  * {{$c.message}}\n{{- end}}"))
                .isEqualTo("* one* two");
        assertThat(render("{{ printf \"}}\" }}")).isEqualTo("}}");
        assertThat(render("{{ (printf \"a\\\"b\") }}")).isEqualTo("a\"b");
        assertThat(render("{{ printf \"%s\" ((index .app.status.conditions 0).message) }}"))
                .isEqualTo("one");
        assertThat(render("{{if eq .app.metadata.namespace \"x\"}}yes{{else}}no{{end}}"))
                .as("a comparison with a missing field is false")
                .isEqualTo("no");
    }

    @Test
    void hostileTemplatesAreBounded() {
        assertThatThrownBy(() -> GoTemplate.parse("t", "{{if true}}".repeat(2000) + "{{end}}".repeat(2000)))
                .hasMessageContaining("nested deeper than 64");
        assertThatThrownBy(() -> GoTemplate.parse("t", "{{ " + "(".repeat(500) + "1" + ")".repeat(500) + " }}"))
                .hasMessageContaining("nested deeper than 64");
        assertThatThrownBy(
                        () -> render(
                                "{{ .app.metadata.name | replace \"\" \"xxxxxxxxxxxxxxxxxxxx\" | replace \"\""
                                        + " \"xxxxxxxxxxxxxxxxxxxx\" | replace \"\" \"xxxxxxxxxxxxxxxxxxxx\" | replace \"\" \"xxxxxxxxxxxxxxxxxxxx\" }}"))
                .hasMessageContaining("gives more than");
        assertThatThrownBy(() -> GoTemplate.parse("t", "x".repeat(GoTemplate.MAX_TEXT + 1)))
                .hasMessageContaining("longer than");
    }

    @Test
    void aMissingFieldOrAnUnknownFunctionIsAnErrorNamingIt() {
        assertThatThrownBy(() -> render("{{.app.metadata.nmae}}"))
                .hasMessageContaining(".app.metadata.nmae is not there");
        assertThatThrownBy(() -> render("{{.app.status.operationState.message}}"))
                .hasMessageContaining(".app.status.operationState is not there")
                .as("names the first missing step, not only the leaf");
        assertThatThrownBy(() -> GoTemplate.parse("t", "{{env \"HOME\"}}"))
                .hasMessageContaining("function env is not available");
        assertThatThrownBy(() -> GoTemplate.parse("t", "{{readFile \"/etc/passwd\"}}"))
                .hasMessageContaining("function readFile is not available");
        assertThatThrownBy(() -> GoTemplate.parse("t", "{{if .app}}x")).hasMessageContaining("missing {{end}}");
        assertThatThrownBy(() -> GoTemplate.parse("t", "x{{end}}")).hasMessageContaining("without an opening");
        assertThatThrownBy(() -> GoTemplate.parse("t", "{{template \"x\"}}")).hasMessageContaining("not available");
        assertThatThrownBy(() -> GoTemplate.parse("t", "{{.app.metadata.name")).hasMessageContaining("without }}");
    }
}
