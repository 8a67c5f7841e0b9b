package io.sextant.controller;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.sextant.model.Application;
import io.sextant.model.ApplicationCondition;
import io.sextant.model.ApplicationStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a {@link Comparison} into the status fields Argo CD writes after a refresh:
 * {@code sync{status, revision, comparedTo}}, {@code health}, {@code resources[]},
 * {@code conditions[]} (a ComparisonError naming the cause), {@code reconciledAt},
 * {@code sourceType}, {@code summary.images}. Conditions of other types that are already on the
 * Application are kept.
 */
public final class StatusBuilder {

    public static final String COMPARISON_ERROR = "ComparisonError";
    public static final String INVALID_SPEC_ERROR = "InvalidSpecError";
    /**
     * Bounds on what one refresh writes: an API server error can quote a whole expanded manifest,
     * and a status larger than the server's request limit could never be written at all.
     */
    static final int MAX_MESSAGE = 2_000;

    static final int MAX_CONDITIONS = 25;

    private final KubernetesSerialization serialization;
    private final String controllerNamespace;

    public StatusBuilder(KubernetesSerialization serialization, String controllerNamespace) {
        this.serialization = serialization;
        this.controllerNamespace = controllerNamespace;
    }

    public ObjectNode build(Application app, Comparison c) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode status = f.objectNode();
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();

        ObjectNode sync = status.putObject("sync");
        sync.put("status", c.syncStatus());
        boolean multi = MultiSource.of(app);
        if (c.revision() != null) {
            if (multi) {
                // Argo CD's shape for several sources: revisions[] in the sources' order, revision empty.
                ArrayNode revisions = sync.putArray("revisions");
                SourceRevisions.split(c.revision()).forEach(revisions::add);
                sync.putNull("revision");
            } else {
                sync.put("revision", c.revision());
                sync.putNull("revisions");
            }
        }
        ObjectNode comparedTo = sync.putObject("comparedTo");
        if (multi) {
            comparedTo.set("sources", serialization.convertValue(app.getSpec().getSources(), ArrayNode.class));
            comparedTo.putNull("source");
        } else {
            comparedTo.set("source", serialization.convertValue(app.getSpec().getSource(), ObjectNode.class));
            comparedTo.putNull("sources");
        }
        comparedTo.set("destination", serialization.convertValue(app.getSpec().getDestination(), ObjectNode.class));
        if (app.getSpec().getIgnoreDifferences() != null
                && !app.getSpec().getIgnoreDifferences().isEmpty()) {
            comparedTo.set(
                    "ignoreDifferences",
                    serialization.convertValue(app.getSpec().getIgnoreDifferences(), ArrayNode.class));
        }

        ObjectNode health = status.putObject("health");
        health.put("status", c.healthStatus());
        if (c.healthMessage() != null && !c.healthMessage().isEmpty()) {
            health.put("message", bounded(c.healthMessage()));
        } else {
            // Written as a merge patch: an absent field would keep the last message ("Waiting for rollout
            // to finish" under a Healthy app); null removes it.
            health.putNull("message");
        }

        ArrayNode resources = status.putArray("resources");
        for (ComparedResource r : c.resources()) {
            ObjectNode o = resources.addObject();
            o.put("group", r.key().group());
            o.put("version", r.version());
            o.put("kind", r.key().kind());
            if (!r.key().namespace().isEmpty()) {
                o.put("namespace", r.key().namespace());
            }
            o.put("name", r.key().name());
            o.put("status", r.syncStatus());
            if (r.healthStatus() != null && !r.healthStatus().isEmpty()) {
                ObjectNode h = o.putObject("health");
                h.put("status", r.healthStatus());
                if (r.healthMessage() != null && !r.healthMessage().isEmpty()) {
                    h.put("message", bounded(r.healthMessage()));
                }
            }
            if (r.requiresPruning()) {
                o.put("requiresPruning", true);
            }
        }

        int left = StatusBudget.trim(resources, StatusBudget.RESOURCES_BYTES, StatusBudget::resourceNeedsAttention);

        ArrayNode conditions = f.arrayNode();
        ApplicationStatus old = app.getStatus();
        List<ApplicationCondition> previous =
                old == null || old.getConditions() == null ? List.of() : old.getConditions();
        for (ApplicationCondition pc : previous) {
            if (!COMPARISON_ERROR.equals(pc.getType())
                    && !INVALID_SPEC_ERROR.equals(pc.getType())
                    && !StatusBudget.WARNING.equals(pc.getType())) {
                conditions.add(serialization.convertValue(pc, ObjectNode.class));
            }
        }
        addConditions(conditions, INVALID_SPEC_ERROR, c.specErrors(), previous, now);
        addConditions(conditions, COMPARISON_ERROR, c.errors(), previous, now);
        if (left > 0) {
            addConditions(
                    conditions,
                    StatusBudget.WARNING,
                    List.of("status.resources lists " + resources.size() + " of the app's "
                            + c.resources().size()
                            + " resources: " + left + " are left out, in sync and healthy ones first, so that the"
                            + " Application stays under the API server's size limit (the comparison and syncs"
                            + " cover all of them)"),
                    previous,
                    now);
        }
        if (conditions.isEmpty()) {
            status.putNull("conditions");
        } else {
            status.set("conditions", conditions);
        }

        status.put("reconciledAt", now);
        if (c.sourceType() != null) {
            if (multi) {
                ArrayNode types = status.putArray("sourceTypes");
                SourceRevisions.split(c.sourceType()).forEach(types::add);
                status.putNull("sourceType");
            } else {
                status.put("sourceType", c.sourceType());
                status.putNull("sourceTypes");
            }
        }
        ObjectNode summary = status.putObject("summary");
        ArrayNode images = summary.putArray("images");
        c.images().forEach(images::add);
        status.put("controllerNamespace", controllerNamespace);
        return status;
    }

    static String bounded(String message) {
        if (message == null || message.length() <= MAX_MESSAGE) {
            return message;
        }
        return message.substring(0, MAX_MESSAGE) + "... (" + (message.length() - MAX_MESSAGE) + " more characters)";
    }

    private static void addConditions(
            ArrayNode into, String type, List<String> errors, List<ApplicationCondition> previous, String now) {
        for (String error : errors.stream()
                .limit(MAX_CONDITIONS)
                .map(StatusBuilder::bounded)
                .toList()) {
            ObjectNode cond = into.addObject();
            cond.put("type", type);
            cond.put("message", error);
            cond.put(
                    "lastTransitionTime",
                    previousTransition(previous, type, error).orElse(now));
        }
    }

    /** A condition that persists keeps the time it first appeared. */
    private static Optional<String> previousTransition(
            List<ApplicationCondition> previous, String type, String message) {
        return previous.stream()
                .filter(p -> type.equals(p.getType()) && message.equals(p.getMessage()))
                .map(ApplicationCondition::getLastTransitionTime)
                .filter(Objects::nonNull)
                .findFirst();
    }
}
