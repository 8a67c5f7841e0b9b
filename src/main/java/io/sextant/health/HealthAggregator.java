package io.sextant.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.sextant.model.Annotations;
import io.sextant.model.HealthStatusCode;
import io.sextant.model.HookAnnotations;
import io.sextant.model.ResourceKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An application's health from its resources', as Argo CD's controller computes it: the worst
 * ({@link Health#isWorse}) over the resources that count, starting from Healthy.
 *
 * <ul>
 * <li>Left out entirely: targets annotated {@code argocd.argoproj.io/hook: Skip}; hooks (Argo or Helm
 *     annotations) on either side; live objects annotated
 *     {@code argocd.argoproj.io/ignore-healthcheck: "true"}; the application's own Application object
 *     (an app that manages itself).</li>
 * <li>A resource in Git but not in the cluster is Missing in its own health but does not count for the
 *     application (OutOfSync already says so) — unless no resource exists at all: an application all of
 *     whose resources are missing is Missing.</li>
 * <li>A child Application (app of apps) that is Missing or Unknown does not count.</li>
 * <li>Every other resource with a health counts, Unknown included (Unknown is the worst); resources
 *     without a health rule do not count.</li>
 * </ul>
 * An application without resources is Healthy. Thread-safe.
 */
public final class HealthAggregator {

    static final String IGNORE_HEALTHCHECK = Annotations.IGNORE_HEALTHCHECK;

    private final HealthAssessor assessor;

    public HealthAggregator(HealthAssessor assessor) {
        this.assessor = assessor;
    }

    /**
     * @param self      the application's own key ({@code argoproj.io/Application:<ns>/<name>}), or null
     * @param resources the compared resources
     * @param children  owned objects in the cluster, for workload rules
     */
    public AppHealth aggregate(ResourceKey self, List<ManagedResource> resources, Children children) {
        String status = HealthStatusCode.HEALTHY.code();
        boolean anyResource = false;
        boolean anyLive = false;
        Map<ResourceKey, Health> each = new LinkedHashMap<>();
        for (ManagedResource r : resources) {
            if (r.target() != null && HookAnnotations.isHookOrSkip(r.target())) {
                continue;
            }
            if (r.live() != null && HookAnnotations.isHookOrSkip(r.live())) {
                continue;
            }
            anyResource = true;
            anyLive |= r.live() != null;
            if (r.live() != null && "true".equals(Fields.annotation(r.live(), IGNORE_HEALTHCHECK))) {
                continue;
            }
            Health health;
            if (r.live() == null) {
                health = Health.missing("");
            } else {
                if (isSelf(self, r.live())) {
                    continue;
                }
                Optional<Health> h = assessor.assess(r.live(), children);
                if (h.isEmpty()) {
                    continue;
                }
                health = h.get();
            }
            each.put(r.key(), health);
            if (r.live() == null) {
                continue;
            }
            if (isApplication(r.key())
                    && (health.is(HealthStatusCode.MISSING.code()) || health.is(HealthStatusCode.UNKNOWN.code()))) {
                continue;
            }
            if (Health.isWorse(status, health.status())) {
                status = health.status();
            }
        }
        if (anyResource && !anyLive && Health.isWorse(status, HealthStatusCode.MISSING.code())) {
            status = HealthStatusCode.MISSING.code();
        }
        return new AppHealth(status, each);
    }

    private static boolean isApplication(ResourceKey key) {
        return "argoproj.io".equals(key.group()) && "Application".equals(key.kind());
    }

    private static boolean isSelf(ResourceKey self, JsonNode live) {
        return self != null && isApplication(self) && self.equals(ResourceKey.of(live));
    }
}
