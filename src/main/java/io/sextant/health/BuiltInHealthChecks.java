package io.sextant.health;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;

/**
 * The rules Sextant knows without settings, by group and kind, as Argo CD's gitops-engine plus the
 * checks Argo CD bundles or documents (CronJob, app-of-apps Application). The API version is not
 * consulted: these kinds keep their field names across the versions still served. A custom resource
 * without a rule gets the health its status conditions give ({@link ConditionsHealth}); other kinds
 * without a rule have no health, as in Argo CD.
 */
public final class BuiltInHealthChecks {

    private static final Map<String, HealthCheck> RULES = Map.ofEntries(
            Map.entry("apps/Deployment", new DeploymentHealth()),
            Map.entry("apps/StatefulSet", new StatefulSetHealth()),
            Map.entry("apps/DaemonSet", new DaemonSetHealth()),
            Map.entry("apps/ReplicaSet", new ReplicaSetHealth()),
            Map.entry("/Pod", new PodHealth()),
            Map.entry("/Service", new ServiceHealth()),
            Map.entry("/PersistentVolumeClaim", new PersistentVolumeClaimHealth()),
            Map.entry("networking.k8s.io/Ingress", new IngressHealth()),
            Map.entry("extensions/Ingress", new IngressHealth()),
            Map.entry("batch/Job", new JobHealth()),
            Map.entry("batch/CronJob", new CronJobHealth()),
            Map.entry("autoscaling/HorizontalPodAutoscaler", new HorizontalPodAutoscalerHealth()),
            Map.entry("apiregistration.k8s.io/APIService", new APIServiceHealth()),
            Map.entry("argoproj.io/Application", new ApplicationHealth()),
            Map.entry("argoproj.io/Workflow", new WorkflowHealth()));

    private BuiltInHealthChecks() {}

    /** The rule for a group ({@code ""} for core) and kind, if Sextant has one. */
    public static Optional<HealthCheck> forKind(String group, String kind) {
        return Optional.ofNullable(RULES.get((group == null ? "" : group) + "/" + kind));
    }

    /** The built-in verdict on {@code obj}, empty for kinds without a rule. */
    public static Optional<Health> assess(ObjectNode obj, Children children) {
        Optional<HealthCheck> rule = forKind(Fields.group(obj), Fields.kind(obj));
        if (rule.isEmpty() && ConditionsHealth.isCustomGroup(Fields.group(obj))) {
            return CONDITIONS.assess(obj, children); // a custom resource: its status conditions say
        }
        return rule.flatMap(r -> r.assess(obj, children));
    }

    private static final HealthCheck CONDITIONS = new ConditionsHealth();
}
