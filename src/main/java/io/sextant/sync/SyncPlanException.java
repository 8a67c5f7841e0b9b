package io.sextant.sync;

/**
 * The planner refuses to plan: a resource carries an invalid sync annotation (the message names the
 * resource, the annotation and what is allowed), or the sync would prune everything because the source
 * rendered nothing. The message never quotes a field value beyond annotations, so it is safe to show in
 * the operation state, an event or a log.
 */
public class SyncPlanException extends RuntimeException {

    public SyncPlanException(String message) {
        super(message);
    }

    public SyncPlanException(String message, Throwable cause) {
        super(message, cause);
    }
}
