package io.sextant.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.sextant.model.Application;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jboss.logging.Logger;

/**
 * Tells the author of an Application in a namespace this controller does not serve why nothing happens:
 * one {@code InvalidSpecError} condition naming the setting to change. Argo CD ignores such apps
 * silently (operator-manual/app-any-namespace); a silent nothing is what a migrating user cannot
 * diagnose. Only an Application whose status is empty (or holds only this condition) is written: one
 * that another controller reconciles (another Sextant, an Argo CD that serves that namespace) already
 * has a status of its own, and is never touched. The write is guarded by the resourceVersion read, so
 * it never lands over another controller's first status. Seen only when other namespaces are served (one
 * cluster-wide watch); with the control plane alone, Applications elsewhere are not watched at all.
 */
final class UnservedApplications {

    static final String TYPE = "InvalidSpecError";
    private static final Logger LOG = Logger.getLogger(UnservedApplications.class);

    private final KubernetesClient client;

    UnservedApplications(KubernetesClient client) {
        this.client = client;
    }

    static String message(String namespace) {
        return "Application namespace '" + namespace + "' is not served by this Sextant: add it to "
                + "sextant.application-namespaces (environment SEXTANT_APPLICATION_NAMESPACES) of the controller "
                + "and the server, or create the Application in a served namespace";
    }

    /** Called by the watch for every Application version outside the served namespaces. */
    void seen(Application app) {
        if (app.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        String ns = app.getMetadata().getNamespace();
        JsonNode status = client.getKubernetesSerialization()
                .convertValue(app, JsonNode.class)
                .path("status");
        if (!onlyOurCondition(status, message(ns))) {
            return;
        }
        if (status.path("conditions").size() == 1) {
            return; // already told
        }
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        patch.putObject("metadata").put("resourceVersion", app.getMetadata().getResourceVersion());
        ObjectNode condition = patch.putObject("status").putArray("conditions").addObject();
        condition
                .put("type", TYPE)
                .put("message", message(ns))
                .put(
                        "lastTransitionTime",
                        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        try {
            client.resources(Application.class)
                    .inNamespace(ns)
                    .withName(app.getMetadata().getName())
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
        } catch (KubernetesClientException e) {
            // 409: another controller wrote first (then the app is not ours to tell); 404: gone. Either way, done.
            if (e.getCode() != 409 && e.getCode() != 404) {
                LOG.debugf(
                        "Cannot tell Application %s/%s why it is ignored: %s",
                        ns, app.getMetadata().getName(), e.getMessage());
            }
        }
    }

    /** The status is empty, or holds nothing but our condition (any other field means another controller). */
    static boolean onlyOurCondition(JsonNode status, String message) {
        if (status.isMissingNode() || status.isNull()) {
            return true;
        }
        var names = status.fieldNames();
        while (names.hasNext()) {
            if (!names.next().equals("conditions")) {
                return false;
            }
        }
        for (JsonNode c : status.path("conditions")) {
            if (!TYPE.equals(c.path("type").asText())
                    || !message.equals(c.path("message").asText())) {
                return false;
            }
        }
        return true;
    }
}
