package io.sextant.appset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sextant.model.Application;
import io.sextant.model.ApplicationSet;
import io.sextant.repo.git.RepoSnapshot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code goTemplate: true} (Argo CD's applicationset/GoTemplate.md): the template is a Go template over the
 * generators' parameters nested ({@code .metadata.labels.env}, {@code .path.basename}, {@code .path.segments}), with
 * functions and conditions; a missing key stops the set with its name; {@code goTemplateOptions} other than
 * {@code missingkey=error} are refused.
 */
class GoTemplateSetTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final GeneratorSources CLUSTERS = new GeneratorSources() {
        @Override
        public List<Cluster> clusters() {
            return List.of(new Cluster("prod-east", "https://east.example:6443", Map.of("env", "prod"), Map.of()));
        }

        @Override
        public RepoSnapshot git(String url, String revision) {
            throw new AssertionError("no git here");
        }
    };

    private static AppSetPlan plan(String spec) throws Exception {
        ApplicationSet set = YAML.readValue(
                "apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata: {name: s, namespace: sextant, uid: u1}\n"
                        + "spec:\n" + spec.indent(2),
                ApplicationSet.class);
        return AppSetPlan.of(set, CLUSTERS, 100, JSON);
    }

    private static final String TEMPLATE = """
            template:
              metadata:
                name: '{{.name}}-{{.app.short | lower}}'
                labels: {env: '{{.metadata.labels.env}}', tier: '{{if eq .app.tier "front"}}web{{else}}back{{end}}'}
              spec:
                project: default
                source: {repoURL: 'https://git.example/{{.app.short}}.git', path: '{{.app.path}}', targetRevision: HEAD}
                destination: {server: '{{.server}}', namespace: '{{printf "%s-%s" .app.short .metadata.labels.env}}'}
            """;

    @Test
    void aMatrixOfClustersAndNestedListElementsRendersGoTemplates() throws Exception {
        AppSetPlan p = plan("""
                goTemplate: true
                goTemplateOptions: ["missingkey=error"]
                generators:
                - matrix:
                    generators:
                    - clusters: {selector: {matchLabels: {env: prod}}}
                    - list:
                        elements:
                        - app: {short: WEB, tier: front, path: apps/web}
                        - app: {short: API, tier: api, path: apps/api}
                """ + TEMPLATE);
        assertThat(p.apps())
                .extracting(a -> a.getMetadata().getName())
                .containsExactly("prod-east-web", "prod-east-api");
        Application web = p.apps().get(0);
        assertThat(web.getMetadata().getLabels()).containsEntry("env", "prod").containsEntry("tier", "web");
        assertThat(p.apps().get(1).getMetadata().getLabels()).containsEntry("tier", "back");
        assertThat(web.getSpec().getSource().getRepoURL()).isEqualTo("https://git.example/WEB.git");
        assertThat(web.getSpec().getDestination().getNamespace()).isEqualTo("WEB-prod");
        assertThat(web.getSpec().getDestination().getServer()).isEqualTo("https://east.example:6443");
    }

    @Test
    void templatePatchAddsWhatTheTemplateCannotWithTypedListParameters() throws Exception {
        AppSetPlan p = plan("""
                goTemplate: true
                generators:
                - list:
                    elements:
                    - {name: web, autoSync: true, prune: false, valueFiles: [values.yaml, prod.yaml]}
                    - {name: api, autoSync: false, valueFiles: []}
                template:
                  metadata: {name: '{{.name}}'}
                  spec:
                    project: default
                    source: {repoURL: 'https://git.example/charts.git', path: '{{.name}}', targetRevision: HEAD}
                    destination: {server: https://kubernetes.default.svc, namespace: '{{.name}}'}
                templatePatch: |
                  spec:
                    source:
                      helm:
                        valueFiles:
                        {{- range $f := .valueFiles }}
                        - {{ $f }}
                        {{- end }}
                  {{- if .autoSync }}
                    syncPolicy:
                      automated:
                        prune: {{ .prune }}
                  {{- end }}
                """);
        Application web = p.apps().get(0);
        assertThat(web.getSpec().getSource().getHelm().getValueFiles()).containsExactly("values.yaml", "prod.yaml");
        assertThat(web.getSpec().getSource().getPath())
                .as("the template's fields stay")
                .isEqualTo("web");
        assertThat(web.getSpec().getSyncPolicy().getAutomated().getPrune()).isFalse();
        Application api = p.apps().get(1);
        assertThat(api.getSpec().getSyncPolicy())
                .as("autoSync false is false, not the text 'false'")
                .isNull();
        assertThatThrownBy(() -> plan("""
                        generators: [{list: {elements: [{name: a}]}}]
                        template: {metadata: {name: a}, spec: {project: default}}
                        templatePatch: 'spec: {}'
                        """)).hasMessageContaining("templatePatch without goTemplate");
        assertThatThrownBy(() -> plan("""
                        goTemplate: true
                        generators: [{list: {elements: [{name: a}]}}]
                        template:
                          metadata: {name: a}
                          spec: {project: default, source: {repoURL: x, path: y}, destination: {server: z, namespace: n}}
                        templatePatch: 'spec: {project: other}'
                        """))
                .as("a patch does not move apps out of the set's project")
                .hasMessageContaining("not the set's project");
    }

    @Test
    void aMissingKeyStopsTheSetNamingIt() throws Exception {
        assertThatThrownBy(() -> plan("""
                        goTemplate: true
                        generators:
                        - list: {elements: [{cluster: a}]}
                        template:
                          metadata: {name: '{{.clustr}}'}
                          spec: {project: default, source: {repoURL: x, path: y}, destination: {server: z, namespace: n}}
                        """)).hasMessageContaining(".clustr is not there");
        assertThatThrownBy(() -> plan("""
                        goTemplate: true
                        goTemplateOptions: ["missingkey=zero"]
                        generators: [{list: {elements: [{cluster: a}]}}]
                        template: {metadata: {name: a}, spec: {project: default}}
                        """))
                .hasMessageContaining("goTemplateOptions [missingkey=zero]")
                .hasMessageContaining("missingkey=error");
        assertThatThrownBy(() -> plan("""
                        goTemplateOptions: ["missingkey=error"]
                        generators: [{list: {elements: [{cluster: a}]}}]
                        template: {metadata: {name: a}, spec: {project: default}}
                        """)).as("options without goTemplate").hasMessageContaining("goTemplateOptions");
        assertThatThrownBy(() -> plan("""
                        goTemplate: true
                        generators: [{list: {elements: [{cluster: a}]}}]
                        template:
                          metadata: {name: a}
                          spec: {project: '{{.cluster}}'}
                        """)).hasMessageContaining("is templated");
    }

    @Test
    void gitShapedParametersNestAsArgoGivesThemToGoTemplates() {
        Map<String, Object> nested = GoParams.nest(Map.of(
                "path", "apps/web",
                "path.basename", "web",
                "path.basenameNormalized", "web",
                "path[0]", "apps",
                "path[1]", "web",
                "metadata.labels.env", "prod"));
        assertThat(nested).containsEntry("metadata", Map.of("labels", Map.of("env", "prod")));
        @SuppressWarnings("unchecked")
        Map<String, Object> path = (Map<String, Object>) nested.get("path");
        assertThat(path)
                .containsEntry("path", "apps/web")
                .containsEntry("basename", "web")
                .containsEntry("segments", List.of("apps", "web"));
        assertThat(Interpolation.GO.render(
                        "{{.path.basename}} {{index .path.segments 0}} {{.path.path}}",
                        Map.of("path", "apps/web", "path.basename", "web", "path[0]", "apps")))
                .isEqualTo("web apps apps/web");
        assertThat(Interpolation.FAST.render("{{path.basename}} {{.path.basename}}", Map.of("path.basename", "web")))
                .as("without goTemplate, fasttemplate as before")
                .isEqualTo("web {{.path.basename}}");
    }
}
