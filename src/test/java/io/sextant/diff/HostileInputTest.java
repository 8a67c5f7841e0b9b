package io.sextant.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.model.ResourceIgnoreDifferences;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Objects and rules built to hurt: each gets a clear error, within bounded time, with no crash and no
 * Secret value in the message.
 */
class HostileInputTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static ObjectNode configMap(String name) {
        ObjectNode object = NODES.objectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
        object.putObject("metadata").put("name", name).put("namespace", "kubercoins");
        return object;
    }

    private static ObjectNode secret(String name, String base64) {
        ObjectNode object = NODES.objectNode().put("apiVersion", "v1").put("kind", "Secret");
        object.putObject("metadata").put("name", name).put("namespace", "kubercoins");
        object.putObject("data").put("password", base64);
        return object;
    }

    private static ResourceIgnoreDifferences jqRule(String kind, String expression) {
        ResourceIgnoreDifferences rule = new ResourceIgnoreDifferences();
        rule.setKind(kind);
        rule.setJqPathExpressions(List.of(expression));
        return rule;
    }

    @Test
    void deepNestingIsRefusedWithoutOverflowingTheStack() {
        ObjectNode live = secret("deep", "c2VjcmV0LXZhbHVlLTk5");
        ObjectNode node = (ObjectNode) live.get("data");
        for (int i = 0; i < 50_000; i++) {
            node = node.putObject("n");
        }
        node.put("leaf", "c2VjcmV0LXZhbHVlLTk5");
        ObjectNode target = secret("deep", "c2VjcmV0LXZhbHVlLTk5");

        assertThatThrownBy(() -> new Differ().diff(target, null, live, IgnoreRules.none()))
                .isInstanceOf(DiffException.class)
                .hasMessage("the live object is nested deeper than 100 levels; it is not compared")
                .hasMessageNotContaining("c2VjcmV0");
    }

    @Test
    void hugeObjectsAreRefused() {
        ObjectNode wide = configMap("wide");
        ObjectNode data = wide.putObject("data");
        for (int i = 0; i < 600_000; i++) {
            data.put("k" + i, "");
        }
        assertThatThrownBy(() -> new Differ().diff(wide, null, null, IgnoreRules.none()))
                .isInstanceOf(DiffException.class)
                .hasMessageContaining("the target object has more than 500000 fields");

        ObjectNode big = configMap("big");
        big.putObject("data").put("blob", "x".repeat(17 << 20));
        assertThatThrownBy(() -> new Differ().diff(configMap("big"), null, big, IgnoreRules.none()))
                .isInstanceOf(DiffException.class)
                .hasMessageContaining("the live object is larger than");
    }

    @Test
    void aTextDiffTooLongToComputeIsLeftOutButTheVerdictStands() {
        ObjectNode target = configMap("many-lines");
        ObjectNode live = configMap("many-lines");
        ObjectNode targetData = target.putObject("data");
        ObjectNode liveData = live.putObject("data");
        for (int i = 0; i < 15_000; i++) {
            targetData.put("key" + i, "a" + i);
            liveData.put("key" + i, "b" + i);
        }
        ResourceDiff diff = new Differ().diff(target, null, live, IgnoreRules.none());
        assertThat(diff.modified()).isTrue();
        assertThat(diff.diff())
                .startsWith("# diff left out: the two sides have")
                .contains("limit of 20000");
    }

    @Test
    void aJqExpressionPastItsTimeLimitStopsWithAnErrorNamingTheRule() {
        IgnoreRules rules =
                IgnoreRules.of(List.of(jqRule("Secret", ".data[] | select([range(1e12)] | length > 0)")), Map.of());
        DiffOptions options = DiffOptions.defaults().withJqTimeout(Duration.ofMillis(200));
        ObjectNode live = secret("db", "c2VjcmV0LXZhbHVlLTk5");

        long start = System.nanoTime();
        assertThatThrownBy(() -> new Differ(options).diff(secret("db", "c2VjcmV0LXZhbHVlLTAx"), null, live, rules))
                .isInstanceOf(DiffException.class)
                .hasMessageContaining("application ignoreDifferences[0] (/Secret)")
                .hasMessageContaining("ran longer than 200 ms")
                .hasMessageNotContaining("c2VjcmV0");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void jqThatRecursesForeverOrSpinsOnNothingIsRefusedWhenTheRulesAreBuilt() {
        assertThatThrownBy(() -> IgnoreRules.of(List.of(jqRule("ConfigMap", "def f: f; f")), Map.of()))
                .isInstanceOf(IgnoreRuleException.class)
                .hasMessageContaining("application ignoreDifferences[0] (/ConfigMap)")
                .hasMessageContaining("recurses without end");
        long start = System.nanoTime();
        assertThatThrownBy(() -> IgnoreRules.of(List.of(jqRule("ConfigMap", "last(range(1e15))")), Map.of()))
                .isInstanceOf(IgnoreRuleException.class)
                .hasMessageContaining("runs past its time limit");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void jqCannotReadTheEnvironmentOrInput() {
        for (String expression : List.of("env.HOME", "$ENV.HOME", "input", "inputs", "debug")) {
            assertThatThrownBy(() -> IgnoreRules.of(List.of(jqRule("ConfigMap", expression)), Map.of()))
                    .as(expression)
                    .isInstanceOf(IgnoreRuleException.class)
                    .hasMessageContaining("jqPathExpression '" + expression + "' is invalid");
        }
    }

    @Test
    void aJqExpressionCannotSmuggleASecondExpressionPastPath() {
        assertThatThrownBy(() -> IgnoreRules.of(List.of(jqRule("ConfigMap", ".data) | (.metadata")), Map.of()))
                .isInstanceOf(IgnoreRuleException.class)
                .hasMessageContaining("is invalid");
    }

    @Test
    void anUnreadableLastAppliedAnnotationIsNeitherFatalNorQuoted() {
        ObjectNode live = secret("db", "c2VjcmV0LXZhbHVlLTk5");
        ((ObjectNode) live.get("metadata"))
                .putObject("annotations")
                .put(Normalizer.LAST_APPLIED, "{\"stringData\":{\"password\":\"plain-text-secret-42\"");
        ResourceDiff diff = new Differ().diff(secret("db", "c2VjcmV0LXZhbHVlLTk5"), null, live, IgnoreRules.none());

        assertThat(diff.modified()).isFalse();
        assertThat(diff.liveYaml() + diff.targetYaml() + diff.diff())
                .doesNotContain("plain-text-secret-42", "c2VjcmV0");
    }
}
