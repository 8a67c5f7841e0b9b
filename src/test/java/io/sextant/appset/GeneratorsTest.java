package io.sextant.appset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sextant.repo.git.RepoSnapshot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The list, clusters, matrix and merge generators, post selectors and fasttemplate, as Argo CD's pages say. */
class GeneratorsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final GeneratorSources CLUSTERS = new GeneratorSources() {
        @Override
        public List<Cluster> clusters() {
            return List.of(
                    new Cluster(
                            "Prod_East", "https://east.example:6443/", Map.of("env", "prod"), Map.of("owner", "ops")),
                    new Cluster("staging", "https://stage.example:6443", Map.of("env", "stage"), Map.of()));
        }

        @Override
        public RepoSnapshot git(String url, String revision) {
            throw new AssertionError("no git here");
        }
    };

    private static List<Map<String, String>> run(String yaml) throws Exception {
        return new Generators(CLUSTERS, false, 100).generate((ObjectNode) YAML.readTree(yaml), 0);
    }

    @Test
    void listElementsAreStringParametersAndValuesFlatten() throws Exception {
        assertThat(run("""
                list:
                  elements:
                  - {cluster: a, values: {size: big}}
                  elementsYaml: "- {cluster: b}"
                """)).containsExactly(Map.of("cluster", "a", "values.size", "big"), Map.of("cluster", "b"));
        assertThatThrownBy(() -> run("list: {elements: [{replicas: 3}]}"))
                .hasMessageContaining("parameter 'replicas' is not a string (3)")
                .hasMessageContaining("quote it");
    }

    @Test
    void clustersGiveNameServerMetadataAndTemplatedValuesAndTheInClusterEntryOnlyWithoutSelector() throws Exception {
        List<Map<String, String>> all = run("clusters: {values: {ns: 'team-{{nameNormalized}}'}}");
        assertThat(all).hasSize(3);
        assertThat(all.get(0))
                .containsEntry("name", "Prod_East")
                .containsEntry("nameNormalized", "prod-east")
                .containsEntry("server", "https://east.example:6443")
                .containsEntry("metadata.labels.env", "prod")
                .containsEntry("metadata.annotations.owner", "ops")
                .containsEntry("values.ns", "team-prod-east");
        assertThat(all.get(2))
                .containsEntry("name", "in-cluster")
                .containsEntry("server", "https://kubernetes.default.svc");
        assertThat(run("clusters: {selector: {matchLabels: {env: stage}}}"))
                .extracting(p -> p.get("name"))
                .containsExactly("staging");
    }

    @Test
    void aMatrixRendersItsSecondGeneratorWithTheFirstsParametersAndRefusesClashes() throws Exception {
        assertThat(run("""
                matrix:
                  generators:
                  - list: {elements: [{env: prod}, {env: stage}]}
                  - list: {elements: [{app: 'web-{{env}}'}, {app: db}]}
                """))
                .containsExactly(
                        Map.of("env", "prod", "app", "web-prod"),
                        Map.of("env", "prod", "app", "db"),
                        Map.of("env", "stage", "app", "web-stage"),
                        Map.of("env", "stage", "app", "db"));
        assertThatThrownBy(() -> run("""
                matrix:
                  generators:
                  - list: {elements: [{env: prod}]}
                  - list: {elements: [{env: stage}]}
                """)).hasMessageContaining("both generators give parameter 'env'");
        assertThatThrownBy(() -> run("matrix: {generators: [{list: {elements: [{a: b}]}}]}"))
                .hasMessageContaining("a matrix combines exactly two");
        assertThatThrownBy(() -> run("""
                matrix:
                  generators:
                  - matrix:
                      generators:
                      - matrix: {generators: [{list: {elements: [{a: b}]}}, {list: {elements: [{c: d}]}}]}
                      - list: {elements: [{e: f}]}
                  - list: {elements: [{g: h}]}
                """)).hasMessageContaining("nests at most once");
    }

    @Test
    void aMergeOverridesTheBaseByMergeKeysAndDropsUnmatchedSets() throws Exception {
        assertThat(run("""
                merge:
                  mergeKeys: [name]
                  generators:
                  - list: {elements: [{name: a, size: s}, {name: b, size: s}]}
                  - list: {elements: [{name: b, size: xl}, {name: z, size: m}]}
                """)).containsExactly(Map.of("name", "a", "size", "s"), Map.of("name", "b", "size", "xl"));
        assertThatThrownBy(() -> run("merge: {generators: [{list: {elements: []}}, {list: {elements: []}}]}"))
                .hasMessageContaining("has no mergeKeys");
        assertThatThrownBy(() -> run("""
                merge:
                  mergeKeys: [name]
                  generators:
                  - list: {elements: [{name: a}, {name: a}]}
                  - list: {elements: []}
                """)).hasMessageContaining("two parameter sets have the same [name] [a]");
    }

    @Test
    void aPostSelectorFiltersParameterSetsAndUnknownGeneratorsAreRefusedByName() throws Exception {
        assertThat(run("""
                list: {elements: [{url: 'https://a.example', tier: gold}, {url: 'https://b.example', tier: tin}]}
                selector:
                  matchExpressions: [{key: tier, operator: In, values: [gold, silver]}]
                """)).extracting(p -> p.get("url")).containsExactly("https://a.example");
        assertThatThrownBy(() -> run("scmProvider: {github: {organization: x}}"))
                .hasMessageContaining("the scmProvider generator is not supported by Sextant yet");
        assertThatThrownBy(() -> run("clusters: {flatList: true}"))
                .hasMessageContaining("generators[0].clusters.flatList is not supported by Sextant");
        assertThatThrownBy(() -> run("{list: {elements: []}, clusters: {}}"))
                .hasMessageContaining("names two generators");
        assertThatThrownBy(() -> new Generators(CLUSTERS, false, 2)
                        .generate((ObjectNode) YAML.readTree("list: {elements: [{a: '1'}, {a: '2'}, {a: '3'}]}"), 0))
                .hasMessageContaining("generates more than 2 parameter sets");
    }

    @Test
    void fastTemplateReplacesKnownTagsAndLeavesUnknownOnesAsWritten() {
        Map<String, String> p = Map.of("path.basename", "web", "n", "1");
        assertThat(FastTemplate.render("app-{{ path.basename }}-{{n}}", p, 100)).isEqualTo("app-web-1");
        assertThat(FastTemplate.render("{{missing}} and {{ env \"HOME\" }}", p, 100))
                .isEqualTo("{{missing}} and {{ env \"HOME\" }}");
        assertThat(FastTemplate.render("no tags", p, 100)).isEqualTo("no tags");
        assertThatThrownBy(() -> FastTemplate.render("{{n}}{{n}}{{n}}", Map.of("n", "x".repeat(40)), 100))
                .hasMessageContaining("longer than 100 characters");
        assertThat(Names.normalize("--Prod_East.1--")).isEqualTo("prod-east.1");
    }
}
