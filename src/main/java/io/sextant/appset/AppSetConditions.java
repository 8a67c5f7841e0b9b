package io.sextant.appset;

import io.sextant.model.ApplicationSetStatus.Condition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The three conditions Argo CD's ApplicationSet controller writes on every reconcile (ErrorOccurred,
 * ParametersGenerated, ResourcesUpToDate; reasons and messages as its {@code setApplicationSetStatusCondition}),
 * each keeping its {@code lastTransitionTime} while type, status, reason and message stay the same.
 */
final class AppSetConditions {

    static final String UP_TO_DATE = "ApplicationSetUpToDate";
    static final String GENERATED_MESSAGE = "Successfully generated parameters for all Applications";
    static final String VALIDATION_ERROR = "ApplicationValidationError";

    private AppSetConditions() {}

    /** All went well. */
    static List<Condition> ok(List<Condition> before) {
        return keepTimes(
                List.of(
                        condition("ErrorOccurred", "False", UP_TO_DATE, GENERATED_MESSAGE),
                        condition("ParametersGenerated", "True", "ParametersGenerated", GENERATED_MESSAGE),
                        condition("ResourcesUpToDate", "True", UP_TO_DATE, "ApplicationSet up to date")),
                before);
    }

    /** The set could not be generated or rendered: nothing was changed. */
    static List<Condition> failed(AppSetException e, List<Condition> before) {
        boolean generated = e.reason() != AppSetException.Reason.GENERATE;
        String reason = e.reason().condition;
        return keepTimes(
                List.of(
                        condition("ErrorOccurred", "True", reason, e.getMessage()),
                        generated
                                ? condition("ParametersGenerated", "True", "ParametersGenerated", GENERATED_MESSAGE)
                                : condition("ParametersGenerated", "False", "ErrorOccurred", e.getMessage()),
                        condition("ResourcesUpToDate", "False", reason, e.getMessage())),
                before);
    }

    /** Some apps were refused or could not be written; the rest were applied. */
    static List<Condition> partly(List<String> problems, String reason, List<Condition> before) {
        String message = problems.get(problems.size() - 1)
                + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "");
        return keepTimes(
                List.of(
                        condition("ErrorOccurred", "True", reason, message),
                        condition("ParametersGenerated", "True", "ParametersGenerated", GENERATED_MESSAGE),
                        condition("ResourcesUpToDate", "False", reason, message)),
                before);
    }

    private static Condition condition(String type, String status, String reason, String message) {
        return new Condition(type, status, reason, message, null);
    }

    private static List<Condition> keepTimes(List<Condition> now, List<Condition> before) {
        String time = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        List<Condition> out = new ArrayList<>();
        for (Condition c : now) {
            String kept = before == null
                    ? null
                    : before.stream()
                            .filter(b -> sameAs(b, c))
                            .map(Condition::getLastTransitionTime)
                            .filter(Objects::nonNull)
                            .findFirst()
                            .orElse(null);
            c.setLastTransitionTime(kept != null ? kept : time);
            out.add(c);
        }
        return out;
    }

    static boolean sameAs(Condition a, Condition b) {
        return Objects.equals(a.getType(), b.getType())
                && Objects.equals(a.getStatus(), b.getStatus())
                && Objects.equals(a.getReason(), b.getReason())
                && Objects.equals(a.getMessage(), b.getMessage());
    }
}
