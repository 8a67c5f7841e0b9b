package io.sextant.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sextant.model.ResourceKey;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every scenario under {@code src/test/resources/sync/}, one file each: {@code request} (prune, dryRun,
 * allowEmpty, syncOptions, resources), {@code candidates} (each a {@code target} and/or {@code live}
 * object, {@code outOfSync} default true; no target means it requires pruning) and {@code expect}:
 * {@code steps} as {@code "<Phase> <wave>: <ACTION> <Kind>/<name>, ..."}, {@code syncFail} and
 * {@code skipped} as task lists ({@code "PRUNE ConfigMap/old (Prune=false)"}), {@code dryRun}, or
 * {@code error} (text the SyncPlanException message must contain). Lists not given must be empty.
 */
class SyncScenarioTest {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final SyncPlanner PLANNER = new SyncPlanner();

    @TestFactory
    Stream<DynamicTest> scenarios() throws IOException {
        return files().stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> run(f)));
    }

    @Test
    void theScenarioTableCoversTheRules() throws IOException {
        assertThat(files()).hasSizeGreaterThanOrEqualTo(25);
    }

    private static void run(Path file) throws IOException {
        JsonNode doc = YAML.readTree(file.toFile());
        String description = doc.path("description").asText(file.getFileName().toString());
        List<SyncCandidate> candidates = candidates(doc.path("candidates"));
        SyncRequest request = request(doc.path("request"));
        JsonNode expect = doc.path("expect");

        if (expect.has("error")) {
            assertThatThrownBy(() -> PLANNER.plan(candidates, request))
                    .as(description)
                    .isInstanceOf(SyncPlanException.class)
                    .hasMessageContaining(expect.get("error").asText());
            return;
        }
        SyncPlan plan = PLANNER.plan(candidates, request);
        assertThat(render(plan.steps())).as(description).containsExactlyElementsOf(strings(expect, "steps"));
        assertThat(plan.syncFailTasks().stream().map(SyncScenarioTest::render).toList())
                .as(description + " (syncFail)")
                .containsExactlyElementsOf(strings(expect, "syncFail"));
        assertThat(plan.skipped().stream().map(SyncScenarioTest::render).toList())
                .as(description + " (skipped)")
                .containsExactlyElementsOf(strings(expect, "skipped"));
        assertThat(plan.dryRun())
                .as(description + " (dryRun)")
                .isEqualTo(expect.path("dryRun").asBoolean(false));
    }

    static List<String> render(List<SyncStep> steps) {
        return steps.stream()
                .map(s -> s.phase().argoName() + " " + s.wave() + ": "
                        + s.tasks().stream().map(SyncScenarioTest::render).collect(Collectors.joining(", ")))
                .toList();
    }

    static String render(SyncTask t) {
        return t.action() + " " + t.key().kind() + "/" + t.sortName()
                + (t.skipped() ? " (" + t.skipReason() + ")" : "");
    }

    static List<SyncCandidate> candidates(JsonNode list) {
        List<SyncCandidate> candidates = new ArrayList<>();
        for (JsonNode c : list) {
            ObjectNode target = c.get("target") instanceof ObjectNode o ? o : null;
            ObjectNode live = c.get("live") instanceof ObjectNode o ? o : null;
            ResourceKey key = ResourceKey.of(target != null ? target : live);
            candidates.add(
                    new SyncCandidate(key, target, live, c.path("outOfSync").asBoolean(true), target == null));
        }
        return candidates;
    }

    static SyncRequest request(JsonNode r) {
        List<ResourceFilter> resources = new ArrayList<>();
        for (JsonNode f : r.path("resources")) {
            resources.add(new ResourceFilter(
                    f.path("group").asText(""),
                    f.path("kind").asText(""),
                    f.path("namespace").asText(""),
                    f.path("name").asText("")));
        }
        List<String> options = r.has("syncOptions")
                ? YAML.convertValue(r.get("syncOptions"), new TypeReference<List<String>>() {})
                : List.of();
        return new SyncRequest(
                r.path("prune").asBoolean(false),
                r.path("dryRun").asBoolean(false),
                resources,
                options,
                r.path("allowEmpty").asBoolean(false),
                r.path("skipHooks").asBoolean(false));
    }

    private static List<String> strings(JsonNode expect, String field) {
        return expect.has(field)
                ? YAML.convertValue(expect.get(field), new TypeReference<List<String>>() {})
                : List.of();
    }

    private static List<Path> files() throws IOException {
        try {
            Path root = Path.of(
                    SyncScenarioTest.class.getClassLoader().getResource("sync").toURI());
            try (Stream<Path> files = Files.list(root)) {
                return files.filter(p -> p.toString().endsWith(".yaml"))
                        .sorted()
                        .toList();
            }
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }
}
