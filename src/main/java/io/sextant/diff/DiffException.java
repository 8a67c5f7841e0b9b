package io.sextant.diff;

/**
 * A resource could not be compared: its input is out of bounds (too deep, too large) or an ignore
 * rule could not finish (a jq expression ran past its time limit). The message names what went wrong
 * and, for rules, which rule; it never quotes a field value, so it is safe to put in an
 * Application's conditions, an event or a log even when the resource is a Secret.
 */
public class DiffException extends RuntimeException {

    public DiffException(String message) {
        super(message);
    }
}
