package io.sextant.notify;

import io.sextant.notify.NotificationSettings.Trigger;
import io.sextant.notify.NotificationSettings.TriggerCondition;
import io.sextant.notify.NotifiedState.Pending;
import io.sextant.notify.Subscriptions.Subscription;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides, for one Application, which notifications are due now and which remembered ones are cleared, as
 * notifications-engine does (operator-manual/notifications/triggers): a condition that holds and whose state key
 * is not yet remembered is due, and remembered at once; a condition that no longer holds forgets its key only
 * when the trigger has no {@code oncePer} (so it fires again on its next false-to-true change), while with
 * {@code oncePer} it stays remembered, once per value. A condition that fails to evaluate counts as not holding
 * and is reported; so are subscriptions to a trigger or service that is not configured.
 */
final class TriggerEvaluator {

    /** What one look decided: notifications now due (already remembered in the state), whether the state changed. */
    record Outcome(List<Pending> due, boolean changed, Set<String> problems) {}

    private TriggerEvaluator() {}

    static Outcome evaluate(
            Map<String, Object> app,
            List<Subscription> subscriptions,
            NotificationSettings settings,
            NotifiedState state,
            long nowEpochSecond) {
        Map<String, Object> vars = Map.of("app", app);
        Map<String, List<Result>> results = new HashMap<>();
        List<Pending> due = new ArrayList<>();
        Set<String> problems = new LinkedHashSet<>();
        boolean changed = false;
        for (Subscription s : subscriptions) {
            Trigger trigger = settings.trigger(s.trigger()).orElse(null);
            java.util.Optional<String> broken = settings.problem("trigger." + s.trigger());
            if (trigger == null || broken.isPresent()) {
                problems.add("trigger " + s.trigger()
                        + broken.map(p -> " cannot be used: " + p).orElse(" is not defined (" + s.from() + ")"));
                continue;
            }
            if (settings.service(s.service()).isEmpty()) {
                problems.add("service " + s.service()
                        + settings.serviceProblem(s.service())
                                .map(p -> " cannot be used: " + p)
                                .orElse(" is not configured in " + NotificationSettings.CONFIG_MAP + " (" + s.from()
                                        + ")"));
                continue;
            }
            List<Result> rs = results.computeIfAbsent(trigger.name(), n -> run(trigger, vars, problems));
            for (Result r : rs) {
                if (r.triggered()) {
                    String key = NotifiedState.key(
                            r.oncePer(), trigger.name(), r.condition().key(), s.service(), s.recipient());
                    if (!state.notified(key)) {
                        state.markNotified(key, nowEpochSecond);
                        Pending p =
                                new Pending(key, trigger.name(), r.condition().index(), s.service(), s.recipient());
                        state.addPending(p);
                        due.add(p);
                        changed = true;
                    }
                } else if (r.condition().oncePer() == null) {
                    changed |= state.clear(NotifiedState.key(
                            null, trigger.name(), r.condition().key(), s.service(), s.recipient()));
                }
            }
        }
        return new Outcome(List.copyOf(due), changed, problems);
    }

    private record Result(TriggerCondition condition, boolean triggered, String oncePer) {}

    private static List<Result> run(Trigger trigger, Map<String, Object> vars, Set<String> problems) {
        List<Result> out = new ArrayList<>();
        for (TriggerCondition c : trigger.conditions()) {
            boolean triggered;
            String oncePer = null;
            try {
                triggered = c.condition().test(vars);
                if (triggered && c.oncePer() != null) {
                    oncePer = goValue(c.oncePer().evaluate(vars));
                }
            } catch (Condition.ConditionException e) {
                problems.add("trigger " + trigger.name() + " condition " + c.index() + ": " + e.getMessage());
                triggered = false;
            }
            out.add(new Result(c, triggered, oncePer));
        }
        return out;
    }

    /** A value as Go's %v prints it, which is how Argo keys oncePer: nil is {@code <nil>}. */
    static String goValue(Object v) {
        if (v == null) {
            return "<nil>";
        }
        if (v instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return String.valueOf(d.longValue());
        }
        return String.valueOf(v);
    }
}
