package io.sextant.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sextant.model.ResourceKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The health an application shows from the health of its resources, with Argo CD's rules: worst wins
 * (Healthy, Suspended, Progressing, Missing, Degraded, Unknown), missing resources only count when
 * nothing exists, hooks and ignored resources do not count.
 */
class HealthAggregatorTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ResourceKey SELF = new ResourceKey("argoproj.io", "Application", "sextant", "kubercoins");
    private final HealthAggregator aggregator = new HealthAggregator(new HealthAssessor());

    @Test
    void worstResourceHealthIsTheApplicationHealth() {
        AppHealth h = aggregate(
                live(healthyDeployment("rng")),
                live(progressingDeployment("worker")),
                live(pausedDeployment("hasher")));
        assertThat(h.status()).isEqualTo("Progressing");
        assertThat(h.resources())
                .containsEntry(key("apps", "Deployment", "hasher"), Health.suspended("Deployment is paused"));

        assertThat(aggregate(live(healthyDeployment("rng")), live(pausedDeployment("hasher")))
                        .status())
                .isEqualTo("Suspended");
        assertThat(aggregate(live(progressingDeployment("worker")), live(degradedPod("worker-1")))
                        .status())
                .isEqualTo("Degraded");
        assertThat(aggregate(live(degradedPod("worker-1")), live(unknownPod("redis-0")))
                        .status())
                .as("Unknown is the worst")
                .isEqualTo("Unknown");
    }

    @Test
    void missingResourceShowsMissingButDoesNotMakeTheAppMissing() {
        AppHealth h = aggregate(live(healthyDeployment("rng")), missing(service("webui")));
        assertThat(h.status()).isEqualTo("Healthy");
        assertThat(h.resources()).containsEntry(key("", "Service", "webui"), Health.missing(""));

        assertThat(aggregate(live(progressingDeployment("worker")), missing(service("webui")))
                        .status())
                .isEqualTo("Progressing");
    }

    @Test
    void applicationWhoseResourcesAreAllMissingIsMissing() {
        assertThat(aggregate(missing(service("webui")), missing(healthyDeployment("rng")))
                        .status())
                .isEqualTo("Missing");
        // Something exists (even without a health rule): the app is no longer Missing.
        assertThat(aggregate(missing(service("webui")), live(configMap("settings")))
                        .status())
                .isEqualTo("Healthy");
    }

    @Test
    void applicationWithoutResourcesOrWithoutHealthRulesIsHealthy() {
        assertThat(aggregate().status()).isEqualTo("Healthy");
        AppHealth onlyConfig = aggregate(live(configMap("settings")));
        assertThat(onlyConfig.status()).isEqualTo("Healthy");
        assertThat(onlyConfig.resources()).as("no health, nothing shown").isEmpty();
    }

    @Test
    void hooksAndIgnoredResourcesDoNotCount() {
        ObjectNode argoHook = degradedPod("db-migrate");
        annotate(argoHook, "argocd.argoproj.io/hook", "PreSync");
        ObjectNode helmHook = degradedPod("helm-test");
        annotate(helmHook, "helm.sh/hook", "post-install");
        ObjectNode ignored = degradedPod("flaky");
        annotate(ignored, "argocd.argoproj.io/ignore-healthcheck", "true");
        ObjectNode skipped = service("skipped");
        annotate(skipped, "argocd.argoproj.io/hook", "Skip");

        AppHealth h = aggregate(
                live(healthyDeployment("rng")),
                live(argoHook),
                live(helmHook),
                live(ignored),
                new ManagedResource(null, skipped, null));
        assertThat(h.status()).isEqualTo("Healthy");
        assertThat(h.resources()).containsOnlyKeys(key("apps", "Deployment", "rng"));

        // A hook alone does not make an application "all missing" either.
        ObjectNode hookTarget = service("hook-svc");
        annotate(hookTarget, "argocd.argoproj.io/hook", "PostSync");
        assertThat(aggregate(new ManagedResource(null, hookTarget, null)).status())
                .isEqualTo("Healthy");
    }

    @Test
    void childApplicationsMissingOrUnknownDoNotCountButDegradedDoes() {
        assertThat(aggregate(
                                live(healthyDeployment("rng")),
                                live(childApp("a", "Unknown")),
                                live(childApp("b", "Missing")))
                        .status())
                .isEqualTo("Healthy");
        assertThat(aggregate(live(healthyDeployment("rng")), live(childApp("c", "Degraded")))
                        .status())
                .isEqualTo("Degraded");
    }

    @Test
    void applicationThatManagesItselfIgnoresItsOwnHealth() {
        ObjectNode itself = childApp("kubercoins", "Degraded");
        itself.withObjectProperty("metadata").put("namespace", "sextant");
        assertThat(aggregate(live(healthyDeployment("rng")), live(itself)).status())
                .isEqualTo("Healthy");
    }

    @Test
    void aPodWaitingOnItsImageIsProgressingDuringItsGraceThenDegraded() throws Exception {
        var doc = YAML.readTree(getClass().getResourceAsStream("/health/deployment/image-pull-backoff-kwok.yaml"));
        Instant created = Instant.parse("2026-11-28T10:00:00Z");
        List<ObjectNode> children = new ArrayList<>();
        doc.get("children").forEach(c -> {
            ObjectNode child = (ObjectNode) c;
            if ("Pod".equals(child.path("kind").asText())) {
                child.withObjectProperty("metadata").put("creationTimestamp", created.toString());
            }
            children.add(child);
        });
        ManagedResource worker = live((ObjectNode) doc.get("object"));
        Clock before = StuckPods.clock;
        try {
            StuckPods.clock = Clock.fixed(created.plusSeconds(3), ZoneOffset.UTC);
            AppHealth young = aggregator.aggregate(SELF, List.of(worker), Children.of(children));
            assertThat(young.status()).isEqualTo("Progressing");

            StuckPods.clock = Clock.fixed(created.plus(StuckPods.GRACE), ZoneOffset.UTC);
            AppHealth stuck = aggregator.aggregate(SELF, List.of(worker), Children.of(children));
            assertThat(stuck.status()).isEqualTo("Degraded");
            assertThat(stuck.resources().get(worker.key()).message()).contains("dockercoins/worker:v0.3");
        } finally {
            StuckPods.clock = before;
        }
    }

    @Test
    void aPodLongStuckOnItsImageMakesTheApplicationDegraded() throws Exception {
        var doc = YAML.readTree(getClass().getResourceAsStream("/health/deployment/image-pull-backoff-kwok.yaml"));
        List<ObjectNode> children = new ArrayList<>();
        doc.get("children").forEach(c -> children.add((ObjectNode) c));
        ManagedResource worker = live((ObjectNode) doc.get("object"));

        AppHealth h =
                aggregator.aggregate(SELF, List.of(worker, live(healthyDeployment("rng"))), Children.of(children));
        assertThat(h.status()).isEqualTo("Degraded");
        assertThat(h.resources().get(worker.key()).message()).contains("dockercoins/worker:v0.3");
    }

    @Test
    void worseFollowsArgoCdsOrder() {
        String[] order = {"Healthy", "Suspended", "Progressing", "Missing", "Degraded", "Unknown"};
        for (int i = 0; i < order.length; i++) {
            for (int j = 0; j < order.length; j++) {
                assertThat(Health.isWorse(order[i], order[j]))
                        .as("%s -> %s", order[i], order[j])
                        .isEqualTo(j > i);
            }
        }
        assertThat(Health.isWorse("Healthy", "Bogus")).isFalse();
    }

    private AppHealth aggregate(ManagedResource... resources) {
        return aggregator.aggregate(SELF, List.of(resources), Children.NONE);
    }

    private static ManagedResource live(ObjectNode obj) {
        return new ManagedResource(null, obj.deepCopy(), obj);
    }

    private static ManagedResource missing(ObjectNode target) {
        return new ManagedResource(null, target, null);
    }

    private static ResourceKey key(String group, String kind, String name) {
        return new ResourceKey(group, kind, "kubercoins", name);
    }

    private static void annotate(ObjectNode obj, String key, String value) {
        obj.withObjectProperty("metadata").withObjectProperty("annotations").put(key, value);
    }

    private static ObjectNode yaml(String text) {
        try {
            return (ObjectNode) YAML.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ObjectNode healthyDeployment(String name) {
        return yaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: %s, namespace: kubercoins, generation: 1}
                spec: {replicas: 1}
                status: {observedGeneration: 1, replicas: 1, updatedReplicas: 1, availableReplicas: 1}
                """.formatted(name));
    }

    private static ObjectNode progressingDeployment(String name) {
        ObjectNode d = healthyDeployment(name);
        d.withObjectProperty("status").put("availableReplicas", 0);
        return d;
    }

    private static ObjectNode pausedDeployment(String name) {
        ObjectNode d = healthyDeployment(name);
        d.withObjectProperty("spec").put("paused", true);
        return d;
    }

    private static ObjectNode degradedPod(String name) {
        return yaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, namespace: kubercoins}
                spec: {restartPolicy: Always}
                status:
                  phase: Pending
                  containerStatuses: [{name: main, state: {waiting: {reason: ErrImagePull, message: not found}}}]
                """.formatted(name));
    }

    private static ObjectNode unknownPod(String name) {
        return yaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, namespace: kubercoins}
                status: {phase: Unknown}
                """.formatted(name));
    }

    private static ObjectNode service(String name) {
        return yaml(
                "{apiVersion: v1, kind: Service, metadata: {name: %s, namespace: kubercoins}, spec: {type: ClusterIP}}"
                        .formatted(name));
    }

    private static ObjectNode configMap(String name) {
        return yaml("{apiVersion: v1, kind: ConfigMap, metadata: {name: %s, namespace: kubercoins}}".formatted(name));
    }

    private static ObjectNode childApp(String name, String health) {
        return yaml("""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: %s, namespace: kubercoins}
                status: {health: {status: %s}}
                """.formatted(name, health));
    }
}
