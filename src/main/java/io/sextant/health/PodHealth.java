package io.sextant.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Core {@code Pod}, as gitops-engine.
 * <ul>
 * <li>restartPolicy Always: a container waiting with a reason starting {@code Err} or ending in
 *     {@code Error} or {@code BackOff} (ErrImagePull, ImagePullBackOff, CrashLoopBackOff,
 *     CreateContainerConfigError …) is Degraded, the kubelet's messages joined by ", ". Pods with
 *     OnFailure or Never are usually sync hooks, which must not fail early on a pull that may yet
 *     succeed, so they skip this.</li>
 * <li>Pending is Progressing, Succeeded Healthy, Failed Degraded with the pod's message, else the
 *     first failed container's message, OOMKilled, or {@code container "x" failed with exit code n}.</li>
 * <li>Running with Always: Ready is Healthy; not ready with a container that terminated before is
 *     Degraded; otherwise Progressing. Running with OnFailure or Never is Progressing (a hook still
 *     running).</li>
 * <li>Anything else is Unknown.</li>
 * </ul>
 * A missing restartPolicy reads as Always, the API server's default (live pods always carry it).
 */
final class PodHealth implements HealthCheck {

    @Override
    public Optional<Health> assess(ObjectNode pod, Children children) {
        return Optional.of(health(pod));
    }

    static Health health(JsonNode pod) {
        String restartPolicy = Fields.text(pod, "spec", "restartPolicy");
        boolean always = restartPolicy.isEmpty() || "Always".equals(restartPolicy);
        String message = Fields.text(pod, "status", "message");
        if (always) {
            List<String> waitingMessages = new ArrayList<>();
            boolean stuck = false;
            for (JsonNode cs : Fields.at(pod, "status", "containerStatuses")) {
                String reason = Fields.text(cs, "state", "waiting", "reason");
                if (Fields.at(cs, "state", "waiting").isObject()
                        && (reason.startsWith("Err") || reason.endsWith("Error") || reason.endsWith("BackOff"))) {
                    stuck = true;
                    waitingMessages.add(Fields.text(cs, "state", "waiting", "message"));
                }
            }
            if (stuck) {
                return Health.degraded(String.join(", ", waitingMessages));
            }
        }
        switch (Fields.text(pod, "status", "phase")) {
            case "Pending":
                return Health.progressing(message);
            case "Succeeded":
                return Health.healthy(message);
            case "Failed":
                return Health.degraded(message.isEmpty() ? failedContainerMessage(pod) : message);
            case "Running":
                if (!always) {
                    // Finite pods (usually hooks) are not done while running.
                    return Health.progressing(message);
                }
                if ("True".equals(Fields.text(Fields.condition(pod, "Ready"), "status"))) {
                    return Health.healthy(message);
                }
                for (JsonNode cs : Fields.at(pod, "status", "containerStatuses")) {
                    if (Fields.at(cs, "lastState", "terminated").isObject()) {
                        return Health.degraded(message);
                    }
                }
                return Health.progressing(message);
            default:
                return Health.unknown(message);
        }
    }

    private static String failedContainerMessage(JsonNode pod) {
        List<JsonNode> all = new ArrayList<>();
        Fields.at(pod, "status", "initContainerStatuses").forEach(all::add);
        Fields.at(pod, "status", "containerStatuses").forEach(all::add);
        for (JsonNode cs : all) {
            JsonNode terminated = Fields.at(cs, "state", "terminated");
            if (!terminated.isObject()) {
                continue;
            }
            if (!Fields.text(terminated, "message").isEmpty()) {
                return Fields.text(terminated, "message");
            }
            if ("OOMKilled".equals(Fields.text(terminated, "reason"))) {
                return "OOMKilled";
            }
            long exitCode = Fields.number(terminated, "exitCode");
            if (exitCode != 0) {
                return "container " + Fields.quote(Fields.text(cs, "name")) + " failed with exit code " + exitCode;
            }
        }
        return "";
    }
}
